"""The check registry: one decorated function per check, run in registration order.

    @register_check("en.exclamations", languages=("en",),
                    title=("Too many exclamation marks", "علامت تعجب زیاد"))
    def exclamations(doc: Document) -> list[Finding]: ...

is all it takes for a check to appear in every analysis, the API and the UI panel. A check
may return a list or yield its findings; yielding keeps memory flat on a long text.

A "typography" check searches Document.guarded over Document.typography_paragraphs() and
reads the writer's choices from Document.options; fix_all parses without sentences
(Paragraph.sentences is empty there), so such a check must not rely on them. A check whose id
is in options.disabled does not run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from writers_app.analysis.document import Document
from writers_app.analysis.messages import ANALYSIS_MESSAGES
from writers_app.analysis.models import Finding

log = logging.getLogger(__name__)

CheckFunction = Callable[[Document], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    id: str
    function: CheckFunction
    languages: tuple[str, ...]
    title: str  # key in ANALYSIS_MESSAGES
    category: str  # "style", "readability" or "typography"; fix_all runs "typography"


_CHECKS: dict[str, Check] = {}


def register_check(
    check_id: str,
    *,
    languages: tuple[str, ...] = ("fa", "en"),
    title: str | tuple[str, str],
    category: str = "style",
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check. `title` is a key of ANALYSIS_MESSAGES or an (English, Persian) pair,
    which is added to the table as "analysis.check.<check_id>"."""

    def decorator(function: CheckFunction) -> CheckFunction:
        if check_id in _CHECKS:
            raise ValueError(f"check {check_id!r} is already registered")
        title_key = _title_key(check_id, title)
        _CHECKS[check_id] = Check(check_id, function, tuple(languages), title_key, category)
        log.debug("registered analysis check %s (%s)", check_id, category)
        return function

    return decorator


def unregister_check(check_id: str) -> None:
    _CHECKS.pop(check_id, None)


def registered_checks(category: str | None = None) -> list[Check]:
    return [check for check in _CHECKS.values() if category is None or check.category == category]


def run_check(check: Check, doc: Document, keep: int | None = None) -> tuple[list[Finding], int]:
    """The check's first `keep` findings (all if None), stamped with its id, and how many it
    found in all; nothing if the document lacks the check's languages.

    Findings are consumed as the check yields them, so a check written as a generator never
    holds more than `keep` of them in memory, however long the text.
    """
    if check.id in doc.options.disabled or not any(language in doc.languages for language in check.languages):
        return [], 0
    kept: list[Finding] = []
    count = 0
    for finding in check.function(doc):
        count += 1
        if keep is None or count <= keep:
            finding.check_id = check.id
            kept.append(finding)
    return kept, count


def _title_key(check_id: str, title: str | tuple[str, str]) -> str:
    if isinstance(title, str):
        if title not in ANALYSIS_MESSAGES:
            raise ValueError(f"check {check_id!r}: title key {title!r} is not in ANALYSIS_MESSAGES")
        return title
    english, persian = title
    key = f"analysis.check.{check_id}"
    ANALYSIS_MESSAGES[key] = (english, persian)
    return key
