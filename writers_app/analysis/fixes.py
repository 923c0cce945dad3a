"""Applying typography fixes: a chosen subset (the UI's "apply") or all of them at once."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable

from writers_app.analysis.document import Document
from writers_app.analysis.models import Finding
from writers_app.analysis.options import TypographyOptions
from writers_app.analysis.registry import registered_checks, run_check

log = logging.getLogger(__name__)

# A fix can reveal another (a digit converted, then the comma after it): a few passes settle
# any text, and the cap keeps a rule that undid another from looping forever.
MAX_PASSES = 5


def apply_fixes(text: str, fixes: Iterable[Finding]) -> str:
    """The text with the given fixes applied. Fixes that overlap one already taken, or whose
    `original` no longer matches the text (it changed since the analysis), are skipped."""
    return _apply(text, fixes)[0]


def _apply(text: str, fixes: Iterable[Finding]) -> tuple[str, list[tuple[int, int]]]:
    """apply_fixes, and where each applied fix's replacement ended up in the new text."""
    chosen: list[Finding] = []
    taken_until = 0
    for fix in sorted((f for f in fixes if f.span is not None and f.replacement is not None),
                      key=lambda f: f.span):
        start, end = fix.span
        if not 0 <= start <= end <= len(text) or start < taken_until:
            log.debug("skipping fix %s at %s: overlaps another or out of range", fix.check_id, fix.span)
            continue
        if fix.original is not None and text[start:end] != fix.original:
            log.debug("skipping fix %s at %s: the text has changed", fix.check_id, fix.span)
            continue
        chosen.append(fix)
        taken_until = end
    # Offsets refer to the original text, so pieces are cut from it in order and joined once:
    # the same result as replacing from the end, without copying the text per fix.
    pieces: list[str] = []
    placed: list[tuple[int, int]] = []
    position = length = 0
    for fix in chosen:
        start, end = fix.span
        length += start - position
        placed.append((length, length + len(fix.replacement)))
        length += len(fix.replacement)
        pieces += [text[position:start], fix.replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces), placed


def typography_fixes(text: str, options: TypographyOptions | None = None) -> list[Finding]:
    """Every fix the typography checks (built-in and registered) suggest for the text; none
    that would touch a protected span (code, URLs, markup, placeholders), whatever a rule says."""
    return _fixes(Document.from_text(text, options, sentences=False))


def _fixes(doc: Document) -> list[Finding]:
    return [
        finding
        for check in registered_checks(category="typography")
        for finding in run_check(check, doc)[0]
        if finding.replacement is not None and not touches_protected(doc.protected, finding.span)
    ]


def touches_protected(protected: list[tuple[int, int]], span: tuple[int, int] | None) -> bool:
    """Whether a fix over span would change or insert into one of the sorted, disjoint spans."""
    if not protected or span is None:
        return False
    start, end = span
    index = bisect_right(protected, (start, float("inf"))) - 1  # the last span starting at or before start
    if index >= 0 and start < protected[index][1] and (end > start or start > protected[index][0]):
        return True
    following = index + 1
    return following < len(protected) and protected[following][0] < end


def fix_all(text: str, options: TypographyOptions | None = None) -> str:
    """Every typography fix, applied until none is left (at most MAX_PASSES passes).

    After the first pass only the lines a fix changed, and their neighbours, are checked
    again: the rules see one line at a time (the blank-line rule a line and the next), so the
    others have nothing new to find, unless the document's main language changed, which
    decides the letterless lines; then the whole text is checked again.
    """
    focus: tuple[tuple[int, int], ...] | None = None
    language: str | None = None
    for _ in range(MAX_PASSES):
        doc = Document.from_text(text, options, sentences=False, focus=focus)
        if focus is not None and doc.main_language != language:
            doc = Document.from_text(text, options, sentences=False)
        language = doc.main_language
        fixed, placed = _apply(text, _fixes(doc))
        if fixed == text:
            break
        text, focus = fixed, tuple(placed)
    return text
