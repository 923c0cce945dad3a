"""Applying typography fixes: a chosen subset (the UI's "apply") or all of them at once."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from writers_app.analysis.document import Document
from writers_app.analysis.models import Finding
from writers_app.analysis.registry import registered_checks, run_check

log = logging.getLogger(__name__)

# A fix can reveal another (a digit converted, then the comma after it): a few passes settle
# any text, and the cap keeps a rule that undid another from looping forever.
MAX_PASSES = 5


def apply_fixes(text: str, fixes: Iterable[Finding]) -> str:
    """The text with the given fixes applied. Fixes that overlap one already taken, or whose
    `original` no longer matches the text (it changed since the analysis), are skipped."""
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
    position = 0
    for fix in chosen:
        start, end = fix.span
        pieces += [text[position:start], fix.replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def typography_fixes(text: str) -> list[Finding]:
    """Every fix the typography checks (built-in and registered) suggest for the text."""
    doc = Document.from_text(text)
    return [
        finding
        for check in registered_checks(category="typography")
        for finding in run_check(check, doc)[0]
        if finding.replacement is not None
    ]


def fix_all(text: str) -> str:
    for _ in range(MAX_PASSES):
        fixes = typography_fixes(text)
        fixed = apply_fixes(text, fixes)
        if fixed == text:
            break
        text = fixed
    return text
