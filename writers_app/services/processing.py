"""Processing a task: extract an uploaded draft, analyse the text, keep the result.

`run_task` is the worker's whole job and is safe to run twice (delivery is at-least-once).
Status lives in the database, so a sweeper can re-send anything a lost queue forgot.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, or_, select

from writers_app import jobs, metrics
from writers_app.analysis import ANALYSIS_VERSION, analyse_text
from writers_app.core.security import utcnow
from writers_app.db import session_scope
from writers_app.formats.detect import ExtractionError, detect_kind
from writers_app.formats.extract import extract
from writers_app.models import Task, TaskAnalysis, TaskFile, TaskPublic, TaskStatus
from writers_app.services import cache, saves, typography, uploads, webhooks
from writers_app.services import tasks as task_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.settings import Settings

log = logging.getLogger(__name__)

STALE_QUEUED = timedelta(minutes=2)
STALE_PROCESSING = timedelta(minutes=15)  # beyond the actor's time limit: the worker died
_PENDING = (TaskStatus.QUEUED.value, TaskStatus.PROCESSING.value)


def request_analysis(*, session: Session, owner_id: int, task_ids: list[int]) -> list[int]:
    """Queue the caller's tasks for (re-)analysis; they are sent to the worker once the session
    commits. Returns their ids."""
    if not task_ids:
        return []
    rows = session.exec(select(Task.id).where(col(Task.id).in_(task_ids), Task.owner_id == owner_id,
                                              col(Task.deleted_at).is_(None))).all()  # not one in the trash
    if not rows:
        raise NotFound()
    now = utcnow()
    cache.invalidate_after_commit(session, *cache.owner_keys(owner_id))
    session.exec(update(Task).where(col(Task.id).in_(rows)).values(
        status=TaskStatus.QUEUED.value, stage="", progress=0, failure_reason="", queued_at=now))
    for task_id in rows:
        jobs.send_after_commit(session, jobs.PROCESS_TASK, task_id)
    return list(rows)


def _set(session: Session, task_id: int, **values) -> None:
    session.exec(update(Task).where(col(Task.id) == task_id).values(**values))
    session.commit()


DEFERRED = "deferred"


def _busy_for_owner(session: Session, owner_id: int, now: datetime) -> int:
    return session.exec(select(func.count()).select_from(Task).where(
        Task.owner_id == owner_id, Task.status == TaskStatus.PROCESSING.value,
        col(Task.processing_started_at) > now - STALE_PROCESSING)).one()


def run_task(task_id: int, *, settings: Settings) -> str | None:
    """Extract (for uploads) and analyse one task; idempotent.

    Returns DEFERRED, without doing anything, when the writer already has
    `per_writer_concurrency` tasks in progress: the caller sends the task again later.
    """
    started = time.perf_counter()
    with session_scope() as session:
        task = session.get(Task, task_id)
        if task is None:
            log.info("task gone before processing", extra={"task_id": task_id})
            return None
        done = session.get(TaskAnalysis, task_id)
        if task.status == TaskStatus.ANALYZED and done and done.version == ANALYSIS_VERSION \
                and not _is_stale(session, task, done):
            return None  # a redelivered message for work already done
        if task.status != TaskStatus.PROCESSING and \
                _busy_for_owner(session, task.owner_id, utcnow()) >= settings.per_writer_concurrency:
            return DEFERRED
        upload = session.exec(select(TaskFile).where(TaskFile.task_id == task_id)).first()
        needs_extraction = upload is not None and task.revision == 0
        cache.invalidate_after_commit(session, *cache.owner_keys(task.owner_id))
        _set(session, task_id, status=TaskStatus.PROCESSING.value, progress=5,
             stage="extracting" if needs_extraction else "analysing",
             processing_started_at=utcnow(), attempts=task.attempts + 1)
        owner_id = task.owner_id
    try:
        if needs_extraction:
            _extract_upload(task_id, owner_id=owner_id, settings=settings)
        with session_scope() as session:
            cache.invalidate_after_commit(session, *cache.owner_keys(owner_id))  # listed progress
            _set(session, task_id, stage="analysing", progress=50)
            saves.fold(session, task_id)  # the last acknowledged save, not the last folded one
            task = session.get(Task, task_id)
            text, revision = task.body_text, task.revision
            options = typography.get_options(session=session, user_id=owner_id)  # the owner's house style
        result = analyse_text(text, options)
        with session_scope() as session:
            cache.invalidate_after_commit(session, *cache.owner_keys(owner_id))
            _set(session, task_id, progress=90)
            row = session.get(TaskAnalysis, task_id) or TaskAnalysis(task_id=task_id, version=0, revision=0)
            row.version, row.revision, row.words = ANALYSIS_VERSION, revision, _words(result)
            row.result = result.model_dump(mode="json")
            row.options = typography.options_json(options)
            row.duration_ms = int((time.perf_counter() - started) * 1000)
            row.created_at = utcnow()
            session.add(row)
            cache.invalidate_after_commit(session, *cache.owner_keys(owner_id), cache.analysis_key(task_id))
            session.exec(update(Task).where(col(Task.id) == task_id).values(
                status=TaskStatus.ANALYZED.value, stage="", progress=100, failure_reason=""))
        log.info("task analysed", extra={"task_id": task_id, "words": row.words, "ms": row.duration_ms})
        metrics.TASK_PROCESSING_SECONDS.observe(time.perf_counter() - started)
        metrics.WORDS_PROCESSED.inc(row.words)
        metrics.TASKS_ANALYZED.inc()
        _notify(owner_id, "task.analyzed", task_id)
    except ExtractionError as exc:
        # A broken file stays broken: fail now with the reason instead of retrying.
        mark_failed(task_id=task_id, reason=exc.code)
    return None


def _words(result) -> int:  # noqa: ANN001
    return sum(section.statistics.words for section in result.sections.values())


def _extract_upload(task_id: int, *, owner_id: int, settings: Settings) -> None:
    with session_scope() as session:
        path, row = uploads.upload_path(session=session, settings=settings, task_id=task_id)
    data = path.read_bytes()
    document = extract(data, detect_kind(data, row.original_name))
    if not document.text.strip():
        raise ExtractionError("upload.no_text")
    with session_scope() as session:
        task = session.get(Task, task_id)
        if task.revision != 0:
            return  # extracted by an earlier delivery of this message
        task_service.save_body(session=session, owner_id=owner_id, task_id=task_id, base_revision=0,
                               html=document.html, explicit=True, save_id=f"upload-{task_id}")
    log.info("upload extracted", extra={"task_id": task_id, "kind": row.kind})


def record_error(task_id: int, detail: str) -> None:
    """The last unexpected error of a task (a traceback), for the admins' jobs page."""
    try:
        with session_scope() as session:
            session.exec(update(Task).where(col(Task.id) == task_id).values(failure_detail=detail[-20_000:]))
    except Exception:
        log.exception("could not record the error", extra={"task_id": task_id})


def mark_failed(*, task_id: int, reason: str) -> bool:
    """Mark a pending task failed; True only the first time (so it happens exactly once)."""
    with session_scope() as session:
        owner = session.exec(select(Task.owner_id).where(col(Task.id) == task_id)).first()
        if owner is not None:
            cache.invalidate_after_commit(session, *cache.owner_keys(owner))
        result = session.exec(update(Task).where(col(Task.id) == task_id, col(Task.status).in_(_PENDING)).values(
            status=TaskStatus.FAILED.value, stage="", failure_reason=reason[:120]))
        changed = (result.rowcount or 0) == 1
    if changed:
        log.warning("task failed", extra={"task_id": task_id, "reason": reason})
        metrics.TASKS_FAILED.labels(reason=reason.split(":")[0][:40]).inc()
        with session_scope() as session:
            owner_id = session.get(Task, task_id).owner_id
        _notify(owner_id, "task.failed", task_id)
    return changed


def _notify(owner_id: int, event: str, task_id: int) -> None:
    """Queue webhook deliveries; a failure here must never undo the task's own result."""
    try:
        webhooks.enqueue_event(owner_id=owner_id, event=event, task_id=task_id)
    except Exception:
        log.exception("could not queue webhook deliveries", extra={"task_id": task_id, "event": event})


def stuck_task_ids(*, session: Session, now: datetime | None = None, everything: bool = False) -> list[int]:
    """Tasks a worker should have picked up by now (or every pending one, at start-up)."""
    now = now or utcnow()
    stmt = select(Task.id).where(col(Task.status).in_(_PENDING))
    if not everything:
        stmt = stmt.where(or_(
            (Task.status == TaskStatus.QUEUED.value) & (col(Task.queued_at) < now - STALE_QUEUED),
            (Task.status == TaskStatus.PROCESSING.value) & (col(Task.processing_started_at) < now - STALE_PROCESSING),
        ))
    return list(session.exec(stmt.limit(5000)).all())


def progress_of(*, session: Session, owner_id: int, task_ids: list[int]) -> list[TaskPublic]:
    if not task_ids:
        return []
    rows = session.exec(select(Task).where(col(Task.id).in_(task_ids), Task.owner_id == owner_id)).all()
    return [TaskPublic.model_validate(r, from_attributes=True) for r in rows]


def analysis_is_stale(*, session: Session, owner_id: int, task_id: int, analysis: TaskAnalysis) -> bool:
    """Whether `analysis` no longer answers for the task: the text changed since, or the
    owner's typography options did (its fixes follow the old house style)."""
    task = session.get(Task, task_id)
    if task is None or task.owner_id != owner_id:
        raise NotFound()
    return _is_stale(session, task, analysis)


def _is_stale(session: Session, task: Task, analysis: TaskAnalysis) -> bool:
    if analysis.revision != task.revision:
        return True
    wanted = typography.options_json(typography.get_options(session=session, user_id=task.owner_id))
    return (analysis.options or typography.DEFAULT_JSON) != wanted


def analysed_revisions(*, session: Session, owner_id: int, task_ids: list[int]) -> dict[int, int]:
    """The body revision each of the owner's tasks among `task_ids` was last analysed at (a task
    never analysed is absent): a list compares it with the task's revision to mark text changed
    since its analysis."""
    if not task_ids:
        return {}
    rows = session.exec(select(TaskAnalysis.task_id, TaskAnalysis.revision).join(Task, Task.id == TaskAnalysis.task_id)
                        .where(col(TaskAnalysis.task_id).in_(task_ids), Task.owner_id == owner_id)).all()
    return {task_id: revision for task_id, revision in rows}


def get_analysis(*, session: Session, owner_id: int, task_id: int) -> TaskAnalysis | None:
    task_service.get_task(session=session, owner_id=owner_id, task_id=task_id)  # ownership
    return session.get(TaskAnalysis, task_id)


def analysis_payload(*, session: Session, owner_id: int, task_id: int) -> dict | None:
    """The stored analysis as plain JSON (what the API serves), cached: results of a long
    manuscript are large and read far more often than they change."""
    task_service.get_task(session=session, owner_id=owner_id, task_id=task_id)  # ownership, every time

    def compute() -> dict | None:
        row = session.get(TaskAnalysis, task_id)
        if row is None:
            return None
        return {"task_id": task_id, "version": row.version, "revision": row.revision, "words": row.words,
                "duration_ms": row.duration_ms, "created_at": row.created_at.isoformat(), "result": row.result}

    return cache.get_or_compute(cache.analysis_key(task_id), compute)


__all__ = ["ServiceError", "analysed_revisions", "analysis_is_stale", "get_analysis", "mark_failed", "progress_of", "request_analysis",
           "run_task", "stuck_task_ids"]
