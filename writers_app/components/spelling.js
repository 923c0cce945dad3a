// Spelling marks: words the server's dictionaries (and the writer's own) do not know get a wavy
// underline (class `misspelled`). They are ProseMirror decorations: never in the document, the
// undo history or a save. A click on one opens a small popover with suggestions (choosing one is
// an ordinary edit, saved like typing) and "add to my dictionary".
// Cost while typing: nothing per key. After a pause the blocks whose text has no cached answer
// are sent (POST, only those); answers are cached by the block's text, so an edit re-checks one
// block. In a long manuscript only the blocks around the viewport are checked and marked.
import { Extension } from "@tiptap/react";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { LONG_DOCUMENT_BLOCKS } from "./long_documents.js";

export const spellingKey = new PluginKey("writersSpelling");
const CHECK_DELAY_MS = 700; // after a pause in typing
const SCROLL_DELAY_MS = 250;
const MARGIN_BLOCKS = 15; // checked beyond the viewport, each side, in a long manuscript
const BATCH_BLOCKS = 100; // per request (the server takes at most 200)
const BATCH_CHARS = 150000; // per request (the server takes at most 200,000)
const CACHE_LIMIT = 20000;
const STORE = "writers-spelling";

export function spellingStored() {
  try { return localStorage.getItem(STORE) !== "off"; } catch (e) { return true; }
}

// Turn the marks on or off (remembered in this browser).
export function setSpelling(editor, on) {
  try { localStorage.setItem(STORE, on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
  if (editor && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(spellingKey, { enabled: on }).setMeta("addToHistory", false));
}

function blockText(node) {
  return node.textBetween(0, node.content.size, "\n", "\n");
}

async function post(url, body) {
  const res = await fetch(url, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

class SpellView {
  constructor(view, options) {
    this.view = view;
    this.options = options;
    this.cache = new Map(); // block text -> [{offset, length, word, lang}]
    this.timer = null;
    this.busy = false;
    this.again = false;
    this.popover = null;
    this.onScroll = () => { this.closePopover(); this.schedule(SCROLL_DELAY_MS); };
    this.onDown = (e) => { if (this.popover && !this.popover.contains(e.target)) this.closePopover(); };
    this.onKey = (e) => { if (e.key === "Escape") this.closePopover(); };
    window.addEventListener("scroll", this.onScroll, { passive: true, capture: true });
    document.addEventListener("mousedown", this.onDown, true);
    document.addEventListener("keydown", this.onKey, true);
    this.schedule(0);
  }

  enabled() {
    return spellingKey.getState(this.view.state).enabled;
  }

  update(view, prev) {
    const now = spellingKey.getState(view.state);
    const before = spellingKey.getState(prev);
    if (now.enabled !== before.enabled) {
      this.closePopover();
      if (now.enabled) this.schedule(0);
      return;
    }
    if (view.state.doc !== prev.doc) {
      this.closePopover();
      this.schedule(CHECK_DELAY_MS);
    }
  }

  destroy() {
    clearTimeout(this.timer);
    window.removeEventListener("scroll", this.onScroll, { capture: true });
    document.removeEventListener("mousedown", this.onDown, true);
    document.removeEventListener("keydown", this.onKey, true);
    this.closePopover();
  }

  schedule(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), ms);
  }

  // The top-level blocks to check: all of a short piece, those around the viewport otherwise.
  range() {
    const { doc, selection } = this.view.state;
    if (doc.childCount < LONG_DOCUMENT_BLOCKS) return [0, doc.childCount - 1];
    const rect = this.view.dom.getBoundingClientRect();
    const top = Math.max(rect.top, 0) + 2;
    const bottom = Math.min(rect.bottom, window.innerHeight) - 2;
    const left = rect.left + rect.width / 2;
    const at = (y) => {
      const found = this.view.posAtCoords({ left, top: y });
      return found ? doc.resolve(Math.min(found.pos, doc.content.size)).index(0) : null;
    };
    let first = top < bottom ? at(top) : null;
    let last = top < bottom ? at(bottom) : null;
    if (first === null || last === null) first = last = doc.resolve(selection.from).index(0);
    return [Math.max(0, first - MARGIN_BLOCKS), Math.min(doc.childCount - 1, last + MARGIN_BLOCKS)];
  }

  async run() {
    if (this.view.isDestroyed || !this.enabled() || !this.view.editable) return;
    if (this.busy) { this.again = true; return; }
    const { doc } = this.view.state;
    const [first, last] = this.range();
    const missing = new Set();
    for (let i = first; i <= last; i++) {
      const text = blockText(doc.child(i));
      if (text.trim() && !this.cache.has(text)) missing.add(text);
    }
    if (missing.size) {
      this.busy = true;
      try {
        await this.fetchBlocks([...missing]);
      } catch (e) {
        console.warn("spelling check failed", e);
        return;
      } finally {
        this.busy = false;
      }
      if (this.again) { this.again = false; this.schedule(0); return; }
    }
    this.draw();
  }

  async fetchBlocks(texts) {
    if (this.cache.size > CACHE_LIMIT) this.cache.clear();
    for (let start = 0; start < texts.length;) {
      let end = start;
      let chars = 0;
      while (end < texts.length && end - start < BATCH_BLOCKS && (end === start || chars + texts[end].length <= BATCH_CHARS)) {
        chars += texts[end].length;
        end += 1;
      }
      const chunk = texts.slice(start, end);
      const data = await post(this.options.checkUrl, { blocks: chunk });
      const found = chunk.map(() => []);
      for (const span of data.spans || []) found[span.block].push(span);
      chunk.forEach((text, i) => this.cache.set(text, found[i]));
      start = end;
    }
  }

  draw() {
    if (this.view.isDestroyed || !this.enabled()) return;
    const { state } = this.view;
    const [first, last] = this.range();
    const decorations = [];
    let pos = 0;
    state.doc.forEach((node, offset, index) => {
      pos = offset;
      if (index < first || index > last) return;
      for (const span of this.cache.get(blockText(node)) || []) {
        const from = this.options.posAtTextOffset(node, pos, span.offset);
        const to = this.options.posAtTextOffset(node, pos, span.offset + span.length);
        if (from === null || to === null || to <= from) continue;
        decorations.push(Decoration.inline(from, to, { class: "misspelled", "data-word": span.word },
          { word: span.word, lang: span.lang }));
      }
    });
    const set = DecorationSet.create(state.doc, decorations);
    this.view.dispatch(state.tr.setMeta(spellingKey, { set }).setMeta("addToHistory", false));
  }

  closePopover() {
    if (this.popover) this.popover.remove();
    this.popover = null;
  }

  open(decoration) {
    this.closePopover();
    const { from, to, spec } = decoration;
    const label = this.options.label;
    const box = document.createElement("div");
    box.id = "spell-popover";
    box.className = "spell-popover";
    box.setAttribute("role", "menu");
    box.dir = document.documentElement.dir || "ltr";
    const coords = this.view.coordsAtPos(from);
    box.style.top = `${coords.bottom + 4}px`;
    box.style.left = `${Math.max(4, Math.min(coords.left, window.innerWidth - 240))}px`;
    const list = document.createElement("div");
    list.className = "spell-list";
    list.textContent = label("spell_loading");
    box.appendChild(list);
    const add = document.createElement("button");
    add.type = "button";
    add.id = "spell-add";
    add.className = "spell-add";
    add.textContent = label("spell_add");
    add.onclick = () => this.addWord(spec.word);
    box.appendChild(add);
    document.body.appendChild(box);
    this.popover = box;
    post(this.options.suggestUrl, { word: spec.word }).then((data) => {
      if (this.popover !== box) return;
      list.textContent = "";
      const words = data.suggestions || [];
      if (!words.length) list.textContent = label("spell_none");
      for (const word of words) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "spell-suggestion";
        button.dir = "auto";
        button.setAttribute("role", "menuitem");
        button.textContent = word;
        button.onclick = () => this.replace(from, to, spec.word, word);
        list.appendChild(button);
      }
    }).catch(() => { if (this.popover === box) list.textContent = label("spell_none"); });
  }

  replace(from, to, original, replacement) {
    this.closePopover();
    const { state } = this.view;
    if (to > state.doc.content.size || state.doc.textBetween(from, to, "\n", "\n") !== original) return;
    this.view.dispatch(state.tr.insertText(replacement, from, to));
    this.view.focus();
  }

  async addWord(word) {
    this.closePopover();
    try {
      await post(this.options.dictionaryUrl, { word });
    } catch (e) {
      console.warn("could not add the word", e);
      return;
    }
    // The server knows the word from now on; drop its marks from the answers kept here.
    for (const [text, spans] of this.cache) this.cache.set(text, spans.filter((s) => s.word !== word));
    this.draw();
  }
}

export const Spelling = Extension.create({
  name: "writersSpelling",
  addOptions() {
    return { checkUrl: "", suggestUrl: "", dictionaryUrl: "", posAtTextOffset: null, label: (key) => key };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    let spellView = null;
    return [new Plugin({
      key: spellingKey,
      state: {
        init: () => ({ enabled: spellingStored(), set: DecorationSet.empty }),
        apply(tr, value) {
          const meta = tr.getMeta(spellingKey);
          if (meta && meta.enabled !== undefined) return { enabled: meta.enabled, set: DecorationSet.empty };
          if (meta && meta.set) return value.enabled ? { ...value, set: meta.set } : value;
          if (!tr.docChanged) return value;
          // Marks follow the text; those the edit touched go until that block is checked again.
          let set = value.set.map(tr.mapping, tr.doc);
          const touched = [];
          tr.mapping.maps.forEach((map, i) => {
            const rest = tr.mapping.slice(i + 1);
            map.forEach((_a, _b, start, end) => {
              touched.push(...set.find(Math.max(0, rest.map(start, -1) - 1), rest.map(end, 1) + 1));
            });
          });
          if (touched.length) set = set.remove(touched);
          return { ...value, set };
        },
      },
      view: (view) => { spellView = new SpellView(view, options); return spellView; },
      props: {
        decorations: (state) => spellingKey.getState(state).set,
        // Our marks replace the browser's own (which knows no Persian here and no personal words).
        attributes: (state) => ({ spellcheck: spellingKey.getState(state).enabled ? "false" : "true" }),
        handleClick: (view, pos) => {
          const { set } = spellingKey.getState(view.state);
          const hit = set.find(pos, pos).find((d) => d.from <= pos && pos <= d.to);
          if (hit && spellView) spellView.open(hit);
          else if (spellView) spellView.closePopover();
          return false;
        },
      },
    })];
  },
});
