// The find and replace bar (find_replace.js does the work): Ctrl/Cmd+F opens it, Ctrl/Cmd+H
// with the replace field, Escape closes it and gives the editor its focus back. Enter and
// Shift+Enter go to the next and previous match; Enter in the replace field replaces the
// current match, Ctrl/Cmd+Enter all of them.
import React, { useEffect, useRef, useState } from "react";
import { CaseSensitive, ChevronDown, ChevronUp, Regex, Replace, WholeWord, X } from "lucide-react";
import { closeFind, findState, findStep, openFind, replaceAll, replaceCurrent, setFind } from "./find_replace.js";

const TYPE_PAUSE_MS = 120; // the query is searched once typing in the field pauses
const ICON = { size: 16, strokeWidth: 2, "aria-hidden": true };

function summary(value) {
  return {
    active: value.active, replace: value.replace, query: value.query, error: value.error,
    total: value.matches.length, current: value.current, replaced: value.replaced,
    opened: value.opened || 0, focus: value.focus, options: value.options,
  };
}

function same(a, b) {
  return Object.keys(a).every((k) => a[k] === b[k]);
}

function BarButton({ id, label, onClick, pressed, children, disabled }) {
  return (
    <button type="button" id={id} className={`we-btn${pressed ? " we-active" : ""}`} title={label} aria-label={label}
      aria-pressed={pressed === undefined ? undefined : pressed ? "true" : "false"} disabled={disabled}
      onMouseDown={(e) => e.preventDefault()} onClick={onClick}>
      {children}
    </button>
  );
}

export function FindBar({ editor, labels, lang }) {
  const tr = (key) => (labels && labels[`editor.${key}`]) || key;
  const fmt = (n) => n.toLocaleString(lang === "fa" ? "fa-IR" : "en-US");
  const [view, setView] = useState(() => summary(findState(editor)));
  const [query, setQuery] = useState("");
  const [replacement, setReplacement] = useState("");
  const findInput = useRef(null);
  const replaceInput = useRef(null);
  const typing = useRef(null);

  useEffect(() => {
    if (!editor) return undefined;
    const follow = () => setView((prev) => { const next = summary(findState(editor)); return same(prev, next) ? prev : next; });
    follow();
    editor.on("transaction", follow);
    return () => { editor.off("transaction", follow); clearTimeout(typing.current); };
  }, [editor]);

  // Each opening (a key, the toolbar) takes the focus to the field it asked for.
  useEffect(() => {
    if (!view.active) return;
    setQuery(view.query);
    const field = view.focus === "replace" && replaceInput.current ? replaceInput.current : findInput.current;
    if (field) { field.focus(); field.select(); }
  }, [view.opened, view.active]);

  // Registered once per editor: keys pressed in the editor, in this bar or on the bare page.
  useEffect(() => {
    if (!editor) return undefined;
    const onKey = (event) => {
      const box = editor.view.dom.closest(".writers-editor");
      const inside = !!box && (box.contains(event.target) || event.target === document.body);
      if (!inside) return;
      const mod = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
      // By the key's place as well as its letter: with a Persian layout Ctrl+F gives key "ب".
      const find = event.code === "KeyF" || event.key.toLowerCase() === "f";
      const replace = event.code === "KeyH" || event.key.toLowerCase() === "h";
      // On a Mac ⌘H hides the browser before the page sees it: ⌘⌥F opens the replace field there.
      const macReplace = event.metaKey && event.altKey && !event.shiftKey && event.code === "KeyF";
      if ((mod && (find || replace)) || macReplace) {
        event.preventDefault();
        openFind(editor, { replace: replace || macReplace });
      } else if (event.key === "Escape" && findState(editor).active) {
        event.preventDefault();
        closeFind(editor);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [editor]);

  if (!editor || !view.active) return null;

  const flush = () => {
    if (!typing.current) return false;
    clearTimeout(typing.current);
    typing.current = null;
    setFind(editor, { query });
    return true;
  };
  const onQuery = (event) => {
    const value = event.target.value;
    setQuery(value);
    clearTimeout(typing.current);
    typing.current = setTimeout(() => { typing.current = null; setFind(editor, { query: value }); }, TYPE_PAUSE_MS);
  };
  const onFindKey = (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    if (!flush()) findStep(editor, event.shiftKey ? -1 : 1);
  };
  const onReplaceKey = (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    flush();
    if (event.ctrlKey || event.metaKey) replaceAll(editor, replacement);
    else replaceCurrent(editor, replacement);
  };
  const toggle = (name) => () => { flush(); setFind(editor, { options: { [name]: !view.options[name] } }); };
  const step = (n) => () => { flush(); findStep(editor, n); };
  const showReplace = () => {
    setFind(editor, { replace: !view.replace });
    requestAnimationFrame(() => replaceInput.current && replaceInput.current.focus());
  };

  let count = "";
  if (view.error) count = "";
  else if (view.query && !view.total) count = tr("find_none");
  else if (view.total) count = tr("find_count").replace("{n}", fmt(view.current + 1)).replace("{total}", fmt(view.total));

  return (
    <div className="we-find" role="search" aria-label={tr("find")} id="find-bar">
      <div className="we-find-row">
        <input ref={findInput} id="find-input" className="we-find-input" type="text" dir="auto" value={query}
          placeholder={tr("find_placeholder")} aria-label={tr("find_placeholder")} aria-invalid={view.error ? "true" : "false"}
          aria-describedby="find-count" onChange={onQuery} onKeyDown={onFindKey} autoComplete="off" spellCheck="false" />
        <span className="we-find-group">
          <span id="find-count" className="we-find-count" role="status" aria-live="polite"
            data-total={view.error ? "" : view.total} data-current={view.total ? view.current + 1 : 0}>{count}</span>
          <BarButton id="find-prev" label={tr("find_prev")} onClick={step(-1)} disabled={!view.total}><ChevronUp {...ICON} /></BarButton>
          <BarButton id="find-next" label={tr("find_next")} onClick={step(1)} disabled={!view.total}><ChevronDown {...ICON} /></BarButton>
        </span>
        <span className="we-find-group">
          <BarButton id="find-case" label={tr("find_case")} pressed={view.options.caseSensitive} onClick={toggle("caseSensitive")}><CaseSensitive {...ICON} /></BarButton>
          <BarButton id="find-word" label={tr("find_word")} pressed={view.options.wholeWord} onClick={toggle("wholeWord")}><WholeWord {...ICON} /></BarButton>
          <BarButton id="find-regex" label={tr("find_regex")} pressed={view.options.regex} onClick={toggle("regex")}><Regex {...ICON} /></BarButton>
          <BarButton id="find-persian" label={tr("find_persian")} pressed={view.options.persian} onClick={toggle("persian")}>
            <span className="we-find-glyph" aria-hidden="true" dir="rtl">ي=ی</span>
          </BarButton>
          <span className="we-sep" />
          <BarButton id="find-replace-toggle" label={tr("replace_show")} pressed={view.replace}
            onClick={showReplace}><Replace {...ICON} /></BarButton>
          <BarButton id="find-close" label={tr("find_close")} onClick={() => closeFind(editor)}><X {...ICON} /></BarButton>
        </span>
      </div>
      {view.replace && (
        <div className="we-find-row">
          <input ref={replaceInput} id="replace-input" className="we-find-input" type="text" dir="auto" value={replacement}
            placeholder={tr("replace_placeholder")} aria-label={tr("replace_placeholder")} autoComplete="off" spellCheck="false"
            onChange={(event) => setReplacement(event.target.value)} onKeyDown={onReplaceKey} />
          <span className="we-find-group">
            <button type="button" id="replace-one" className="we-find-text-btn" disabled={!view.total}
              onMouseDown={(e) => e.preventDefault()} onClick={() => { flush(); replaceCurrent(editor, replacement); }}>{tr("replace_one")}</button>
            <button type="button" id="replace-all" className="we-find-text-btn" disabled={!view.total}
              onMouseDown={(e) => e.preventDefault()} onClick={() => { flush(); replaceAll(editor, replacement); }}>{tr("replace_all")}</button>
          </span>
          {view.replaced !== null && (
            <span id="find-replaced" className="we-find-count" role="status" data-replaced={view.replaced}>
              {tr("find_replaced").replace("{n}", fmt(view.replaced))}
            </span>
          )}
        </div>
      )}
      {view.error && <div className="we-find-error" role="alert" id="find-error">{tr("find_invalid_regex")}</div>}
    </div>
  );
}
