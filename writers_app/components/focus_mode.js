// Focus mode: only the text. The class `focus-mode` on <html> hides what the page marks
// `focus-hide` (the top bar, the piece's details, exports, the analysis panel) and tucks the
// toolbar away until the pointer or the keyboard reaches it (assets/styles.css). Toggled by the
// toolbar button or Ctrl/Cmd+Shift+F (by key position, so a Persian keyboard layout works too;
// Ctrl+F and Ctrl+H stay the find bar's); Escape leaves, unless it was meant for a field or an
// open menu. Leaving the editor page leaves focus mode.
import { useCallback, useEffect, useRef, useState } from "react";
import { holdCaret, typewriterOn } from "./typewriter.js";

export const FOCUS_CLASS = "focus-mode";

export function isFocusShortcut(event) {
  return (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.code === "KeyF";
}

// Escape in a text field, a menu or a dialog closes that, not focus mode.
function meantForSomethingElse(target) {
  if (!(target instanceof Element)) return false;
  if (target.closest(".ProseMirror")) return false;
  return !!target.closest("input, textarea, select, [role=dialog], [role=menu], [data-radix-popper-content-wrapper]");
}

export function useFocusMode(editor) {
  const [on, setOn] = useState(false);
  const toggled = useRef(false); // only a writer's toggle moves the focus, never the first render
  const toggle = useCallback(() => { toggled.current = true; setOn((v) => !v); }, []);
  const leave = useCallback(() => { toggled.current = true; setOn(false); }, []);

  useEffect(() => {
    const onKey = (event) => {
      if (isFocusShortcut(event)) {
        event.preventDefault();
        toggle();
      } else if (event.key === "Escape" && document.documentElement.classList.contains(FOCUS_CLASS) &&
                 !meantForSomethingElse(event.target)) {
        leave();
      }
    };
    // Capturing: before the editor's own key handling, which may claim a key for itself.
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      document.documentElement.classList.remove(FOCUS_CLASS);
    };
  }, [toggle, leave]);

  useEffect(() => {
    document.documentElement.classList.toggle(FOCUS_CLASS, on);
    if (!toggled.current || !editor || editor.isDestroyed) return;
    toggled.current = false;
    // The page around the text changed: back to the text, with the caret where it was, in view.
    editor.commands.focus(undefined, { scrollIntoView: false });
    requestAnimationFrame(() => {
      if (editor.isDestroyed) return;
      if (typewriterOn(editor.view)) holdCaret(editor.view);
      else editor.commands.scrollIntoView();
    });
  }, [on, editor]);

  return [on, toggle, leave];
}
