"""Revisions of a task: snapshots kept on explicit saves, restores, "fix all" and at the moments
of an autosaved session a writer would want to go back to (`autosave_snapshot`); the latest
REVISIONS_KEPT, listed, shown and compared for the owner.

Why this policy: a fixed "one autosave every 10 minutes" kept 2 versions of an hour's session,
one of them frozen mid-word (the save after a pause in the middle of a word). A writer goes back
to (1) the text as it was when they last stopped writing, (2) the text before a big paste or
deletion, and (3) in a long unbroken session, a version every few minutes. So an autosave keeps:
- the text as it stood before this save when the last save is IDLE_PAUSE old (the writer came
  back after a pause: what they left is a finished state, whole words),
- the text before this save when the save adds or removes LARGE_CHANGE_WORDS words or more,
- the new text when the newest version is AUTOSAVE_REVISION_EVERY old, but only when the edit
  ends at a word boundary (a space or punctuation was typed last): never half a word.
At 50 kept, that is about four hours of continuous writing, or many more sessions with pauses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, col, delete, func, select

from writers_app.core.errors import ServiceError
from writers_app.core.security import utcnow
from writers_app.core.text import storable
from writers_app.formats.compare import compare_paragraphs
from writers_app.formats.sanitize import html_to_text, with_list_directions
from writers_app.models import RevisionPublic, RevisionReason, Task, TaskRevision
from writers_app.services.access import owned_task
from writers_app.services.errors import NotFound

REVISIONS_KEPT = 50  # unnamed ones; a named version ("sent to editor") is never pruned
NAME_MAX = 120
AUTOSAVE_REVISION_EVERY = timedelta(minutes=5)
IDLE_PAUSE = timedelta(minutes=2)
LARGE_CHANGE_WORDS = 100

SLIDE_LIMIT = 64  # places a pure insertion or deletion is tried at
_JOINERS = "\u200c\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"  # ZWNJ and diacritics: inside a word
BEFORE = "before"  # keep the stored text before the save applies
AFTER = "after"  # keep the text the save makes


def list_revisions(*, session: Session, owner_id: int, task_id: int) -> list[RevisionPublic]:
    owned_task(session, owner_id=owner_id, task_id=task_id)
    rows = session.exec(select(TaskRevision).where(TaskRevision.task_id == task_id)
                        .order_by(col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc())).all()
    return [RevisionPublic.model_validate(r, from_attributes=True) for r in rows]


def get_revision_html(*, session: Session, owner_id: int, task_id: int, revision_id: int) -> str:
    owned_task(session, owner_id=owner_id, task_id=task_id)
    row = session.exec(select(TaskRevision).where(TaskRevision.id == revision_id,
                                                  TaskRevision.task_id == task_id)).first()
    if row is None:
        raise NotFound()
    return row.body_html


def preview_html(*, session: Session, owner_id: int, task_id: int, revision_id: int) -> str:
    """A revision's body for its preview: lists carry their own text's direction."""
    return with_list_directions(get_revision_html(session=session, owner_id=owner_id, task_id=task_id,
                                                  revision_id=revision_id))


def compare_revision(*, session: Session, owner_id: int, task_id: int, revision_id: int):
    """Paragraphs removed and added between a revision and the current text."""
    old_html = get_revision_html(session=session, owner_id=owner_id, task_id=task_id, revision_id=revision_id)
    current = owned_task(session, owner_id=owner_id, task_id=task_id)
    return compare_paragraphs(html_to_text(old_html), current.body_text)


def snapshot(session: Session, task: Task, reason: RevisionReason, now: datetime) -> None:
    newest = session.exec(select(TaskRevision.body_html).where(TaskRevision.task_id == task.id).order_by(
        col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc()).limit(1)).first()
    if newest == task.body_html and reason not in (RevisionReason.RESTORE, RevisionReason.FIXES):
        return  # Ctrl+S twice, or a save that changed nothing: one snapshot is enough
    session.add(TaskRevision(task_id=task.id, title=task.title, body_html=task.body_html,
                             word_count=task.word_count, reason=reason, created_at=now))
    session.flush()
    unnamed = (TaskRevision.task_id == task.id, col(TaskRevision.name).is_(None))
    keep = select(TaskRevision.id).where(*unnamed).order_by(
        col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc()).limit(REVISIONS_KEPT)
    session.exec(delete(TaskRevision).where(*unnamed, col(TaskRevision.id).not_in(keep)))


def name_revision(*, session: Session, owner_id: int, task_id: int, revision_id: int,
                  name: str | None) -> RevisionPublic:
    """Give a revision a name (kept for good, shown in the list) or clear it (None or blank).
    Someone else's revision is "not found"; a name past NAME_MAX is refused (`versions.name_too_long`)."""
    owned_task(session, owner_id=owner_id, task_id=task_id)
    row = session.exec(select(TaskRevision).where(TaskRevision.id == revision_id,
                                                  TaskRevision.task_id == task_id)).first()
    if row is None:
        raise NotFound()
    cleaned = storable(" ".join((name or "").split()))  # newlines and runs of spaces: one space
    if len(cleaned) > NAME_MAX:
        raise ServiceError("versions.name_too_long")
    row.name = cleaned or None
    session.add(row)
    session.flush()
    return RevisionPublic.model_validate(row, from_attributes=True)


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


def keep_before_fixes(*, session: Session, owner_id: int, task_id: int) -> None:
    """Keep the stored text as a revision before "fix all" changes it, so it can be restored."""
    task = owned_task(session, owner_id=owner_id, task_id=task_id, for_update=True)
    snapshot(session, task, RevisionReason.FIXES, utcnow())
