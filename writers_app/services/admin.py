"""Admin views across every writer: all tasks, the job queue, failures. Admins only; audited."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, delete, or_, select

from writers_app import jobs
from writers_app.models import Task, TaskStatus, User, UserPublic
from writers_app.services import audit, cache, documents, health, processing
from writers_app.services.access import require_admin
from writers_app.core.fold import fold_search
from writers_app.core.text import storable


@dataclass
class AdminTask:
    id: int
    title: str
    owner_email: str
    status: str
    word_count: int
    updated_at: object
    failure_reason: str = ""
    failure_detail: str = ""
    attempts: int = 0
    trashed: bool = False  # in its writer's trash (services.trash): purged in time unless restored


def list_all_tasks(*, session: Session, actor: UserPublic | None, search: str | None = None,
                   status: str | None = None, before_id: int | None = None, limit: int = 50) -> list[AdminTask]:
    require_admin(actor)
    stmt = select(Task, User.email).join(User, col(User.id) == col(Task.owner_id))
    if search and search.strip():
        def like(text: str) -> str:
            return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

        term = storable(search.strip())
        # Titles as the dashboard matches them (folded, models.task: title_search); e-mails as typed.
        stmt = stmt.where(or_(Task.__table__.c.title_search.like(like(fold_search(term)), escape="\\"),
                              col(User.email).ilike(like(term), escape="\\")))
    if status:
        stmt = stmt.where(Task.status == status)
    if before_id:
        stmt = stmt.where(col(Task.id) < before_id)
    rows = session.exec(stmt.order_by(col(Task.id).desc()).limit(min(max(limit, 1), 200))).all()
    return [AdminTask(id=t.id, title=t.title, owner_email=email, status=t.status, word_count=t.word_count,
                      updated_at=t.updated_at, failure_reason=t.failure_reason, failure_detail=t.failure_detail,
                      attempts=t.attempts, trashed=t.deleted_at is not None) for t, email in rows]


def requeue(*, session: Session, actor: UserPublic | None, task_ids: list[int], ip: str = "") -> list[int]:
    """Re-analyse any writers' tasks (sent to the worker once the session commits); returns their ids."""
    admin = require_admin(actor)
    ids = list(session.exec(select(Task.id, Task.owner_id).where(  # a trashed piece is not analysed
        col(Task.id).in_(task_ids), col(Task.deleted_at).is_(None))).all())
    queued: list[int] = []
    for task_id, owner_id in ids:
        queued += processing.request_analysis(session=session, owner_id=owner_id, task_ids=[task_id])
        audit.record(session, action="admin.task_requeued", actor_id=admin.id, target_user_id=owner_id, ip=ip,
                     task_id=task_id)
    return queued


def failed_task_ids(*, session: Session, actor: UserPublic | None) -> list[int]:
    require_admin(actor)
    return list(session.exec(select(Task.id).where(Task.status == TaskStatus.FAILED.value,
                                                   col(Task.deleted_at).is_(None)).limit(5000)).all())


def delete_tasks(*, session: Session, actor: UserPublic | None, task_ids: list[int], ip: str = "") -> int:
    admin = require_admin(actor)
    rows = list(session.exec(select(Task.id, Task.owner_id).where(col(Task.id).in_(task_ids))).all())
    for task_id, owner_id in rows:
        audit.record(session, action="admin.task_deleted", actor_id=admin.id, target_user_id=owner_id, ip=ip,
                     task_id=task_id)
        cache.invalidate_after_commit(session, *cache.owner_keys(owner_id), cache.analysis_key(task_id))
    session.exec(delete(Task).where(col(Task.id).in_([r[0] for r in rows])))
    documents.cache.forget(*(r[0] for r in rows))
    return len(rows)


@dataclass
class JobsOverview:
    queue_depth: dict[str, int] = field(default_factory=dict)
    processing: list[AdminTask] = field(default_factory=list)
    failed: list[AdminTask] = field(default_factory=list)
    sweeper_seen_at: object = None
    sweeper_detail: dict = field(default_factory=dict)
    workers: list[dict] = field(default_factory=list)


def jobs_overview(*, session: Session, actor: UserPublic | None) -> JobsOverview:
    require_admin(actor)
    overview = JobsOverview(queue_depth=jobs.queue_depths())
    overview.processing = list_all_tasks(session=session, actor=actor, status=TaskStatus.PROCESSING.value)
    overview.failed = list_all_tasks(session=session, actor=actor, status=TaskStatus.FAILED.value)
    sweeper = health.heartbeats(session, kind="sweeper")
    if sweeper:
        overview.sweeper_seen_at, overview.sweeper_detail = sweeper[0].seen_at, sweeper[0].detail
    overview.workers = [{"name": b.name, "seen_at": b.seen_at, **b.detail} for b in health.heartbeats(session, kind="worker")]
    return overview
