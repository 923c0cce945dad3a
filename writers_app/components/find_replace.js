// Find and replace in the editor. Matches are ProseMirror decorations (never in the document,
// the undo history or a save). While the bar is closed the plugin does nothing per keystroke;
// while it is open an edit only maps the matches, and they are searched again after a pause,
// each unchanged block's matches coming from a cache keyed by the block node (nodes are
// immutable, so only edited blocks are searched again). Replacing is an ordinary edit: it is
// saved like typing, and "replace all" is one transaction (one step per block), undone by one
// Ctrl+Z.
import { Extension } from "@tiptap/react";
import { Fragment } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { closeHistory } from "@tiptap/pm/history";
import { compileQuery, expandReplacement, findInText } from "./find_fold.js";

export const findKey = new PluginKey("writersFind");
const SEARCH_AGAIN_MS = 300; // after a pause in editing while the bar is open
const PREFILL_MAX = 200; // a selection longer than this is not offered as the query

const CLOSED = {
  active: false, replace: false, query: "", error: null, compiled: null, matches: [], current: -1,
  origin: 0, stale: false, set: DecorationSet.empty, replaced: null, opened: 0, focus: "find",
  options: { caseSensitive: false, wholeWord: false, regex: false, persian: true },
};

// textblock node -> {compiled, hits: [{from, to, hit}]} with positions relative to the block
const blockCache = new WeakMap();

// A textblock's text; inline nodes that are not text (a hard break) stand as a line break so no
// match runs across them.
function blockText(block) {
  let text = "";
  block.forEach((child) => { text += child.isText ? child.text : "\n"; });
  return text;
}

// The position (relative to the block) of each character of blockText: only for blocks with a match.
function blockPositions(block) {
  const at = [];
  block.forEach((child, offset) => {
    const size = child.isText ? child.text.length : 1;
    for (let i = 0; i < size; i++) at.push(1 + offset + i);
  });
  return at;
}

function blockHits(block, compiled) {
  let cached = blockCache.get(block);
  if (!cached || cached.compiled !== compiled) {
    const found = findInText(blockText(block), compiled);
    const at = found.length ? blockPositions(block) : null;
    const hits = found.map((hit) => ({ from: at[hit.start], to: at[hit.end - 1] + 1, hit }));
    cached = { compiled, hits };
    blockCache.set(block, cached);
  }
  return cached.hits;
}

export function searchDoc(doc, compiled) {
  const matches = [];
  if (!compiled || compiled.error) return matches;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    for (const h of blockHits(node, compiled)) matches.push({ from: pos + h.from, to: pos + h.to, hit: h.hit });
    return false;
  });
  return matches;
}

function firstFrom(matches, pos) {
  if (!matches.length) return -1;
  const i = matches.findIndex((m) => m.from >= pos);
  return i < 0 ? 0 : i;
}

function sameRanges(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].from !== b[i].from || a[i].to !== b[i].to) return false;
  return true;
}

function decorate(doc, matches) {
  return DecorationSet.create(doc, matches.map((m) => Decoration.inline(m.from, m.to, { class: "we-find-match" })));
}

// meta: {open, focus, replace, close, query, options, recompute, current, after, replaced}
function nextState(value, meta, state) {
  if (meta.close) return { ...CLOSED, query: value.query, options: value.options, replace: value.replace, opened: value.opened };
  const next = { ...value, replaced: meta.replaced ?? null };
  if (meta.open) {
    next.active = true;
    next.origin = state.selection.from;
    next.opened = (value.opened || 0) + 1; // the bar focuses a field on each opening
    next.focus = meta.focus || "find";
  }
  if (meta.replace !== undefined) next.replace = meta.replace;
  if (meta.query !== undefined) next.query = meta.query;
  if (meta.options) next.options = { ...value.options, ...meta.options };
  if (!next.active) return next;
  const recompile = meta.open || meta.query !== undefined || meta.options;
  if (recompile) {
    next.compiled = compileQuery(next.query, next.options);
    next.error = next.compiled && next.compiled.error ? next.compiled.error : null;
  }
  if (recompile || meta.recompute) {
    const before = value.current >= 0 && value.matches[value.current] ? value.matches[value.current].from : next.origin;
    const matches = searchDoc(state.doc, next.compiled);
    // After an edit the mapped decorations usually still hold: rebuilding thousands costs more.
    const unchanged = !recompile && sameRanges(matches, value.matches);
    next.matches = matches;
    next.set = unchanged ? value.set : decorate(state.doc, matches);
    next.stale = false;
    next.current = firstFrom(next.matches, meta.after ?? (recompile ? next.origin : before));
  }
  if (meta.current !== undefined && next.matches.length) next.current = meta.current;
  return next;
}

function mapped(value, tr) {
  const matches = [];
  for (const m of value.matches) {
    const from = tr.mapping.map(m.from, 1);
    const to = tr.mapping.map(m.to, -1);
    if (to > from) matches.push({ from, to, hit: m.hit });
  }
  const current = Math.min(value.current, matches.length - 1);
  return { ...value, matches, current, set: value.set.map(tr.mapping, tr.doc), stale: true, replaced: null };
}

// The current match drawn apart from the others; computed once per plugin state.
const drawn = new WeakMap();
function decorations(state) {
  const value = findKey.getState(state);
  if (!value.active || !value.matches.length) return null;
  let set = drawn.get(value);
  if (!set) {
    set = value.set;
    const m = value.matches[value.current];
    if (m) {
      set = set.remove(set.find(m.from, m.to, () => true).filter((d) => d.from === m.from && d.to === m.to));
      set = set.add(state.doc, [Decoration.inline(m.from, m.to, { class: "we-find-match we-find-current" })]);
    }
    drawn.set(value, set);
  }
  return set;
}

export const FindReplace = Extension.create({
  name: "writersFindReplace",
  addProseMirrorPlugins() {
    return [new Plugin({
      key: findKey,
      state: {
        init: () => CLOSED,
        apply(tr, value, _old, state) {
          const meta = tr.getMeta(findKey);
          if (meta) return nextState(tr.docChanged && value.active ? mapped(value, tr) : value, meta, state);
          if (!value.active || !tr.docChanged) return value;
          return mapped(value, tr);
        },
      },
      props: { decorations },
      view() {
        let timer = null;
        return {
          // Each edit postpones the search again: while someone types, nothing is searched.
          update(view, prev) {
            const value = findKey.getState(view.state);
            if (!value.stale || (timer && view.state.doc === prev.doc)) return;
            clearTimeout(timer);
            timer = setTimeout(() => {
              timer = null;
              if (!view.isDestroyed && findKey.getState(view.state).stale) {
                view.dispatch(view.state.tr.setMeta(findKey, { recompute: true }));
              }
            }, SEARCH_AGAIN_MS);
          },
          destroy() { clearTimeout(timer); },
        };
      },
    })];
  },
});

export function findState(editor) {
  return editor ? findKey.getState(editor.state) : CLOSED;
}

// The current match selected (so Escape leaves it selected) and scrolled to the middle of the
// screen, clear of the sticky toolbar; once more a frame later, after skipped blocks are laid out.
function showCurrent(view) {
  const value = findKey.getState(view.state);
  const m = value.matches[value.current];
  if (!m) return;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, m.from, m.to)));
  const scroll = () => {
    const el = !view.isDestroyed && view.dom.querySelector(".we-find-current");
    if (el) el.scrollIntoView({ block: "center", inline: "nearest" });
  };
  requestAnimationFrame(() => { scroll(); requestAnimationFrame(scroll); });
}

function send(editor, meta, show = true) {
  if (!editor || editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(findKey, meta));
  if (show) showCurrent(editor.view);
}

export function openFind(editor, { replace = false } = {}) {
  if (!editor) return;
  const { from, to, empty } = editor.state.selection;
  // A short selection is what to look for, unless the bar is open already (then it is the match).
  const selected = empty || findState(editor).active ? "" : editor.state.doc.textBetween(from, to, "\n");
  let query = selected && selected.length <= PREFILL_MAX && !selected.includes("\n") ? selected : undefined;
  if (query && findState(editor).options.regex) query = query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  send(editor, { open: true, replace: replace || findState(editor).replace, focus: replace ? "replace" : "find", query },
    query !== undefined);
}

export function closeFind(editor) {
  if (!editor) return;
  send(editor, { close: true }, false);
  editor.commands.focus();
}

export function setFind(editor, { query, options, replace }) {
  send(editor, { query, options, replace }, query !== undefined || options !== undefined);
}

export function findStep(editor, step) {
  const value = findState(editor);
  if (!value.active) return;
  if (value.stale) send(editor, { recompute: true }, false);
  const { matches, current } = findState(editor);
  if (!matches.length) return;
  send(editor, { current: (current + step + matches.length) % matches.length });
}

// The matches as they are now (a pending search after edits is done first).
function freshMatches(editor) {
  const value = findState(editor);
  if (!value.active || !value.compiled || value.compiled.error) return [];
  if (value.stale) send(editor, { recompute: true }, false);
  return findState(editor).matches;
}

function replaceIn(tr, m, text) {
  if (!text) return tr.delete(m.from, m.to);
  const $from = tr.doc.resolve(m.from);
  const marks = $from.marksAcross(tr.doc.resolve(m.to)) || $from.marks();
  return tr.replaceWith(m.from, m.to, tr.doc.type.schema.text(text, marks));
}

export function replaceCurrent(editor, template) {
  const matches = freshMatches(editor);
  const value = findState(editor);
  const m = matches[value.current];
  if (!m) return 0;
  const text = expandReplacement(template, m.hit, value.compiled.regex);
  const tr = closeHistory(replaceIn(editor.state.tr, m, text));
  editor.view.dispatch(tr.setMeta(findKey, { recompute: true, after: m.from + text.length, replaced: 1 }));
  showCurrent(editor.view);
  return 1;
}

// A textblock's content with its matches (positions relative to the block) replaced: built on
// the block alone, so a replace all costs one step per block, not one per match.
function replacedContent(block, hits, texts) {
  const parts = [];
  let at = 1;
  hits.forEach((h, i) => {
    if (h.from > at) parts.push(block.slice(at - 1, h.from - 1).content);
    if (texts[i]) {
      const $from = block.resolve(h.from - 1);
      const marks = $from.marksAcross(block.resolve(h.to - 1)) || $from.marks();
      parts.push(Fragment.from(block.type.schema.text(texts[i], marks)));
    }
    at = h.to;
  });
  if (at - 1 < block.content.size) parts.push(block.slice(at - 1).content);
  return parts.reduce((all, part) => all.append(part), Fragment.empty);
}

export function replaceAll(editor, template) {
  const matches = freshMatches(editor);
  if (!matches.length) return 0;
  const { regex } = findState(editor).compiled;
  const { doc } = editor.state;
  const blocks = []; // [{pos, node, hits, texts}] in document order
  let i = 0;
  doc.descendants((node, pos) => {
    if (i >= matches.length) return false;
    if (!node.isTextblock) return pos + node.nodeSize > matches[i].from;
    const end = pos + node.nodeSize;
    const block = { pos, node, hits: [], texts: [] };
    while (i < matches.length && matches[i].to <= end) {
      const m = matches[i++];
      block.hits.push({ from: m.from - pos, to: m.to - pos });
      block.texts.push(expandReplacement(template, m.hit, regex));
    }
    if (block.hits.length) blocks.push(block);
    return false;
  });
  const tr = editor.state.tr;
  for (let b = blocks.length - 1; b >= 0; b--) {
    const { pos, node, hits, texts } = blocks[b];
    tr.replaceWith(pos + 1, pos + node.nodeSize - 1, replacedContent(node, hits, texts));
  }
  editor.view.dispatch(closeHistory(tr).setMeta(findKey, { recompute: true, replaced: matches.length }));
  return matches.length;
}
