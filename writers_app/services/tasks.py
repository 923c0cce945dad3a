"""Tasks: creating, reading, saving (whole bodies or block deltas), restoring and deleting.
Every query is scoped to its owner here, so no caller can forget it.

A task someone else owns is "not found", exactly like one that does not exist.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, update
from sqlmodel import Session, col, delete

from writers_app import metrics
from writers_app.core.fold import fold_search
from writers_app.core.security import utcnow
from writers_app.core.text import storable
from writers_app.formats.blocks import BlockDocument, split_blocks
from writers_app.formats.sanitize import sanitize_html
from writers_app.db import in_transactions
from writers_app.models import RevisionReason, Task, TaskDetail, TaskPublic, TaskSave, TaskStatus
from writers_app.services import cache, documents, revisions, saves, writing_stats
from writers_app.services.access import owned_task
from writers_app.services.errors import Conflict, NotFound, ServiceError

log = logging.getLogger(__name__)

MAX_TITLE = 300
MAX_BODY_BYTES = 16 * 1024 * 1024  # ~2.5 million words: far past any novel


def _to_public(task: Task) -> TaskPublic:
    return TaskPublic.model_validate(task, from_attributes=True)


def create_task(*, session: Session, owner_id: int, title: str = "", body_html: str = "",
                status: TaskStatus = TaskStatus.DRAFT, language: str | None = None) -> TaskPublic:
    document = BlockDocument.from_blocks(split_blocks(_clean_html(body_html)))
    task = Task(owner_id=owner_id, title=_clean_title(title), body_html=document.html,
                body_text=document.text, word_count=document.word_count, status=status, language=language,
                queued_at=utcnow() if status == TaskStatus.QUEUED else None)
    session.add(task)
    session.flush()
    writing_stats.add_written_words(session, owner_id=owner_id, words=document.word_count)
    log.info("task created", extra={"user_id": owner_id, "task_id": task.id})
    metrics.TASKS_CREATED.labels("upload" if status == TaskStatus.QUEUED else "editor").inc()
    return _to_public(task)


def get_task(*, session: Session, owner_id: int, task_id: int) -> TaskDetail:
    task = owned_task(session, owner_id=owner_id, task_id=task_id)
    return TaskDetail.model_validate(task, from_attributes=True)


def update_details(*, session: Session, owner_id: int, task_id: int, title: str | None = None,
                   word_goal: int | None = None, due_date: date | None = None,
                   clear_goal: bool = False, clear_due: bool = False) -> TaskPublic:
    task = owned_task(session, owner_id=owner_id, task_id=task_id, for_update=True, current=False)  # no body
    return _to_public(_change_details(task, title=title, word_goal=word_goal, due_date=due_date,
                                      clear_goal=clear_goal, clear_due=clear_due))


def update_details_get(*, session: Session, owner_id: int, task_id: int, title: str | None = None,
                       word_goal: int | None = None, due_date: date | None = None,
                       clear_goal: bool = False, clear_due: bool = False) -> TaskDetail:
    """`update_details`, answering what `get_task` would answer afterwards (the API's PATCH), in
    one statement: UPDATE ... RETURNING, which locks, changes and reads the row at once (the ORM
    path takes a SELECT ... FOR UPDATE, the UPDATE at flush, and a SELECT for the answer; the
    plain text, as large as the body, is never read). What the ORM's flush hooks do for a changed
    task is done here: the title's search copy (models.task) and the caches dropped after commit
    (services.cache). One statement, so a caller may run it outside a transaction. The row says
    too whether saves wait in the save log (services.saves): then they are folded in and the
    answer read again, so its body and revision are the last ones acknowledged, as get_task's."""
    if word_goal is not None and not (0 < word_goal <= 10_000_000):
        owned_task(session, owner_id=owner_id, task_id=task_id)  # someone else's: not found, as before
        raise ServiceError("task.goal_invalid")
    values: dict = {"updated_at": utcnow()}
    if title is not None:
        values["title"] = _clean_title(title)
        values["title_search"] = fold_search(values["title"])
    if word_goal is not None or clear_goal:
        values["word_goal"] = word_goal
    if due_date is not None or clear_due:
        values["due_date"] = due_date
    table = Task.__table__
    pending = exists().where(TaskSave.__table__.c.task_id == table.c.id).label("pending")
    row = session.connection().execute(
        update(table).where(table.c.id == task_id, table.c.owner_id == owner_id, table.c.deleted_at.is_(None))
        .values(values).returning(*_DETAIL_COLUMNS, pending)).first()
    if row is None:
        raise NotFound()
    cache.invalidate_after_commit(session, *cache.owner_keys(owner_id), cache.analysis_key(task_id))
    answer = dict(row._mapping)
    if answer.pop("pending"):
        in_transactions(session)  # the fold locks the row and writes several tables together
        saves.fold(session, task_id)
        return TaskDetail.model_validate(session.get(Task, task_id, populate_existing=True), from_attributes=True)
    return TaskDetail.model_validate(answer)


_DETAIL_COLUMNS = tuple(Task.__table__.c[name] for name in TaskDetail.model_fields)


def _change_details(task: Task, *, title: str | None, word_goal: int | None, due_date: date | None,
                    clear_goal: bool, clear_due: bool) -> Task:
    if title is not None:
        task.title = _clean_title(title)
    if word_goal is not None or clear_goal:
        if word_goal is not None and not (0 < word_goal <= 10_000_000):
            raise ServiceError("task.goal_invalid")
        task.word_goal = word_goal
    if due_date is not None or clear_due:
        task.due_date = due_date
    task.updated_at = utcnow()
    return task  # in the session already (loaded by it): flushed with the next query or the commit


@dataclass(frozen=True)
class SaveResult:
    revision: int
    word_count: int
    saved_at: datetime


def save_body(*, session: Session, owner_id: int, task_id: int, base_revision: int, html: str,
              explicit: bool = False, save_id: str = "") -> SaveResult:
    """Replace the whole body (the editor's full save)."""
    return save_blocks(session=session, owner_id=owner_id, task_id=task_id, base_revision=base_revision,
                       start=0, delete_count=None, blocks=[_clean_html(html)], explicit=explicit,
                       save_id=save_id)


def save_blocks(*, session: Session, owner_id: int, task_id: int, base_revision: int, start: int,
                delete_count: int | None, blocks: list[str], explicit: bool = False,
                blocks_before: int | None = None, blocks_after: int | None = None,
                save_id: str = "") -> SaveResult:
    """Replace `delete_count` top-level blocks from `start` (None: all) with `blocks`.

    Refused with `editor.conflict` unless `base_revision` is the stored revision, so a stale
    tab can never overwrite newer text. `blocks_before`/`blocks_after` are the editor's block
    counts: if they disagree with ours the delta is refused (`editor.resync`) and the editor
    sends the whole document instead. A retry of the save that made the current revision
    (same `save_id`) is acknowledged again rather than refused.
    """
    clean = _clean_blocks(blocks)
    fast = _append_on_known_base(session, owner_id=owner_id, task_id=task_id, base_revision=base_revision,
                                 start=start, delete_count=delete_count, clean=clean, explicit=explicit,
                                 blocks_before=blocks_before, blocks_after=blocks_after, save_id=save_id)
    if fast is not None:
        return fast
    head = saves.lock_head(session, owner_id=owner_id, task_id=task_id)
    if head is None:
        raise NotFound()
    if save_id and save_id[:36] == head.save_id and base_revision == head.revision - 1:
        return SaveResult(revision=head.revision, word_count=head.words, saved_at=head.saved_at)
    if base_revision != head.revision:
        raise Conflict("editor.conflict")
    current = saves.document_at(session, head)
    whole = delete_count is None
    updated = _spliced(current, start, len(current.blocks) if whole else delete_count, clean,
                       None if whole else blocks_before, blocks_after)
    now = utcnow()
    saves.append(session, head=head, save_id=save_id, start=start, delete_count=len(current.blocks) if whole else
                 delete_count, blocks=clean, document=updated, explicit=explicit, now=now)
    if explicit or whole or sum(len(b) for b in clean) > saves.SYNC_FOLD_BYTES:
        saves.fold(session, task_id)  # Ctrl+S's revision, a whole new body, a big paste: folded before the ack
    return SaveResult(revision=head.revision + 1, word_count=updated.word_count, saved_at=now)


def save_blocks_in_session(*, session: Session, session_id: uuid.UUID, owner_id: int, task_id: int,
                           base_revision: int, start: int, delete_count: int | None, blocks: list[str],
                           explicit: bool = False, blocks_before: int | None = None,
                           blocks_after: int | None = None, save_id: str = "") -> SaveResult | None:
    """`save_blocks`'s common case as one statement that is also the sign-in check: a delta on
    the revision this process acknowledged last, logged only if `session_id` is open and names
    the owner, an active user. None: nothing was stored, and the caller takes the full path
    (`resolve_session`, then `save_blocks`), which tells every other case apart. Run it outside
    a transaction (`db.autocommit`): the one INSERT is atomic by itself."""
    clean = _clean_blocks(blocks)
    return _append_on_known_base(session, owner_id=owner_id, task_id=task_id, base_revision=base_revision,
                                 start=start, delete_count=delete_count, clean=clean, explicit=explicit,
                                 blocks_before=blocks_before, blocks_after=blocks_after, save_id=save_id,
                                 session_id=session_id)


def _clean_blocks(blocks: list[str]) -> list[str]:
    if sum(len(b) for b in blocks) > MAX_BODY_BYTES:
        raise ServiceError("editor.too_large")
    return [piece for block in blocks for piece in split_blocks(sanitize_html(block))]  # a paste may hold several


def _append_on_known_base(session: Session, *, owner_id: int, task_id: int, base_revision: int, start: int,
                          delete_count: int | None, clean: list[str], explicit: bool, blocks_before: int | None,
                          blocks_after: int | None, save_id: str,
                          session_id: uuid.UUID | None = None) -> SaveResult | None:
    """The common case: the tab saves on the revision this process acknowledged last. One INSERT
    checks owner, trash and head (and the sign-in session, with `session_id`) and logs the save;
    None: anything else, for the locked path."""
    known = documents.cache.get(task_id, base_revision)
    if known is None or explicit or delete_count is None or sum(map(len, clean)) > saves.SYNC_FOLD_BYTES:
        return None
    try:
        updated = _spliced(known, start, delete_count, clean, blocks_before, blocks_after)
    except ServiceError:  # a stale base is a conflict before it is a resync: the locked path says which
        return None
    now = utcnow()
    if not saves.append_on_base(session, owner_id=owner_id, task_id=task_id, base_revision=base_revision,
                                save_id=save_id, start=start, delete_count=delete_count, blocks=clean,
                                document=updated, explicit=False, now=now, session_id=session_id):
        return None
    return SaveResult(revision=base_revision + 1, word_count=updated.word_count, saved_at=now)


def _spliced(current: BlockDocument, start: int, delete_count: int, clean: list[str], blocks_before: int | None,
             blocks_after: int | None) -> BlockDocument:
    """`current` with the save applied, after checking the editor's block counts against ours."""
    if blocks_before is not None and blocks_before != len(current.blocks):
        raise ServiceError("editor.resync")
    updated = current.splice_clean(start, delete_count, clean)
    if blocks_after is not None and blocks_after != len(updated.blocks):
        raise ServiceError("editor.resync")
    if updated.size > MAX_BODY_BYTES:
        raise ServiceError("editor.too_large")
    return updated


def delete_tasks(*, session: Session, owner_id: int, task_ids: list[int]) -> int:
    """Delete the caller's tasks among `task_ids`; ids of other writers are silently ignored."""
    if not task_ids:
        return 0
    result = session.exec(delete(Task).where(col(Task.id).in_(task_ids), Task.owner_id == owner_id))
    documents.cache.forget(*task_ids)
    cache.invalidate_after_commit(session, *cache.owner_keys(owner_id), *map(cache.analysis_key, task_ids))
    return result.rowcount or 0


def restore_revision(*, session: Session, owner_id: int, task_id: int, revision_id: int) -> SaveResult:
    """Put an older text back; the text it replaces is kept as a revision first."""
    html = revisions.get_revision_html(session=session, owner_id=owner_id, task_id=task_id, revision_id=revision_id)
    task = owned_task(session, owner_id=owner_id, task_id=task_id, for_update=True)
    revisions.snapshot(session, task, RevisionReason.RESTORE, utcnow())
    return save_body(session=session, owner_id=owner_id, task_id=task_id, base_revision=task.revision, html=html)


def _clean_title(title: str) -> str:
    return " ".join(storable(title or "").split())[:MAX_TITLE]


def _clean_html(html: str) -> str:
    if len(html or "") > MAX_BODY_BYTES:
        raise ServiceError("editor.too_large")
    return sanitize_html(html or "")
