// Find and replace in the editor. Matches are ProseMirror decorations (never in the document,
// the undo history or a save). While the bar is closed the plugin does nothing per keystroke;
// while it is open an edit only maps the matches, and they are searched again after a pause,
// each unchanged block's matches coming from a cache keyed by the block node (nodes are
// immutable, so only edited blocks are searched again). Replacing is an ordinary edit: it is
// saved like typing, and "replace all" is one transaction, undone by one Ctrl+Z.
import { Extension } from "@tiptap/react";
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { closeHistory } from "@tiptap/pm/history";
import { compileQuery, expandReplacement, findInText } from "./find_fold.js";

export const findKey = new PluginKey("writersFind");
const SEARCH_AGAIN_MS = 200; // after edits while the bar is open
const PREFILL_MAX = 200; // a selection longer than this is not offered as the query

const CLOSED = {
  active: false, replace: false, query: "", error: null, compiled: null, matches: [], current: -1,
  origin: 0, stale: false, set: DecorationSet.empty, replaced: null, opened: 0, focus: "find",
  options: { caseSensitive: false, wholeWord: false, regex: false, persian: true },
};

// textblock node -> {compiled, hits: [{from, to, hit}]} with positions relative to the block
const blockCache = new WeakMap();

// A textblock's text with the position (relative to the block) of each character; inline nodes
// that are not text (a hard break) stand as a line break so no match runs across them.
function blockText(block) {
  let text = "";
  const at = [];
  block.forEach((child, offset) => {
    if (child.isText) {
      text += child.text;
      for (let i = 0; i < child.text.length; i++) at.push(1 + offset + i);
    } else {
      text += "\n";
      at.push(1 + offset);
    }
  });
  return { text, at };
}

function blockHits(block, compiled) {
  let cached = blockCache.get(block);
  if (!cached || cached.compiled !== compiled) {
    const { text, at } = blockText(block);
    const hits = findInText(text, compiled).map((hit) => ({ from: at[hit.start], to: at[hit.end - 1] + 1, hit }));
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
    next.matches = searchDoc(state.doc, next.compiled);
    next.set = decorate(state.doc, next.matches);
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
          update(view) {
            if (timer || !findKey.getState(view.state).stale) return;
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

export function replaceAll(editor, template) {
  const matches = freshMatches(editor);
  if (!matches.length) return 0;
  const { regex } = findState(editor).compiled;
  let tr = editor.state.tr;
  for (let i = matches.length - 1; i >= 0; i--) {
    tr = replaceIn(tr, matches[i], expandReplacement(template, matches[i].hit, regex));
  }
  editor.view.dispatch(closeHistory(tr).setMeta(findKey, { recompute: true, replaced: matches.length }));
  return matches.length;
}
