// Typewriter scrolling: while the writer types, the caret's line stays at a fixed height of the
// window (TYPEWRITER_LINE of its height) and the text moves instead. On when the element around
// the editor says data-typewriter="always", or "focus" while the page is in focus mode
// (focus_mode.js); the writer chooses in their preferences.
//
// Cheap on a 200,000-word manuscript: at most one measure per frame (coordsAtPos near the caret,
// whose blocks long_documents.js keeps laid out) followed by one scroll, and only after the
// document or the selection changed; nothing runs while typewriter scrolling is off.
import { Extension } from "@tiptap/react";
import { Plugin, PluginKey } from "@tiptap/pm/state";

export const TYPEWRITER_LINE = 0.4;
const TOLERANCE_PX = 2; // closer than this is left alone (no scroll per sub-pixel)
const key = new PluginKey("writersTypewriter");

export function typewriterOn(view) {
  const host = view.dom.closest("[data-typewriter]");
  const mode = host ? host.getAttribute("data-typewriter") : "off";
  return mode === "always" || (mode === "focus" && document.documentElement.classList.contains("focus-mode"));
}

// Scroll the window so the caret's line sits at the typewriter line. Returns how far it scrolled.
export function holdCaret(view) {
  if (view.isDestroyed || !view.state.selection.empty) return 0;
  const coords = view.coordsAtPos(view.state.selection.head);
  const delta = (coords.top + coords.bottom) / 2 - window.innerHeight * TYPEWRITER_LINE;
  if (Math.abs(delta) <= TOLERANCE_PX) return 0;
  window.scrollBy({ top: delta, behavior: "instant" });
  return delta;
}

class TypewriterView {
  constructor(view) {
    this.view = view;
    this.frame = 0;
    this.pointerDown = false; // a click or a drag selecting text: the text stays where it is
    this.onDown = () => { this.pointerDown = true; };
    this.onUp = () => { this.pointerDown = false; };
    view.dom.addEventListener("pointerdown", this.onDown);
    window.addEventListener("pointerup", this.onUp);
  }

  update(view, previous) {
    if (view.state.doc === previous.doc && view.state.selection.eq(previous.selection)) return;
    if (this.frame || this.pointerDown || !typewriterOn(view)) return;
    // After ProseMirror drew the change and scrolled it into view: measure once, then scroll.
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.pointerDown && view.hasFocus() && typewriterOn(view)) holdCaret(view);
    });
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.view.dom.removeEventListener("pointerdown", this.onDown);
    window.removeEventListener("pointerup", this.onUp);
  }
}

export const Typewriter = Extension.create({
  name: "writersTypewriter",
  addProseMirrorPlugins() {
    return [new Plugin({ key, view: (view) => new TypewriterView(view) })];
  },
});
