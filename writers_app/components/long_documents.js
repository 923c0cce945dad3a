// Long manuscripts stay fast to type in: Chromium's own cost per key grows with the size of one
// contenteditable (45-78 ms at 200,000 words), so blocks far from the caret skip layout and
// paint (`content-visibility: auto` on `.we-long > *`, see styles.css). Skipped blocks confuse
// the browser's caret movement (Ctrl+End stops short, Ctrl+Home/End do nothing in RTL, ArrowDown
// jumps), so the blocks around the selection are exempted (class `we-near`) and
// Ctrl/Cmd+Home/End are handled here instead of by the browser.
import { Extension } from "@tiptap/react";
import { Plugin, PluginKey, Selection, TextSelection } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

export const LONG_DOCUMENT_BLOCKS = 150; // below this the browser is fast enough on its own
// Blocks on each side of the selection's ends that are always laid out. The window moves only
// once an end of the selection is more than STEADY blocks from where it was centred, so moving the
// caret between neighbours never flips a block between skipped and laid out (for a frame after
// such a flip Chromium treats the block as skipped, and the caret can land in the wrong place).
const NEAR = 6;
const STEADY = 3;

const nearKey = new PluginKey("writersNearSelection");

function selectionBlocks(doc, selection) {
  return [doc.resolve(selection.from).index(0), doc.resolve(selection.to).index(0)];
}

function nearState(doc, centres) {
  if (doc.childCount < LONG_DOCUMENT_BLOCKS) return { centres: null, set: DecorationSet.empty };
  const wanted = new Set();
  for (const centre of centres) {
    for (let i = Math.max(0, centre - NEAR); i <= Math.min(doc.childCount - 1, centre + NEAR); i++) wanted.add(i);
  }
  const last = Math.max(...wanted);
  const decorations = [];
  for (let i = 0, pos = 0; i <= last; i++) {
    const node = doc.child(i);
    if (wanted.has(i)) decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: "we-near" }));
    pos += node.nodeSize;
  }
  return { centres, set: DecorationSet.create(doc, decorations) };
}

function nextNearState(value, tr, state) {
  const { doc } = state;
  if (doc.childCount < LONG_DOCUMENT_BLOCKS) return value.centres ? nearState(doc, []) : value;
  const blocks = selectionBlocks(doc, state.selection);
  const steady = value.centres && blocks.every((b, i) => Math.abs(b - value.centres[i]) <= STEADY);
  if (steady && !tr.docChanged) return value;
  return nearState(doc, steady ? value.centres : blocks);
}

function moveTo(where, extend) {
  return ({ editor }) => {
    const { state, view } = editor;
    const target = where === "start" ? Selection.atStart(state.doc) : Selection.atEnd(state.doc);
    const selection = extend ? TextSelection.create(state.doc, state.selection.anchor, target.head) : target;
    view.dispatch(state.tr.setSelection(selection).scrollIntoView());
    // The blocks scrolled past had estimated heights; once laid out, scroll to the caret again.
    requestAnimationFrame(() => {
      if (!view.isDestroyed) view.dispatch(view.state.tr.scrollIntoView());
    });
    return true;
  };
}

export const LongDocuments = Extension.create({
  name: "writersLongDocuments",
  addKeyboardShortcuts() {
    return {
      "Mod-Home": moveTo("start", false),
      "Mod-End": moveTo("end", false),
      "Shift-Mod-Home": moveTo("start", true),
      "Shift-Mod-End": moveTo("end", true),
    };
  },
  addProseMirrorPlugins() {
    return [new Plugin({
      key: nearKey,
      state: {
        init: (_config, state) => nearState(state.doc, selectionBlocks(state.doc, state.selection)),
        apply: (tr, value, _old, state) => (tr.docChanged || tr.selectionSet ? nextNearState(value, tr, state) : value),
      },
      props: {
        decorations: (state) => nearKey.getState(state).set,
        attributes: (state) => (state.doc.childCount >= LONG_DOCUMENT_BLOCKS ? { class: "we-long" } : {}),
      },
    })];
  },
});
