"""The check registry: one decorated function per check, run in registration order.

    @register_check("en.exclamations", languages=("en",),
                    title=("Too many exclamation marks", "علامت تعجب زیاد"))
    def exclamations(doc: Document) -> list[Finding]: ...

is all it takes for a check to appear in every analysis, the API and the UI panel. A check
may return a list or yield its findings; yielding keeps memory flat on a long text. Its finding
messages are keys of ANALYSIS_MESSAGES; `messages={key: (English, Persian)}` adds a new check's own.
Registering the same function again (a module run twice) replaces it; another function under a
taken id is refused.

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
    added_messages: tuple[str, ...] = ()  # keys it added to ANALYSIS_MESSAGES (unregister removes them)


_CHECKS: dict[str, Check] = {}


def register_check(
    check_id: str,
    *,
    languages: tuple[str, ...] = ("fa", "en"),
    title: str | tuple[str, str],
    category: str = "style",
    messages: dict[str, tuple[str, str]] | None = None,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check. `title` is a key of ANALYSIS_MESSAGES or an (English, Persian) pair,
    which is added to the table as "analysis.check.<check_id>"; `messages` adds the check's
    own finding messages (key: (English, Persian)) to the table."""

    def decorator(function: CheckFunction) -> CheckFunction:
        previous = _CHECKS.get(check_id)
        if previous is not None:
            if _same_function(previous.function, function):
                unregister_check(check_id)  # the same module run again: the newer code wins
            else:
                raise ValueError(f"check {check_id!r} is already registered")
        added = _add_messages(check_id, messages or {})
        if isinstance(title, tuple):
            added += _add_messages(check_id, {f"analysis.check.{check_id}": title})
        title_key = _title_key(check_id, title)
        _CHECKS[check_id] = Check(check_id, function, tuple(languages), title_key, category, tuple(added))
        log.debug("registered analysis check %s (%s)", check_id, category)
        return function

    return decorator


def unregister_check(check_id: str) -> None:
    check = _CHECKS.pop(check_id, None)
    for key in check.added_messages if check else ():
        ANALYSIS_MESSAGES.pop(key, None)


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


def _same_function(a: CheckFunction, b: CheckFunction) -> bool:
    return (getattr(a, "__module__", None), getattr(a, "__qualname__", None)) == (
        getattr(b, "__module__", None), getattr(b, "__qualname__", None))


def _add_messages(check_id: str, messages: dict[str, tuple[str, str]]) -> list[str]:
    """Add a check's messages; a key already there with another text is refused (and nothing is
    added), the same text is left as it is (a built-in check's title in messages.py)."""
    for key, pair in messages.items():
        english, persian = pair
        if not (english.strip() and persian.strip()):
            raise ValueError(f"check {check_id!r}: message {key!r} needs both English and Persian")
        if key in ANALYSIS_MESSAGES and tuple(ANALYSIS_MESSAGES[key]) != tuple(pair):
            raise ValueError(f"check {check_id!r}: message {key!r} is already in ANALYSIS_MESSAGES with other text")
    added = [key for key in messages if key not in ANALYSIS_MESSAGES]
    ANALYSIS_MESSAGES.update({key: tuple(pair) for key, pair in messages.items()})
    return added


def _title_key(check_id: str, title: str | tuple[str, str]) -> str:
    key = title if isinstance(title, str) else f"analysis.check.{check_id}"
    if key not in ANALYSIS_MESSAGES:
        raise ValueError(f"check {check_id!r}: title key {key!r} is not in ANALYSIS_MESSAGES")
    return key
