// The Writers editor: TipTap wrapped for Reflex. It loads the body over HTTP (so no
// manuscript sits in server-side state), sends block deltas to the `onSave` Reflex handler,
// and shows "Saved" only once the server acknowledged that exact save. Unconfirmed text is
// kept in localStorage (text only, never a credential) and offered back after a reload.
import React, { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { DOMSerializer } from "@tiptap/pm/model";
// Reflex's own rx.icon is lucide-react, already in the build: the toolbar uses the same set.
import {
  ArrowRightLeft, Bold, Heading1, Heading2, Heading3, Italic, Link, List, ListOrdered, ListTree, Maximize2, Minimize2,
  PilcrowLeft, PilcrowRight, Quote, Redo2, Search, SpellCheck, Undo2,
} from "lucide-react";
import { Highlights, showHighlights } from "./highlights.js";
import { ListDirection } from "./list_direction.js";
import { LongDocuments } from "./long_documents.js";
import { Spelling, setSpelling, spellingStored } from "./spelling.js";
import { Outline, OutlinePanel, useOutlineToggle } from "./outline.js";
import { FindReplace, openFind } from "./find_replace.js";
import { FindBar } from "./find_bar.jsx";
import { useFocusMode } from "./focus_mode.js";
import { Typewriter } from "./typewriter.js";

const DEBOUNCE_MS = 1000; // save after a pause in typing...
// ...and while typing without pause, this long after the first unsaved edit: with the time an
// acknowledgement takes, a save is stored at least every 10 s.
const MAX_WAIT_MS = 8000;
// No answer (the socket dropped, or the server's Redis is down and the event was lost): say so
// ("offline: kept in this browser") and resend the same save (the server dedupes by id) after
// 5 s, then after 10 and 15 s, and every 15 s from then on.
const ACK_FIRST_WAIT_MS = 5000;
const ACK_TIMEOUT_MS = 15000;
// "editor.retry": the database did not answer and nothing was stored. The same save (same id) is
// sent again after 1, 2, 4, 8 s, then every 10 s, showing "retrying" until it is acknowledged.
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 10000;
const COUNT_DELAY_MS = 250; // the live count follows typing after a short pause, never per key
// The service refuses a body over this (services/tasks.py MAX_BODY_BYTES; a unit test keeps them
// equal). Refusing it here too tells the writer at once, and the websocket (20 MB frames,
// rxconfig.py) never gets a frame so large that it would close without a word.
const MAX_SAVE_BYTES = 16 * 1024 * 1024;
// The same rules as writers_app/analysis/text.py (count_words): Persian words joined by ZWNJ
// and words with diacritics count once, so do "3.5", "e.g." and a whole URL or e-mail address.
const W = "\\p{L}\\p{N}_\\u064B-\\u065F\\u0670";
// Persian letters as analysis/text.py's PERSIAN_LETTERS; a run joined by one or more ZWNJ, a
// soft hyphen or «¬» is one word, and so is a dotted abbreviation («ق.م.»، "e.g.").
const FA = "\\u0620-\\u064A\\u066E-\\u066F\\u0671-\\u06D3\\u06D5\\u06EE-\\u06EF\\u06FA-\\u06FF\\uFB50-\\uFDFF\\uFE70-\\uFEFC";
const WORD = new RegExp(
  "\\p{Nd}+(?:[.,\\u066B\\u066C:/]\\p{Nd}+)+" +
  "|[A-Za-z](?:\\.[A-Za-z])+(?![A-Za-z])" +
  `|[${FA}](?:\\.[${FA}])+(?![${W}])` +
  `|[${W}]+(?:(?:\\u200c+|[\\u00ad\\u00ac\\u2019'\\-])[${W}]+)*`, "gu");
const PROTECTED = new RegExp(
  "```[\\s\\S]*?(?:```|$)" +
  "|`[^`\\n]+`" +
  "|(?:https?://|ftp://|www\\.)[^\\s<>\"«»]*[^\\s<>\"«».,;:!?،؛؟)\\]'’]" +
  "|(?<![A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}", "gu");

function countWords(text) {
  const masked = text.replace(PROTECTED, (m) => m.replace(/\S/gu, "_"));
  return (masked.match(WORD) || []).length;
}

const htmlCache = new WeakMap(); // ProseMirror node -> its HTML (nodes are immutable)
const countCache = new WeakMap(); // ProseMirror node -> {words, chars}

function newId() {
  return (crypto.randomUUID && crypto.randomUUID()) ||
    `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function blockHtml(serializer, node) {
  let html = htmlCache.get(node);
  if (html === undefined) {
    const box = document.createElement("div");
    box.appendChild(serializer.serializeNode(node));
    html = box.innerHTML;
    htmlCache.set(node, html);
  }
  return html;
}

function blockCounts(node) {
  let counts = countCache.get(node);
  if (counts === undefined) {
    const text = node.textBetween(0, node.content.size, "\n", "\n");
    counts = { words: countWords(text), chars: node.textContent.length };
    countCache.set(node, counts);
  }
  return counts;
}

// Unchanged blocks are the same node objects, so a count after an edit rescans one block.
function countDoc(doc) {
  let words = 0;
  let chars = 0;
  doc.forEach((node) => {
    const counts = blockCounts(node);
    words += counts.words;
    chars += counts.chars;
  });
  return { words, chars };
}

function tooLarge(blocks) {
  let units = 0;
  for (const block of blocks) units += block.length;
  if (units * 3 <= MAX_SAVE_BYTES) return false; // UTF-8 takes at most 3 bytes per UTF-16 unit
  return new TextEncoder().encode(blocks.join("")).length > MAX_SAVE_BYTES;
}

function docHtml(serializer, doc) {
  const parts = [];
  doc.forEach((node) => parts.push(blockHtml(serializer, node)));
  return parts.join("");
}

// The changed range between the acknowledged document and the current one, found by node
// identity: ProseMirror keeps unchanged top-level nodes as the same objects.
function diffBlocks(before, after) {
  let start = 0;
  const minLen = Math.min(before.childCount, after.childCount);
  while (start < minLen && before.child(start) === after.child(start)) start++;
  let endBefore = before.childCount;
  let endAfter = after.childCount;
  while (endBefore > start && endAfter > start && before.child(endBefore - 1) === after.child(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  const nodes = [];
  for (let i = start; i < endAfter; i++) nodes.push(after.child(i));
  return { start, deleteCount: endBefore - start, nodes };
}

// The document position of a character offset in a block's text, counting text the way
// textBetween(…, "\n", "\n") does (a line between nested text blocks, one for a hard break).
function posAtTextOffset(block, blockPos, offset) {
  let count = 0;
  let result = null;
  let first = true;
  block.descendants((node, pos) => {
    if (result !== null) return false;
    if (node.isText) {
      if (offset <= count + node.text.length) {
        result = blockPos + 1 + pos + (offset - count);
        return false;
      }
      count += node.text.length;
    } else if (node.isTextblock) {
      if (!first) count += 1;
      first = false;
    } else if (node.type.name === "hardBreak") {
      count += 1;
    }
    return true;
  });
  return result;
}

// Apply suggested replacements as one ordinary (undoable, autosaved) edit; a suggestion whose
// text changed since the analysis is skipped rather than applied in the wrong place.
function applyFixes(editor, fixes) {
  const { state } = editor;
  const sorted = [...fixes].sort((a, b) => b.block - a.block || b.offset - a.offset);
  const starts = [];
  let pos = 0;
  state.doc.forEach((node) => { starts.push(pos); pos += node.nodeSize; });
  const tr = state.tr;
  let applied = 0;
  for (const fix of sorted) {
    if (fix.block >= state.doc.childCount) continue;
    const block = state.doc.child(fix.block);
    const from = posAtTextOffset(block, starts[fix.block], fix.offset);
    const to = posAtTextOffset(block, starts[fix.block], fix.offset + fix.original.length);
    if (from === null || to === null) continue;
    if (state.doc.textBetween(from, to, "\n", "\n") !== fix.original) continue;
    tr.insertText(fix.replacement, from, to);
    applied += 1;
  }
  if (applied) editor.view.dispatch(tr);
  return applied;
}

function backupKey(taskId) {
  return `writers-unsaved-${taskId}`;
}

const ICON = { size: 17, strokeWidth: 2, "aria-hidden": true };

function ToolbarButton({ label, onClick, active, disabled, children, id }) {
  return (
    <button type="button" className={`we-btn${active ? " we-active" : ""}`} title={label} aria-label={label}
      aria-pressed={active ? "true" : "false"} onMouseDown={(e) => e.preventDefault()} onClick={onClick}
      disabled={disabled} id={id}>
      {children}
    </button>
  );
}

export function WritersEditor({ taskId, loadUrl, ack, labels, lang, wordGoal, command, highlights, onSave, children }) {
  const fmt = (n) => n.toLocaleString(lang === "fa" ? "fa-IR" : "en-US");
  const tr = (key) => (labels && labels[`editor.${key}`]) || key;
  const [status, setStatus] = useState("loading"); // loading|saved|unsaved|saving|offline|retrying|conflict|too_large|error
  const [counts, setCounts] = useState({ words: 0, chars: 0 });
  const [backup, setBackup] = useState(null);
  const [spellOn, setSpellOn] = useState(spellingStored);
  const [ackedRevision, setAckedRevision] = useState(null); // shown as data-revision (tests, bench)
  const acked = useRef(null); // {doc, revision}
  const pending = useRef(null); // {payload, doc, sentAt}
  const timers = useRef({ debounce: null, maxWait: null, retry: null, backup: null, count: null });
  const saveAgain = useRef(false);
  const retries = useRef(0); // "editor.retry" answers in a row for the pending save
  const unanswered = useRef(0); // sends of the pending save that got no answer at all
  const explicitAgain = useRef(false);
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;
  // useEditor keeps the callbacks of its first render: they call the live ones through `api`.
  const api = useRef({});

  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false, autolink: true } }), Highlights, LongDocuments, ListDirection,
      Outline, FindReplace, Typewriter,
      Spelling.configure({ checkUrl: `/api/editor/tasks/${taskId}/spelling`, suggestUrl: `/api/editor/tasks/${taskId}/spelling/suggestions`,
        dictionaryUrl: "/api/editor/dictionary", posAtTextOffset, label: (key) => api.current.tr(key) })],
    textDirection: "auto",
    immediatelyRender: false,
    editable: false,
    editorProps: {
      attributes: { class: "we-content rich-text", "data-testid": "editor-content" }, // spellcheck: spelling.js
      handleKeyDown: (_view, event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
          event.preventDefault();
          api.current.saveNow(true);
          return true;
        }
        return false;
      },
    },
    onUpdate: ({ editor: ed, transaction }) => {
      if (!transaction.docChanged) return;
      api.current.scheduleCount();
      if (acked.current && ed.state.doc !== acked.current.doc) {
        setStatus((s) => (s === "conflict" || s === "too_large" ? s : "unsaved"));
        api.current.scheduleSave();
        api.current.scheduleBackup();
      }
    },
  });

  const [outlineOpen, toggleOutline] = useOutlineToggle(editor);
  const [focusMode, toggleFocus, leaveFocus] = useFocusMode(editor);
  const serializer = useMemo(() => (editor ? DOMSerializer.fromSchema(editor.schema) : null), [editor]);

  const writeBackup = useCallback(() => {
    if (!editor || !acked.current || !serializer) return;
    if (editor.state.doc === acked.current.doc) {
      localStorage.removeItem(backupKey(taskId));
      return;
    }
    try {
      localStorage.setItem(backupKey(taskId), JSON.stringify({
        html: docHtml(serializer, editor.state.doc), revision: acked.current.revision, at: Date.now(),
      }));
    } catch (e) {
      console.warn("could not keep a local copy", e);
    }
  }, [editor, serializer, taskId]);

  const scheduleCount = () => {
    clearTimeout(timers.current.count);
    timers.current.count = setTimeout(() => { if (editor) setCounts(countDoc(editor.state.doc)); }, COUNT_DELAY_MS);
  };

  const scheduleBackup = () => {
    clearTimeout(timers.current.backup);
    timers.current.backup = setTimeout(writeBackup, 300);
  };

  const send = (payload, doc) => {
    pending.current = { payload, doc, sentAt: Date.now() };
    setStatus(navigator.onLine === false ? "offline" : retries.current ? "retrying" : "saving");
    onSaveRef.current(payload);
    clearTimeout(timers.current.retry);
    const wait = Math.min(ACK_TIMEOUT_MS, ACK_FIRST_WAIT_MS * (unanswered.current + 1));
    timers.current.retry = setTimeout(() => {
      // No acknowledgement: keep the text, say so, resend the same save.
      if (pending.current && pending.current.payload.save_id === payload.save_id) {
        unanswered.current += 1;
        send(payload, doc);
        setStatus("offline");
      }
    }, wait);
  };

  const saveNow = (explicit = false, full = false) => {
    clearTimeout(timers.current.debounce);
    clearTimeout(timers.current.maxWait);
    timers.current.maxWait = null;
    if (!editor || !acked.current || !serializer) return;
    if (pending.current) {
      saveAgain.current = true;
      explicitAgain.current = explicitAgain.current || explicit;
      return;
    }
    const doc = editor.state.doc;
    const base = acked.current;
    if (doc === base.doc && !explicit && !full) return;
    let payload;
    if (full) {
      payload = { start: 0, delete_count: null, blocks: [docHtml(serializer, doc)], blocks_before: null };
    } else {
      const d = diffBlocks(base.doc, doc);
      payload = { start: d.start, delete_count: d.deleteCount, blocks: d.nodes.map((n) => blockHtml(serializer, n)),
        blocks_before: base.doc.childCount };
    }
    if (tooLarge(payload.blocks)) {
      setStatus("too_large");
      writeBackup();
      return;
    }
    send({ ...payload, task_id: taskId, save_id: newId(), base_revision: base.revision,
      blocks_after: full ? null : doc.childCount, explicit: !!explicit }, doc);
  };

  const scheduleSave = () => {
    clearTimeout(timers.current.debounce);
    timers.current.debounce = setTimeout(() => saveNow(false), DEBOUNCE_MS);
    if (!timers.current.maxWait) {
      timers.current.maxWait = setTimeout(() => saveNow(false), MAX_WAIT_MS);
    }
  };

  // The server's answer to a save: only numbers and an error key, never the text.
  useEffect(() => {
    const p = pending.current;
    if (!ack || !p || ack.save_id !== p.payload.save_id) return;
    clearTimeout(timers.current.retry);
    pending.current = null;
    unanswered.current = 0;
    if (ack.error === "editor.retry") {
      // Not stored (the database did not answer): keep it pending and send the very same save
      // again after a backoff; the server stores it once, however many times it arrives.
      pending.current = p;
      retries.current += 1;
      setStatus("retrying");
      writeBackup();
      const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (retries.current - 1));
      timers.current.retry = setTimeout(() => {
        if (pending.current === p) send(p.payload, p.doc);
      }, wait);
      return;
    }
    retries.current = 0;
    if (!ack.error) {
      acked.current = { doc: p.doc, revision: ack.revision };
      setAckedRevision(ack.revision);
      if (editor && editor.state.doc === p.doc) {
        setStatus("saved");
        localStorage.removeItem(backupKey(taskId));
      } else {
        setStatus("unsaved");
      }
      if (saveAgain.current) {
        const explicit = explicitAgain.current;
        saveAgain.current = false;
        explicitAgain.current = false;
        setTimeout(() => saveNow(explicit), 0);
      } else if (editor && editor.state.doc !== p.doc) {
        // Typed on during the save: the usual debounce and maximum wait apply (their timers were
        // armed by those edits), rather than one save per round trip while someone types.
        scheduleSave();
      }
    } else if (ack.error === "editor.resync") {
      saveNow(p.payload.explicit, true); // our block list and the server's disagree: send it all
    } else if (ack.error === "editor.conflict") {
      acked.current = { ...acked.current, serverRevision: ack.revision };
      setStatus("conflict");
      writeBackup();
    } else if (ack.error === "editor.too_large") {
      setStatus("too_large");
      writeBackup();
    } else {
      setStatus("error");
      writeBackup();
    }
  }, [ack]);

  const lastCommand = useRef(null);
  useEffect(() => {
    if (!editor || !command || !command.id || command.id === lastCommand.current || !acked.current) return;
    lastCommand.current = command.id;
    applyFixes(editor, command.fixes || []);
  }, [command, editor]);

  const [loadedAt, setLoadedAt] = useState(0);
  useEffect(() => {
    if (editor && acked.current) showHighlights(editor, highlights || [], posAtTextOffset);
  }, [highlights, editor, loadedAt]);

  // Load the stored text over HTTP; setContent stays out of the undo history.
  const load = useCallback(async () => {
    if (!editor) return;
    setStatus("loading");
    try {
      const res = await fetch(loadUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!res.ok) throw new Error(`load failed: ${res.status}`);
      const data = await res.json();
      editor.chain().command(({ tr }) => { tr.setMeta("addToHistory", false); return true; })
        .setContent(data.html || "", { emitUpdate: false }).run();
      editor.setEditable(true);
      acked.current = { doc: editor.state.doc, revision: data.revision };
      setAckedRevision(data.revision);
      setCounts(countDoc(editor.state.doc));
      setStatus("saved");
      setLoadedAt(Date.now());
      const kept = JSON.parse(localStorage.getItem(backupKey(taskId)) || "null");
      if (kept && kept.html && kept.html !== docHtml(serializer, editor.state.doc)) setBackup(kept);
      else localStorage.removeItem(backupKey(taskId));
    } catch (e) {
      console.error(e);
      setStatus("error");
    }
  }, [editor, serializer, loadUrl, taskId]);

  useEffect(() => { load(); }, [load]);

  // Registered once; they reach the live functions through `api`.
  useEffect(() => {
    const onKey = (event) => {
      if (event.defaultPrevented) return; // the editor's own keymap already saved
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        api.current.saveNow(true);
      }
    };
    const flush = () => { api.current.writeBackup(); api.current.saveNow(false); };
    const onVisibility = () => { if (document.visibilityState === "hidden") flush(); };
    const onOnline = () => api.current.resend();
    const onOffline = () => setStatus((s) => (s === "saved" ? s : "offline"));
    window.addEventListener("keydown", onKey);
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      Object.values(timers.current).forEach(clearTimeout);
    };
  }, []);

  const resend = () => {
    if (pending.current) send(pending.current.payload, pending.current.doc);
    else saveNow(false);
  };

  api.current = { saveNow, scheduleSave, scheduleBackup, scheduleCount, writeBackup, resend, tr };

  const restoreBackup = () => {
    if (!editor || !backup) return;
    editor.commands.setContent(backup.html, { emitUpdate: true });
    setBackup(null);
  };
  const discardBackup = () => {
    localStorage.removeItem(backupKey(taskId));
    setBackup(null);
  };
  const keepMine = () => {
    if (!acked.current || acked.current.serverRevision === undefined) return;
    acked.current = { ...acked.current, revision: acked.current.serverRevision, doc: null };
    saveNow(false, true);
  };

  const setLink = () => {
    if (!editor) return;
    const previous = editor.getAttributes("link").href || "";
    const url = window.prompt(tr("link_prompt"), previous);
    if (url === null) return;
    if (url === "") editor.chain().focus().unsetLink().run();
    else if (/^(https?:|mailto:)/i.test(url)) editor.chain().focus().setLink({ href: url }).run();
  };

  const statusText = {
    loading: tr("loading"), saved: tr("saved"), unsaved: tr("unsaved"), saving: tr("saving"), offline: tr("offline"),
    retrying: tr("retry"), conflict: tr("conflict"), too_large: tr("too_large"), error: tr("error"),
  }[status];
  const goal = wordGoal > 0 ? wordGoal : 0;
  const pct = goal ? Math.min(100, Math.round((counts.words / goal) * 100)) : 0;
  const is = (name, attrs) => !!(editor && editor.isActive(name, attrs));
  const run = (fn) => () => editor && fn(editor.chain().focus()).run();

  return (
    <div className="writers-editor">
      <div className="we-toolbar" role="toolbar" aria-label={tr("toolbar")}>
        <ToolbarButton label={tr("heading1")} active={is("heading", { level: 1 })} onClick={run((c) => c.toggleHeading({ level: 1 }))} id="tb-h1"><Heading1 {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("heading2")} active={is("heading", { level: 2 })} onClick={run((c) => c.toggleHeading({ level: 2 }))} id="tb-h2"><Heading2 {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("heading3")} active={is("heading", { level: 3 })} onClick={run((c) => c.toggleHeading({ level: 3 }))} id="tb-h3"><Heading3 {...ICON} /></ToolbarButton>
        <span className="we-sep" />
        <ToolbarButton label={tr("bold")} active={is("bold")} onClick={run((c) => c.toggleBold())} id="tb-bold"><Bold {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("italic")} active={is("italic")} onClick={run((c) => c.toggleItalic())} id="tb-italic"><Italic {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("link")} active={is("link")} onClick={setLink} id="tb-link"><Link {...ICON} /></ToolbarButton>
        <span className="we-sep" />
        <ToolbarButton label={tr("bullet_list")} active={is("bulletList")} onClick={run((c) => c.toggleBulletList())} id="tb-bullets"><List {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("ordered_list")} active={is("orderedList")} onClick={run((c) => c.toggleOrderedList())} id="tb-numbers"><ListOrdered {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("quote")} active={is("blockquote")} onClick={run((c) => c.toggleBlockquote())} id="tb-quote"><Quote {...ICON} /></ToolbarButton>
        <span className="we-sep" />
        <ToolbarButton label={tr("dir_auto")} onClick={run((c) => c.unsetTextDirection())} id="dir-auto"><ArrowRightLeft {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("dir_rtl")} onClick={run((c) => c.setTextDirection("rtl"))} id="dir-rtl"><PilcrowLeft {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("dir_ltr")} onClick={run((c) => c.setTextDirection("ltr"))} id="dir-ltr"><PilcrowRight {...ICON} /></ToolbarButton>
        <span className="we-sep" />
        {/* Undo points back in the reading direction: mirrored in a right-to-left page. */}
        <ToolbarButton label={tr("undo")} disabled={!editor || !editor.can().undo()} onClick={run((c) => c.undo())} id="tb-undo"><Undo2 {...ICON} className="we-flip" /></ToolbarButton>
        <ToolbarButton label={tr("redo")} disabled={!editor || !editor.can().redo()} onClick={run((c) => c.redo())} id="tb-redo"><Redo2 {...ICON} className="we-flip" /></ToolbarButton>
        <span className="we-sep" />
        <ToolbarButton label={tr("find")} onClick={() => openFind(editor)} id="tb-find"><Search {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("spelling")} active={spellOn} onClick={() => { setSpelling(editor, !spellOn); setSpellOn(!spellOn); }} id="tb-spelling"><SpellCheck {...ICON} /></ToolbarButton>
        <ToolbarButton label={tr("outline")} active={outlineOpen} onClick={toggleOutline} id="tb-outline"><ListTree {...ICON} /></ToolbarButton>
        {children /* the "Aa" menu (components/writing_prefs.py) */}
        <ToolbarButton label={tr("focus_mode")} active={focusMode} onClick={toggleFocus} id="tb-focus"><Maximize2 {...ICON} /></ToolbarButton>
        <span className="we-grow" />
        <span className={`we-status we-${status}`} id="save-status" data-status={status}
          data-revision={ackedRevision ?? ""} role="status" aria-live="polite">{statusText}</span>
        <FindBar editor={editor} labels={labels} lang={lang} />
      </div>
      {backup && (
        <div className="we-banner" id="backup-banner" role="alert">
          <span>{tr("backup_found")}</span>
          <button type="button" onClick={restoreBackup} id="backup-restore">{tr("backup_restore")}</button>
          <button type="button" onClick={discardBackup} id="backup-discard">{tr("backup_discard")}</button>
        </div>
      )}
      {status === "conflict" && (
        <div className="we-banner we-warn" role="alert" id="conflict-banner">
          <span>{tr("conflict_help")}</span>
          <button type="button" onClick={keepMine} id="conflict-keep">{tr("conflict_keep")}</button>
          <button type="button" onClick={load} id="conflict-load">{tr("conflict_load")}</button>
        </div>
      )}
      {status === "too_large" && <div className="we-banner we-warn" role="alert">{tr("too_large_help")}</div>}
      <div className={`we-main${outlineOpen ? " we-with-outline" : ""}`}>
        {outlineOpen && <OutlinePanel editor={editor} labels={labels} />}
        <EditorContent editor={editor} className="we-body" />
      </div>
      {focusMode && (
        <button type="button" className="we-focus-exit" id="focus-exit" onClick={leaveFocus} title={tr("focus_exit")}
          aria-label={tr("focus_exit")}><Minimize2 {...ICON} /></button>
      )}
      <div className="we-footer">
        <span id="word-count" data-words={counts.words}>{fmt(counts.words)} {tr("words")}</span>
        <span id="char-count">{fmt(counts.chars)} {tr("characters")}</span>
        {goal > 0 && (
          <span className="we-goal" id="goal-progress" data-pct={pct}>
            <span className="we-goal-bar"><span style={{ width: `${pct}%` }} /></span>
            {fmt(pct)}{lang === "fa" ? "٪" : "%"} {tr("of_goal")} {fmt(goal)}
          </span>
        )}
      </div>
    </div>
  );
}
