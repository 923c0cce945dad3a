// The outline: the document's headings (h1-h3) in a panel that jumps to one and marks the one the
// caret (or, while scrolling, the top of the window) is in. Built to cost nothing per key on a
// 200,000-word manuscript: the heading list is kept in plugin state and updated from the range of
// top-level blocks a transaction touched (unchanged blocks are the same node objects), so typing in
// a paragraph costs one comparison of a few dozen numbers; the panel re-renders only when a
// heading's text or level changed; the current heading is found once per animation frame by a
// binary search over the headings, never by a scan of the document.
import React, { useEffect, useRef, useState } from "react";
import { Extension } from "@tiptap/react";
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";

export const outlineKey = new PluginKey("writersOutline");
const MAX_LEVEL = 3;
const STORAGE_KEY = "writers-outline-open"; // the writer's choice, not text: kept in this browser
const h = React.createElement;

function entry(node, index) {
  if (node.type.name !== "heading" || node.attrs.level > MAX_LEVEL) return null;
  return { node, index, level: node.attrs.level, text: node.textContent };
}

function scan(doc, from, to, out) {
  for (let i = from; i <= to; i++) {
    const item = entry(doc.child(i), i);
    if (item) out.push(item);
  }
  return out;
}

// The top-level blocks that differ between `before` and `after`, by node identity:
// [start, endBefore] were replaced by [start, endAfter].
function identityDiff(before, after) {
  let start = 0;
  const min = Math.min(before.childCount, after.childCount);
  while (start < min && before.child(start) === after.child(start)) start++;
  let endBefore = before.childCount - 1;
  let endAfter = after.childCount - 1;
  while (endBefore >= start && endAfter >= start && before.child(endBefore) === after.child(endAfter)) {
    endBefore--;
    endAfter--;
  }
  return { start, endBefore, endAfter };
}

// The same range from the transaction's step maps (no walk over the document); checked against the
// blocks just outside it, and found by identity instead if that check fails.
function changedRange(tr, before, after) {
  let from = Infinity;
  let to = -Infinity;
  const maps = tr.mapping.maps;
  for (let i = 0; i < maps.length; i++) {
    const rest = tr.mapping.slice(i + 1);
    maps[i].forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      from = Math.min(from, rest.map(newStart, -1));
      to = Math.max(to, rest.map(newEnd, 1));
    });
  }
  if (from === Infinity || after.childCount === 0) return identityDiff(before, after);
  const last = after.childCount - 1;
  const size = after.content.size;
  const start = Math.min(last, after.resolve(Math.max(0, Math.min(from, size))).index(0));
  const endAfter = Math.min(last, after.resolve(Math.max(0, Math.min(to, size))).index(0));
  const endBefore = endAfter - (after.childCount - before.childCount);
  const sameBefore = start === 0 || (start - 1 < before.childCount && before.child(start - 1) === after.child(start - 1));
  const sameAfter = endAfter === last || (endBefore + 1 >= 0 && endBefore + 1 < before.childCount &&
    before.child(endBefore + 1) === after.child(endAfter + 1));
  if (!sameBefore || !sameAfter || endBefore < start - 1 || endBefore >= before.childCount) {
    return identityDiff(before, after);
  }
  return { start, endBefore, endAfter };
}

function initial(doc) {
  return { headings: doc.childCount ? scan(doc, 0, doc.childCount - 1, []) : [], version: 0 };
}

function next(value, tr, before, after) {
  const { start, endBefore, endAfter } = changedRange(tr, before, after);
  const delta = after.childCount - before.childCount;
  let touched = false;
  for (const item of value.headings) {
    if (item.index >= start && item.index <= endBefore) { touched = true; break; }
  }
  for (let i = start; !touched && i <= endAfter; i++) touched = entry(after.child(i), i) !== null;
  if (!touched && delta === 0) return value; // typing in a paragraph: nothing to do
  const headings = [];
  for (const item of value.headings) if (item.index < start) headings.push(item);
  if (touched) scan(after, start, endAfter, headings);
  for (const item of value.headings) {
    if (item.index > endBefore) headings.push(delta ? { ...item, index: item.index + delta } : item);
  }
  // `version` moves only when what the panel shows (text, level, which headings) may have changed.
  return { headings, version: touched ? value.version + 1 : value.version };
}

// The position in `headings` of the last heading at or before top-level block `block`, or -1.
export function headingBefore(headings, block) {
  let lo = 0;
  let hi = headings.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (headings[mid].index <= block) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

export const Outline = Extension.create({
  name: "writersOutline",
  addStorage() {
    return { listeners: new Set(), toggle: null };
  },
  addKeyboardShortcuts() {
    return { "Alt-Shift-o": () => { if (this.storage.toggle) this.storage.toggle(); return true; } };
  },
  addProseMirrorPlugins() {
    const listeners = this.storage.listeners;
    return [new Plugin({
      key: outlineKey,
      state: {
        init: (_config, state) => initial(state.doc),
        apply: (tr, value, old, state) => (tr.docChanged ? next(value, tr, old.doc, state.doc) : value),
      },
      view: () => ({
        update: (view, previous) => {
          if (!listeners.size) return;
          const changed = outlineKey.getState(view.state) !== outlineKey.getState(previous);
          if (changed || !view.state.selection.eq(previous.selection)) listeners.forEach((fn) => fn("caret"));
        },
      }),
    })];
  },
});

function caretBlock(state) {
  return state.doc.childCount ? state.doc.resolve(state.selection.head).index(0) : 0;
}

// The block at a line a quarter of the way down the visible part of the editor.
function viewportBlock(view) {
  const rect = view.dom.getBoundingClientRect();
  const toolbar = view.dom.closest(".writers-editor")?.querySelector(".we-toolbar");
  const top = Math.max(rect.top, toolbar ? toolbar.getBoundingClientRect().bottom : 0);
  const bottom = Math.min(rect.bottom, window.innerHeight);
  if (bottom <= top) return rect.top > 0 ? 0 : view.state.doc.childCount - 1;
  const hit = view.posAtCoords({ left: rect.left + rect.width / 2, top: top + (bottom - top) / 4 });
  return hit ? view.state.doc.resolve(hit.pos).index(0) : null;
}

function caretInView(view) {
  if (!view.hasFocus()) return false;
  const coords = view.coordsAtPos(view.state.selection.head);
  return coords.bottom > 0 && coords.top < window.innerHeight;
}

function positionOf(doc, index) {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos;
}

export function jumpTo(editor, item) {
  const { view } = editor;
  const { doc } = view.state;
  if (item.index >= doc.childCount || doc.child(item.index) !== item.node) return;
  const pos = positionOf(doc, item.index);
  view.focus();
  view.dispatch(view.state.tr.setSelection(TextSelection.create(doc, pos + 1)));
  const scroll = () => {
    const dom = !view.isDestroyed && view.nodeDOM(pos);
    if (dom && dom.scrollIntoView) dom.scrollIntoView({ block: "start" });
  };
  scroll();
  // The blocks scrolled past had estimated heights (content-visibility): once laid out, again.
  requestAnimationFrame(() => requestAnimationFrame(scroll));
}

// The panel's open/closed state, remembered in this browser, and the editor's Alt+Shift+O.
export function useOutlineToggle(editor) {
  const [open, setOpen] = useState(() => {
    try { return window.localStorage.getItem(STORAGE_KEY) === "1"; } catch (e) { return false; }
  });
  const toggle = () => setOpen((was) => {
    try { window.localStorage.setItem(STORAGE_KEY, was ? "0" : "1"); } catch (e) { /* private mode */ }
    return !was;
  });
  useEffect(() => {
    if (!editor) return undefined;
    const storage = editor.storage.writersOutline;
    storage.toggle = toggle;
    return () => { storage.toggle = null; };
  }, [editor]);
  return [open, toggle];
}

export function OutlinePanel({ editor, labels }) {
  const tr = (key) => (labels && labels[`editor.${key}`]) || key;
  const [, setVersion] = useState(-1); // re-renders when the headings shown change
  const [current, setCurrent] = useState(-1);
  const frame = useRef({ id: 0, mode: "caret", block: -1, headings: null });

  useEffect(() => {
    if (!editor) return undefined;
    const f = frame.current;
    const update = () => {
      f.id = 0;
      const { view } = editor;
      if (view.isDestroyed) return;
      const value = outlineKey.getState(view.state);
      setVersion(value.version);
      const block = f.mode === "caret" || caretInView(view) ? caretBlock(view.state) : viewportBlock(view);
      if (block === null) return;
      if (block === f.block && value.headings === f.headings) return;
      f.block = block;
      f.headings = value.headings;
      setCurrent(headingBefore(value.headings, block));
    };
    const schedule = (mode) => {
      if (mode === "caret" && !f.id) {
        // Typing within one block moves neither the list nor the current heading: no frame at all.
        const value = outlineKey.getState(editor.state);
        if (value.headings === f.headings && caretBlock(editor.state) === f.block) return;
      }
      f.mode = mode;
      if (!f.id) f.id = requestAnimationFrame(update);
    };
    const onScroll = () => schedule("scroll");
    const onCaret = () => schedule("caret");
    editor.storage.writersOutline.listeners.add(onCaret);
    window.addEventListener("scroll", onScroll, { passive: true });
    f.block = -1;
    schedule("caret");
    return () => {
      editor.storage.writersOutline.listeners.delete(onCaret);
      window.removeEventListener("scroll", onScroll);
      if (f.id) cancelAnimationFrame(f.id);
      f.id = 0;
    };
  }, [editor]);

  const headings = editor ? outlineKey.getState(editor.state).headings : [];
  const items = headings.map((item, i) => h("li", { key: i },
    h("button", {
      type: "button",
      className: `we-outline-item we-level-${item.level}${i === current ? " we-outline-current" : ""}`,
      "aria-current": i === current ? "location" : undefined,
      "data-level": item.level,
      onMouseDown: (e) => e.preventDefault(),
      onClick: () => { const now = outlineKey.getState(editor.state).headings[i]; if (now) jumpTo(editor, now); },
    }, h("span", { dir: "auto" }, item.text || tr("outline_untitled")))));
  return h("nav", { className: "we-outline", id: "outline-panel", "aria-label": tr("outline") },
    h("div", { className: "we-outline-title" }, tr("outline")),
    headings.length ? h("ol", { className: "we-outline-list" }, items)
      : h("p", { className: "we-outline-empty", id: "outline-empty" }, tr("outline_empty")));
}
