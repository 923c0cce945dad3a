// Matching for the editor's find and replace, without ProseMirror: a query compiled once, then
// searched in one block's text at a time. "Persian-aware" folds both sides by the server's own
// table (fold_rules.js, generated from core/fold_rules.json): ي ى → ی, ك → ک, diacritics, kashida
// and ZWNJ dropped, Persian digits as Latin. The folded copy keeps, for each of its characters,
// the offset of the original character, so a match found in it maps back to the real text.
import { FOLD_RULES } from "./fold_rules.js";

const FOLD_MAP = new Map(Object.entries(FOLD_RULES.map));
const REMOVED = new Set(FOLD_RULES.remove);
for (const [first, last] of FOLD_RULES.remove_ranges) {
  for (let code = first.charCodeAt(0); code <= last.charCodeAt(0); code++) REMOVED.add(String.fromCharCode(code));
}

// A space (or several) between two Arabic-script letters may stand for a ZWNJ or for nothing:
// «می خواهم», «می‌خواهم» and «میخواهم» are one word spelled three ways.
const SPACES = new Set([" ", "\u00a0"]);
const ARABIC_LETTER = /^(?=\p{Script=Arabic})\p{L}/u;
const GAP = "[ \\u00a0]*";
// Word characters around a match for "whole word" (ZWNJ joins the parts of one Persian word).
const WORD_BEFORE = /[\p{L}\p{N}_\p{M}\u200c\u200d\u0640]$/u;
const MARKS_AFTER = /[\p{M}\u0640]*/uy;
const WORD_AFTER = /^[\p{L}\p{N}_\u200c\u200d]/u;

// Every character the table folds or drops, for a quick fold of a whole block (native replace).
const FOLDED = new RegExp(`[${[...FOLD_MAP.keys(), ...REMOVED].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}]`, "g");

export function foldChar(ch) {
  if (REMOVED.has(ch)) return "";
  const mapped = FOLD_MAP.get(ch);
  return mapped === undefined ? ch : mapped;
}

// {folded, origin}: `origin[k]` is the offset in `text` of folded character k (null when
// nothing is folded: the offsets are the same).
export function foldText(text, persian) {
  if (!persian) return { folded: text, origin: null };
  const out = [];
  const origin = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (REMOVED.has(ch)) continue;
    const mapped = FOLD_MAP.get(ch);
    for (const c of mapped === undefined ? ch : mapped) { out.push(c); origin.push(i); }
  }
  return { folded: out.join(""), origin };
}

// A folded literal query as parts: each character, and whether a gap of spaces may come before
// it (between two Arabic letters) and whether the query itself had a space there.
function literalParts(folded) {
  const parts = [];
  let pending = ""; // spaces after an Arabic letter: a joint if another Arabic letter follows
  for (const ch of folded) {
    const prev = parts.length ? parts[parts.length - 1].ch : "";
    if (SPACES.has(ch) && (pending || ARABIC_LETTER.test(prev))) { pending += ch; continue; }
    const between = ARABIC_LETTER.test(prev) && ARABIC_LETTER.test(ch);
    if (pending && !between) for (const space of pending) parts.push({ ch: space, gap: false, soft: false });
    parts.push({ ch, gap: between, soft: !!pending && between });
    pending = "";
  }
  for (const space of pending) parts.push({ ch: space, gap: false, soft: false });
  return parts;
}

// A regular expression's own characters folded as the text is (its escapes are left alone).
function foldPattern(source) {
  let out = "";
  for (const ch of source) out += foldChar(ch);
  return out;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// options: {caseSensitive, wholeWord, regex, persian}. Null for an empty query, {error} for a
// regular expression that does not compile.
export function compileQuery(query, options) {
  if (!query) return null;
  const { caseSensitive, wholeWord, regex, persian } = options;
  const flags = `gd${caseSensitive ? "" : "i"}`;
  if (regex) {
    const source = persian ? foldPattern(query) : query;
    for (const extra of ["u", ""]) { // "u" for \p{…}; without it for older habits such as \-
      try {
        return { re: new RegExp(source, flags + extra), regex: true, persian, wholeWord };
      } catch (e) { /* try the next flags */ }
    }
    return { error: "find_invalid_regex" };
  }
  const { folded } = foldText(query, persian);
  if (!folded.trim()) return null;
  const parts = persian ? literalParts(folded) : [...folded].map((ch) => ({ ch, gap: false, soft: false }));
  const source = parts.map((p) => (p.gap ? GAP : "") + escapeRegExp(p.ch)).join("");
  return { re: new RegExp(source, `${flags}u`), regex: false, persian, wholeWord, parts };
}

// Whether a match of a literal query has spaces where the query has none («م ا» for «ما»).
function crossesSpace(matched, parts) {
  let p = 0;
  for (const part of parts) {
    if (part.gap) {
      const from = p;
      while (p < matched.length && SPACES.has(matched[p])) p++;
      if (p > from && !part.soft) return true;
    }
    p += part.ch.length;
  }
  return false;
}

function atWordStart(text, i) {
  return i === 0 || !WORD_BEFORE.test(text.slice(Math.max(0, i - 2), i));
}

function atWordEnd(text, i) {
  MARKS_AFTER.lastIndex = i;
  MARKS_AFTER.exec(text);
  return !WORD_AFTER.test(text.slice(MARKS_AFTER.lastIndex, MARKS_AFTER.lastIndex + 2));
}

// Matches of `compiled` in `text`: [{start, end, text, groups, named}], offsets in `text`.
export function findInText(text, compiled) {
  if (!compiled || compiled.error || !text) return [];
  // The folded text at once; the offsets back into `text` only once something matched.
  const folded = compiled.persian ? text.replace(FOLDED, foldChar) : text;
  let origin = null;
  const back = (k) => {
    if (compiled.persian && !origin) origin = foldText(text, true).origin;
    return origin ? origin[k] : k;
  };
  const slice = (s, e) => (e > s ? text.slice(back(s), back(e - 1) + 1) : "");
  const re = compiled.re;
  const hits = [];
  re.lastIndex = 0;
  let m;
  while ((m = re.exec(folded)) !== null) {
    const s = m.index;
    const e = s + m[0].length;
    if (e === s) { re.lastIndex = s + 1; continue; }
    const start = back(s);
    const end = back(e - 1) + 1;
    // A space the query does not have only joins whole words: «میخواهم» finds «می خواهم»,
    // but «ما» does not find the «م ا» of «کدام اسم».
    const crosses = !compiled.regex && compiled.persian && crossesSpace(m[0], compiled.parts);
    if ((crosses || compiled.wholeWord) && !(atWordStart(text, start) && atWordEnd(text, end))) {
      re.lastIndex = s + 1;
      continue;
    }
    const groups = [];
    const named = {};
    if (compiled.regex && m.indices) {
      for (let g = 1; g < m.length; g++) groups.push(m.indices[g] ? slice(...m.indices[g]) : "");
      for (const [name, span] of Object.entries(m.indices.groups || {})) named[name] = span ? slice(...span) : "";
    }
    hits.push({ start, end, text: text.slice(start, end), groups, named });
  }
  return hits;
}

// The replacement for one match: literal, or with $&, $1…$99, $<name> and $$ for a regex.
export function expandReplacement(template, hit, regex) {
  if (!regex) return template;
  return template.replace(/\$(\$|&|\d\d?|<([^>]*)>)/g, (all, token, name) => {
    if (token === "$") return "$";
    if (token === "&") return hit.text;
    if (name !== undefined) return name in hit.named ? hit.named[name] : all;
    const two = Number(token);
    if (token.length === 2 && two >= 1 && two <= hit.groups.length) return hit.groups[two - 1];
    const one = Number(token[0]);
    if (one >= 1 && one <= hit.groups.length) return hit.groups[one - 1] + token.slice(1);
    return all;
  });
}
