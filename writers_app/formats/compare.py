"""Comparison of two texts, for "compare a revision with the current text": paragraphs added or
removed, and inside a paragraph that was edited, the words that changed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

MAX_CHANGES = 300
# An edited paragraph is shown word by word when it still shares this much with its old self;
# below it, the writer rewrote it, and "removed" + "added" reads better than a patchwork.
SIMILAR_ENOUGH = 0.4
# Word-level diffs are quadratic at worst: past this many tokens a paragraph is shown whole.
MAX_WORD_TOKENS = 4000
# How many new paragraphs ahead an old one may find its edited self (a paragraph inserted before it).
LOOK_AHEAD = 3

# Words with the spaces after them: a ZWNJ stays inside its word («می‌خواهم» is one token), and
# punctuation is a token of its own, so "word," -> "word." marks only the full stop.
_TOKEN = re.compile(r"[\w\u200c\u064B-\u065F\u0670]+|[^\w\s]|\s+")


@dataclass(frozen=True)
class Part:
    kind: str  # "same" | "added" | "removed"
    text: str


@dataclass(frozen=True)
class Change:
    kind: str  # "added" | "removed" (a whole paragraph) | "changed" (see `parts`)
    text: str  # the paragraph as it is now ("added", "changed") or was ("removed")
    parts: tuple[Part, ...] = field(default=())


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def compare_words(old: str, new: str) -> tuple[Part, ...]:
    """`old` -> `new` as runs of unchanged, removed and added text, in reading order (a removed
    run comes before the text that replaced it). Runs of one kind are merged."""
    a, b = tokens(old), tokens(new)
    parts: list[Part] = []

    def push(kind: str, text: str) -> None:
        if not text:
            return
        if parts and parts[-1].kind == kind:
            parts[-1] = Part(kind, parts[-1].text + text)
        else:
            parts.append(Part(kind, text))

    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            push("same", "".join(a[a1:a2]))
            continue
        removed, added = "".join(a[a1:a2]), "".join(b[b1:b2])
        # The space shared by both sides is not a change: keep it out of the marks.
        if removed.strip() or added.strip():
            push("removed", removed)
            push("added", added)
        else:
            push("same", added)
    return tuple(parts)


def _edited(old: str, new: str) -> Change | None:
    """`old` rewritten as `new`, word by word, when they are still alike."""
    if len(old) + len(new) > MAX_WORD_TOKENS * 6:
        return None
    a, b = tokens(old), tokens(new)
    if len(a) + len(b) > MAX_WORD_TOKENS:
        return None
    words_a, words_b = [w for w in a if not w.isspace()], [w for w in b if not w.isspace()]
    if difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False).ratio() < SIMILAR_ENOUGH:
        return None
    return Change("changed", new, compare_words(old, new))


def compare_paragraphs(old_text: str, new_text: str) -> list[Change]:
    """What changed from `old_text` to `new_text`, paragraph by paragraph (blank-line separated);
    a paragraph edited in place is one "changed" entry that marks only the words that changed."""
    old = [p for p in old_text.split("\n\n") if p.strip()]
    new = [p for p in new_text.split("\n\n") if p.strip()]
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "replace":
            changes += _replaced(old[a1:a2], new[b1:b2])
        elif op == "delete":
            changes += [Change("removed", p) for p in old[a1:a2]]
        elif op == "insert":
            changes += [Change("added", p) for p in new[b1:b2]]
        if len(changes) >= MAX_CHANGES:
            break
    return changes[:MAX_CHANGES]


def _replaced(old: list[str], new: list[str]) -> list[Change]:
    """Paragraphs `old` replaced by `new`, paired in order while they are alike; a new paragraph
    that comes before the match of the old one was inserted, an old one with no match removed."""
    out: list[Change] = []
    i = j = 0
    while i < len(old) and j < len(new):
        edited = _edited(old[i], new[j])
        if edited is not None:
            out.append(edited)
            i, j = i + 1, j + 1
        elif any(_edited(old[i], later) is not None for later in new[j + 1:j + 1 + LOOK_AHEAD]):
            out.append(Change("added", new[j]))
            j += 1
        else:
            out.append(Change("removed", old[i]))
            i += 1
    out += [Change("removed", p) for p in old[i:]]
    out += [Change("added", p) for p in new[j:]]
    return out
