// Analysis highlights drawn over the editor's text as ProseMirror decorations: they never
// enter the document, the undo history or a save, and they follow edits until the next analysis.
import { Extension } from "@tiptap/react";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

export const highlightKey = new PluginKey("writersHighlights");

export const Highlights = Extension.create({
  name: "writersHighlights",
  addProseMirrorPlugins() {
    return [new Plugin({
      key: highlightKey,
      state: {
        init: () => DecorationSet.empty,
        apply(tr, set) {
          const replaced = tr.getMeta(highlightKey);
          return replaced !== undefined ? replaced : set.map(tr.mapping, tr.doc);
        },
      },
      props: { decorations: (state) => highlightKey.getState(state) },
    })];
  },
});

// items: [{block, offset, length, kind}], offsets in the block's text as the server counts it.
export function showHighlights(editor, items, posAtTextOffset) {
  const { state } = editor;
  const starts = [];
  let pos = 0;
  state.doc.forEach((node) => { starts.push(pos); pos += node.nodeSize; });
  const decorations = [];
  for (const item of items || []) {
    if (item.block >= state.doc.childCount) continue;
    const block = state.doc.child(item.block);
    const from = posAtTextOffset(block, starts[item.block], item.offset);
    const to = posAtTextOffset(block, starts[item.block], item.offset + item.length);
    if (from === null || to === null || to <= from) continue;
    decorations.push(Decoration.inline(from, to, { class: `hl-${item.kind}`, "data-hl": item.kind }));
  }
  const set = DecorationSet.create(state.doc, decorations);
  editor.view.dispatch(state.tr.setMeta(highlightKey, set).setMeta("addToHistory", false));
}
