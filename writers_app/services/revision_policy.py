"""When an autosave keeps a revision, and keeping one. The policy is explained in
`writers_app.services.revisions`; it lives here, apart from the owner-checked reads, because
the save log (`services.saves`) replays it and is itself used by `services.access`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, col, delete, func, select

from writers_app.models import RevisionReason, Task, TaskRevision

REVISIONS_KEPT = 50  # unnamed ones; a named version ("sent to editor") is never pruned
AUTOSAVE_REVISION_EVERY = timedelta(minutes=5)
IDLE_PAUSE = timedelta(minutes=2)
LARGE_CHANGE_WORDS = 100

SLIDE_LIMIT = 64  # places a pure insertion or deletion is tried at
_JOINERS = "\u200c\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"  # ZWNJ and diacritics: inside a word
BEFORE = "before"  # keep the stored text before the save applies
AFTER = "after"  # keep the text the save makes


def snapshot(session: Session, task: Task, reason: RevisionReason, now: datetime) -> None:
    keep_text(session, task_id=task.id, title=task.title, html=task.body_html, words=task.word_count,
              reason=reason, now=now)


def keep_text(session: Session, *, task_id: int, title: str, html: str, words: int, reason: RevisionReason,
              now: datetime) -> None:
    """Keep `html` as a revision of the task (unless the newest one holds the same text), pruning
    unnamed ones past REVISIONS_KEPT."""
    newest = session.exec(select(TaskRevision.body_html).where(TaskRevision.task_id == task_id).order_by(
        col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc()).limit(1)).first()
    if newest == html and reason not in (RevisionReason.RESTORE, RevisionReason.FIXES):
        return  # Ctrl+S twice, or a save that changed nothing: one snapshot is enough
    session.add(TaskRevision(task_id=task_id, title=title, body_html=html, word_count=words, reason=reason,
                             created_at=now))
    session.flush()
    unnamed = (TaskRevision.task_id == task_id, col(TaskRevision.name).is_(None))
    keep = select(TaskRevision.id).where(*unnamed).order_by(
        col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc()).limit(REVISIONS_KEPT)
    session.exec(delete(TaskRevision).where(*unnamed, col(TaskRevision.id).not_in(keep)))


def newest_revision_at(session: Session, task_id: int) -> datetime | None:
    latest = session.exec(select(func.max(TaskRevision.created_at)).where(TaskRevision.task_id == task_id)).one()
    if latest is not None and latest.tzinfo is None:  # SQLite aggregates lose the column type
        latest = datetime.fromisoformat(str(latest)).replace(tzinfo=timezone.utc)
    return latest


def autosave_snapshot(*, newest_revision_at: datetime | None, last_saved_at: datetime | None, now: datetime,
                      words_before: int, words_after: int, at_word_boundary: Callable[[], bool]) -> str | None:
    """Which text an autosave keeps as a revision (BEFORE, AFTER) or None; see the module doc.
    `at_word_boundary` is called only when its answer matters (it compares texts)."""
    if last_saved_at is not None and last_saved_at.tzinfo is None:
        last_saved_at = last_saved_at.replace(tzinfo=timezone.utc)
    # The stored text is not kept yet (an empty one is not worth keeping).
    resting = words_before > 0 and (newest_revision_at is None or last_saved_at is None
                                    or newest_revision_at < last_saved_at)
    if resting and last_saved_at is not None and now - last_saved_at >= IDLE_PAUSE:
        return BEFORE
    if abs(words_after - words_before) >= LARGE_CHANGE_WORDS and resting:
        return BEFORE
    if (newest_revision_at is None or now - newest_revision_at >= AUTOSAVE_REVISION_EVERY) and at_word_boundary():
        return AFTER
    return None


def ends_at_word_boundary(old: str, new: str) -> bool:
    """Whether the edit from `old` to `new` ends where a word does: the last character typed (or
    the one before a deletion) is a space or punctuation, or the edit is at the very start.
    A pure insertion or deletion can sit at several places ("foo bar baz" -> "foo baz" removes
    "bar " or " bar" alike): any of them at a boundary will do."""
    limit = min(len(old), len(new))
    prefix = _common_length(old, new, limit)
    suffix = _common_length(old[::-1], new[::-1], limit - prefix)
    end = len(new) - suffix
    inserted, removed = new[prefix:end], old[prefix:len(old) - suffix]
    chunk = "" if inserted and removed else inserted or removed  # only a pure one slides
    for _ in range(SLIDE_LIMIT):
        if end == 0 or not _in_word(new[end - 1]):
            return True
        if not chunk or prefix == 0 or new[prefix - 1] != chunk[-1]:
            return False
        prefix, end, chunk = prefix - 1, end - 1, chunk[-1] + chunk[:-1]
    return False


def _in_word(char: str) -> bool:
    return char.isalnum() or char in _JOINERS


def _common_length(a: str, b: str, limit: int) -> int:
    """Length of the common start of `a` and `b` (at most `limit`), by halving: C-speed slices."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low
