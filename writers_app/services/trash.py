"""The trash: deleting a piece moves it here, where it waits `settings.trash_days` days to be
restored before it is purged for good (with its revisions, analysis and uploaded file).

A trashed piece is "not found" everywhere else: lists, search, figures, the editor, the API
(`services.access.owned_task` and the list queries skip `deleted_at IS NOT NULL`). Only its
owner can trash, restore or delete it for good; someone else's piece is "not found" here too.
Trashing leaves `updated_at` alone, so a restored piece goes back to its place in the list.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select, update

from writers_app import metrics
from writers_app.core.security import utcnow
from writers_app.models import Task, TrashedTaskPublic
from writers_app.services import audit, cache, uploads
from writers_app.services import tasks as task_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.settings import Settings, get_settings

log = logging.getLogger(__name__)

PAGE_SIZE = 50
PURGE_BATCH = 500  # pieces deleted per statement: a long trash never holds one huge lock


@dataclass
class TrashPage:
    items: list[TrashedTaskPublic]
    next_cursor: str | None


def _ids(task_ids: list[int]) -> list[int]:
    return sorted({int(i) for i in task_ids})[:1000]


def _forget_caches(session: Session, owner_id: int, task_ids: list[int]) -> None:
    cache.invalidate_after_commit(session, *cache.owner_keys(owner_id), *map(cache.analysis_key, task_ids))


def trash_tasks(*, session: Session, owner_id: int, task_ids: list[int]) -> list[int]:
    """Move the caller's live pieces among `task_ids` to the trash; others' ids are ignored.
    Returns the ids moved (what an "Undo" restores)."""
    wanted = _ids(task_ids)
    if not wanted:
        return []
    ids = list(session.exec(select(Task.id).where(col(Task.id).in_(wanted), Task.owner_id == owner_id,
                                                  col(Task.deleted_at).is_(None))).all())
    if ids:
        session.exec(update(Task).where(col(Task.id).in_(ids)).values(deleted_at=utcnow()))
        _forget_caches(session, owner_id, ids)
        log.info("pieces trashed", extra={"user_id": owner_id, "count": len(ids)})
    return ids


def restore_tasks(*, session: Session, owner_id: int, task_ids: list[int]) -> list[int]:
    """Take the caller's pieces among `task_ids` out of the trash; returns the ids restored."""
    ids = _trashed_ids(session, owner_id, task_ids)
    if ids:
        session.exec(update(Task).where(col(Task.id).in_(ids)).values(deleted_at=None))
        _forget_caches(session, owner_id, ids)
        log.info("pieces restored", extra={"user_id": owner_id, "count": len(ids)})
    return ids


def delete_forever(*, session: Session, owner_id: int, task_ids: list[int],
                   settings: Settings | None = None) -> int:
    """Delete the caller's trashed pieces among `task_ids` for good (a live piece is not touched:
    it goes to the trash first). Returns how many were deleted."""
    ids = _trashed_ids(session, owner_id, task_ids)
    return _delete(session, owner_id, ids, settings or get_settings())


def restore_task(*, session: Session, owner_id: int, task_id: int) -> None:
    """One piece out of the trash, or NotFound (not trashed, missing, someone else's)."""
    if not restore_tasks(session=session, owner_id=owner_id, task_ids=[task_id]):
        raise NotFound()


def trashed_piece(*, session: Session, owner_id: int, task_id: int,
                  settings: Settings | None = None) -> TrashedTaskPublic | None:
    """This piece of the caller's, if it is in the trash (the editor offers to restore it)."""
    row = session.exec(select(Task.id, Task.title, Task.word_count, Task.deleted_at).where(
        Task.id == task_id, Task.owner_id == owner_id, col(Task.deleted_at).is_not(None))).first()
    return _public(row, (settings or get_settings()).trash_days) if row else None


def _public(row, days: int) -> TrashedTaskPublic:  # noqa: ANN001  (id, title, word_count, deleted_at)
    task_id, title, words, deleted_at = row
    return TrashedTaskPublic(id=task_id, title=title, word_count=words, deleted_at=deleted_at,
                             purge_at=deleted_at + timedelta(days=days))


def list_trash(*, session: Session, owner_id: int, cursor: str | None = None, limit: int = PAGE_SIZE,
               settings: Settings | None = None) -> TrashPage:
    """The caller's trash, the latest deleted first, keyset-paginated on (deleted_at, id)."""
    days = (settings or get_settings()).trash_days
    limit = max(1, min(limit, 100))
    stmt = select(Task.id, Task.title, Task.word_count, Task.deleted_at).where(
        Task.owner_id == owner_id, col(Task.deleted_at).is_not(None))
    if cursor:
        deleted_at, last_id = _decode_cursor(cursor)
        stmt = stmt.where((col(Task.deleted_at) < deleted_at)
                          | ((col(Task.deleted_at) == deleted_at) & (col(Task.id) < last_id)))
    rows = session.exec(stmt.order_by(col(Task.deleted_at).desc(), col(Task.id).desc()).limit(limit + 1)).all()
    items = [_public(row, days) for row in rows[:limit]]
    more = len(rows) > limit
    return TrashPage(items=items, next_cursor=_encode_cursor(items[-1].deleted_at, items[-1].id) if more else None)


def count_trash(*, session: Session, owner_id: int) -> int:
    return session.exec(select(func.count()).select_from(Task).where(
        Task.owner_id == owner_id, col(Task.deleted_at).is_not(None))).one()


def purge_expired(*, session: Session, settings: Settings | None = None, now: datetime | None = None,
                  batch: int = PURGE_BATCH) -> int:
    """Delete for good every piece trashed more than `trash_days` ago, all writers, one batch
    at a time (committed after each). Safe to run twice, or in two workers at once: a piece
    already gone is simply not found again. Audited per writer; returns the count."""
    settings = settings or get_settings()
    cutoff = (now or utcnow()) - timedelta(days=settings.trash_days)
    total = 0
    while True:
        rows = session.exec(select(Task.id, Task.owner_id).where(col(Task.deleted_at).is_not(None),
                                                                  col(Task.deleted_at) < cutoff)
                            .order_by(col(Task.deleted_at)).limit(batch)).all()
        if not rows:
            break
        by_owner: dict[int, list[int]] = {}
        for task_id, owner_id in rows:
            by_owner.setdefault(owner_id, []).append(task_id)
        for owner_id, ids in by_owner.items():
            count = _delete(session, owner_id, ids, settings)
            audit.record(session, action="trash.purged", target_user_id=owner_id, count=count)
            total += count
        session.commit()
        if len(rows) < batch:
            break
    log.info("trash purged", extra={"count": total, "days": settings.trash_days})
    metrics.TRASH_PURGED.inc(total)
    return total


def _trashed_ids(session: Session, owner_id: int, task_ids: list[int]) -> list[int]:
    wanted = _ids(task_ids)
    if not wanted:
        return []
    return list(session.exec(select(Task.id).where(col(Task.id).in_(wanted), Task.owner_id == owner_id,
                                                   col(Task.deleted_at).is_not(None))).all())


def _delete(session: Session, owner_id: int, ids: list[int], settings: Settings) -> int:
    if not ids:
        return 0
    uploads.remove_files_after_commit(session, settings=settings, task_ids=ids)
    count = task_service.delete_tasks(session=session, owner_id=owner_id, task_ids=ids)
    log.info("pieces deleted for good", extra={"user_id": owner_id, "count": count})
    return count


def _encode_cursor(deleted_at: datetime, task_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([deleted_at.isoformat(), task_id]).encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        value, task_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(value, str) or isinstance(task_id, bool) or not isinstance(task_id, int) \
                or not 0 < task_id < 2**63:
            raise ValueError("bad trash cursor")
        return datetime.fromisoformat(value), task_id
    except (ValueError, TypeError, OverflowError, RecursionError, json.JSONDecodeError) as exc:
        raise ServiceError("error.bad_input") from exc
