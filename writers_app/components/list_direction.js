// A list reads in the direction of its own text, not the page's. TipTap gives every node
// dir="auto", and "auto" skips children that carry a dir of their own, so a list's direction
// fell back to the page: a Persian list in the English interface put its markers on the left,
// an English list in the Persian one on the right. Each list without a direction the writer chose
// gets the direction of its first strong letter, as a decoration (never saved in the text); so
// does each item, whose marker goes on the side its own text starts.
import { Extension } from "@tiptap/react";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

const LISTS = new Set(["bulletList", "orderedList"]);
const STRONG = /[\p{L}]/u;
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;
const key = new PluginKey("writersListDirection");

export function strongDirection(text) {
  const match = STRONG.exec(text);
  return match ? (RTL.test(match[0]) ? "rtl" : "ltr") : null;
}

function listDecorations(doc) {
  const decorations = [];
  doc.descendants((node, pos) => {
    if (node.type.name === "listItem") {
      // The item's marker sits on its own side: an item's dir="auto" skips its paragraph (which
      // has a dir of its own) and would fall back to left-to-right, the marker on the far left.
      const dir = strongDirection(node.textContent);
      if (dir) decorations.push(Decoration.node(pos, pos + node.nodeSize, { dir }));
      return true;
    }
    if (!LISTS.has(node.type.name)) return node.type.name === "blockquote";
    const chosen = node.attrs.dir && node.attrs.dir !== "auto";
    const dir = chosen ? null : strongDirection(node.textContent);
    if (dir) decorations.push(Decoration.node(pos, pos + node.nodeSize, { dir }));
    return true; // nested lists have their own first letter
  });
  return DecorationSet.create(doc, decorations);
}

export const ListDirection = Extension.create({
  name: "writersListDirection",
  addProseMirrorPlugins() {
    return [new Plugin({
      key,
      state: {
        init: (_config, state) => listDecorations(state.doc),
        apply: (tr, value) => (tr.docChanged ? listDecorations(tr.doc) : value),
      },
      props: { decorations: (state) => key.getState(state) },
    })];
  },
});
