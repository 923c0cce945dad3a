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


from sqlmodel import Session, col, select

from writers_app.core.errors import ServiceError
from writers_app.core.security import utcnow
from writers_app.core.text import storable
from writers_app.formats.compare import compare_paragraphs
from writers_app.formats.sanitize import html_to_text, with_list_directions
from writers_app.models import RevisionPublic, RevisionReason, TaskRevision
from writers_app.services.access import owned_task
from writers_app.services.errors import NotFound
from writers_app.services.revision_policy import (  # noqa: F401  (re-exported: the policy's home is revision_policy)
    AFTER, AUTOSAVE_REVISION_EVERY, BEFORE, IDLE_PAUSE, LARGE_CHANGE_WORDS, REVISIONS_KEPT, autosave_snapshot,
    ends_at_word_boundary, newest_revision_at, snapshot,
)

NAME_MAX = 120


def list_revisions(*, session: Session, owner_id: int, task_id: int) -> list[RevisionPublic]:
    owned_task(session, owner_id=owner_id, task_id=task_id)
    rows = session.exec(select(TaskRevision).where(TaskRevision.task_id == task_id)
                        .order_by(col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc())).all()
    return [RevisionPublic.model_validate(r, from_attributes=True) for r in rows]


def get_revision_html(*, session: Session, owner_id: int, task_id: int, revision_id: int) -> str:
    owned_task(session, owner_id=owner_id, task_id=task_id, current=False)
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


def name_revision(*, session: Session, owner_id: int, task_id: int, revision_id: int,
                  name: str | None) -> RevisionPublic:
    """Give a revision a name (kept for good, shown in the list) or clear it (None or blank).
    Someone else's revision is "not found"; a name past NAME_MAX is refused (`versions.name_too_long`)."""
    owned_task(session, owner_id=owner_id, task_id=task_id, current=False)
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


def keep_before_fixes(*, session: Session, owner_id: int, task_id: int) -> None:
    """Keep the stored text as a revision before "fix all" changes it, so it can be restored."""
    task = owned_task(session, owner_id=owner_id, task_id=task_id, for_update=True)
    snapshot(session, task, RevisionReason.FIXES, utcnow())
