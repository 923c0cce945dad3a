"""The TipTap editor as a Reflex component (the JSX lives beside this file)."""

from __future__ import annotations

from typing import Any

import reflex as rx

TIPTAP_VERSION = "3.34.0"


# The editor imports these modules by a relative path: all are copied side by side.
HIGHLIGHTS_MODULE = rx.asset("highlights.js", shared=True)
LONG_DOCUMENTS_MODULE = rx.asset("long_documents.js", shared=True)
LIST_DIRECTION_MODULE = rx.asset("list_direction.js", shared=True)
SPELLING_MODULE = rx.asset("spelling.js", shared=True)
OUTLINE_MODULE = rx.asset("outline.js", shared=True)
FIND_MODULES = [rx.asset(name, shared=True) for name in ("find_replace.js", "find_bar.jsx", "find_fold.js", "fold_rules.js")]
FOCUS_MODE_MODULE = rx.asset("focus_mode.js", shared=True)
TYPEWRITER_MODULE = rx.asset("typewriter.js", shared=True)


class WritersEditor(rx.NoSSRComponent):
    library = f"$/public{rx.asset('tiptap_editor.jsx', shared=True)}"
    tag = "WritersEditor"
    alias = "WritersTipTapEditor"
    lib_dependencies: list[str] = [
        f"@tiptap/react@{TIPTAP_VERSION}",
        f"@tiptap/starter-kit@{TIPTAP_VERSION}",
        f"@tiptap/pm@{TIPTAP_VERSION}",
    ]

    task_id: rx.Var[int]
    load_url: rx.Var[str]
    ack: rx.Var[dict[str, Any]]
    labels: rx.Var[dict[str, str]]
    lang: rx.Var[str]
    word_goal: rx.Var[int]
    # {id, fixes: [{block, offset, original, replacement}]}: edits the analysis panel asks for
    command: rx.Var[dict[str, Any]]
    # [{block, offset, length, kind}]: sentences the analysis marks, drawn over the text
    highlights: rx.Var[list[dict[str, Any]]]

    on_save: rx.EventHandler[lambda payload: [payload]]


writers_editor = WritersEditor.create
