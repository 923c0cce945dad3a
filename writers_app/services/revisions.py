"""Revisions of a task: snapshots kept on explicit saves, restores and at most one autosave in
AUTOSAVE_REVISION_EVERY (the latest REVISIONS_KEPT), listed, shown and compared for the owner."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlmodel import Session, col, delete, func, select

from writers_app.formats.compare import compare_paragraphs
from writers_app.formats.sanitize import html_to_text
from writers_app.models import RevisionPublic, RevisionReason, Task, TaskRevision
from writers_app.services.access import owned_task
from writers_app.services.errors import NotFound

REVISIONS_KEPT = 50
AUTOSAVE_REVISION_EVERY = timedelta(minutes=10)


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


def compare_revision(*, session: Session, owner_id: int, task_id: int, revision_id: int):
    """Paragraphs removed and added between a revision and the current text."""
    old_html = get_revision_html(session=session, owner_id=owner_id, task_id=task_id, revision_id=revision_id)
    current = owned_task(session, owner_id=owner_id, task_id=task_id)
    return compare_paragraphs(html_to_text(old_html), current.body_text)


def snapshot(session: Session, task: Task, reason: RevisionReason, now: datetime) -> None:
    newest = session.exec(select(TaskRevision.body_html).where(TaskRevision.task_id == task.id).order_by(
        col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc()).limit(1)).first()
    if newest == task.body_html and reason != RevisionReason.RESTORE:
        return  # Ctrl+S twice, or a save that changed nothing: one snapshot is enough
    session.add(TaskRevision(task_id=task.id, title=task.title, body_html=task.body_html,
                             word_count=task.word_count, reason=reason, created_at=now))
    session.flush()
    keep = select(TaskRevision.id).where(TaskRevision.task_id == task.id).order_by(
        col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc()).limit(REVISIONS_KEPT)
    session.exec(delete(TaskRevision).where(TaskRevision.task_id == task.id, col(TaskRevision.id).not_in(keep)))


def last_revision_older_than(session: Session, task_id: int, moment: datetime) -> bool:
    latest = session.exec(select(func.max(TaskRevision.created_at)).where(TaskRevision.task_id == task_id)).one()
    if latest is None:
        return True
    if latest.tzinfo is None:  # SQLite aggregates lose the column type
        latest = datetime.fromisoformat(str(latest)).replace(tzinfo=timezone.utc)
    return latest <= moment
