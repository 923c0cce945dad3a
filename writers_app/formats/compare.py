"""Paragraph-level comparison of two texts, for "compare a revision with the current text"."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

MAX_CHANGES = 300


@dataclass(frozen=True)
class Change:
    kind: str  # "added" | "removed"
    text: str


def compare_paragraphs(old_text: str, new_text: str) -> list[Change]:
    """What changed from `old_text` to `new_text`, paragraph by paragraph (blank-line separated)."""
    old = [p for p in old_text.split("\n\n") if p.strip()]
    new = [p for p in new_text.split("\n\n") if p.strip()]
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            changes += [Change("removed", p) for p in old[a1:a2]]
        if op in ("replace", "insert"):
            changes += [Change("added", p) for p in new[b1:b2]]
        if len(changes) >= MAX_CHANGES:
            break
    return changes[:MAX_CHANGES]
