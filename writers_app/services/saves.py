"""The save log: an editor save stores what it changed, and the body catches up after the ack.

A one-paragraph save of a 200,000-word piece used to rewrite the whole body (HTML, text, search
copy, the trigram index and every list index of the task row) on the request path. Now the request
path (`services.tasks.save_blocks`) checks the revision under the task's row lock (a lock only:
no tuple, no index is written), splices the block document kept in this process
(`services.documents`), and inserts one `task_saves` row: the blocks the save put in, a paragraph.
"Saved" follows that row's commit, so an acknowledged save is durable.

Folding (`fold`) replays the pending rows on the stored body in revision order and writes the
derived copies once: body HTML and text, the search copy (only the changed blocks are folded
again), the word count, the writing-days tally and the revisions the autosave policy keeps,
decided per save exactly as before (`services.revision_policy`, with each save's own time). The
rows it folded are deleted in the same transaction. Folds happen:
- about FOLD_AFTER seconds after a save, in the process that took it (`FoldQueue`, drained by a
  lifespan task, `run_folds`), so search and the lists catch up within a second or two;
- at once for an explicit save (Ctrl+S makes a revision the writer expects to see) and for a big
  one (a whole-document save, a paste of more than SYNC_FOLD_BYTES);
- on every read of one task through `services.access.owned_task` that finds pending rows (the
  editor's load, the API, exports, analysis), whichever instance took the save;
- by `run_folds`' sweep for rows older than SWEEP_AFTER that another (stopped) instance left, and
  for everything queued here when the server stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Boolean, Uuid, bindparam, event, insert, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select

from writers_app.core.security import utcnow
from writers_app.db import session_scope
from writers_app.formats.blocks import BlockDocument, split_blocks
from writers_app.models import RevisionReason, Task, TaskSave
from writers_app.models.base import UTCDateTime
from writers_app.models.task import set_search_body
from writers_app.services import documents, writing_stats
from writers_app.services.errors import Conflict
from writers_app.services.revision_policy import (
    AFTER, BEFORE, autosave_snapshot, ends_at_word_boundary, keep_text, newest_revision_at,
)

log = logging.getLogger(__name__)

FOLD_AFTER = 1.0  # seconds from a save to its fold in the process that took it
SWEEP_EVERY = 15.0  # seconds between looks for rows another instance left
SWEEP_AFTER = timedelta(seconds=10)
SYNC_FOLD_BYTES = 64 * 1024
_QUEUED = "writers_fold_queue"
_DOCUMENTS = "writers_save_documents"  # documents of this transaction's revisions, cached once it commits


# append_on_base's statements, built once (SQLAlchemy caches their compiled form). The head is the newest
# logged revision, or the folded one: a fold deletes the rows it folds as it moves tasks.revision.
_APPEND_SQL = (
    "INSERT INTO task_saves (task_id, revision, save_id, start, delete_count, blocks, words, explicit, saved_at) "
    "SELECT t.id, :revision, :save_id, :start, :delete_count, :blocks, :words, :explicit, :saved_at FROM tasks t "
    "WHERE t.id = :task_id AND t.owner_id = :owner_id AND t.deleted_at IS NULL AND COALESCE("
    "(SELECT max(s.revision) FROM task_saves s WHERE s.task_id = t.id), t.revision) = :base{session} "
    "RETURNING revision")
_APPEND_BINDS = (bindparam("saved_at", type_=UTCDateTime()), bindparam("explicit", type_=Boolean()))
_APPEND_ON_BASE = text(_APPEND_SQL.format(session="")).bindparams(*_APPEND_BINDS)
# Also the session check (`resolve_session`'s rules): the session open, its user the owner, active.
_APPEND_IN_SESSION = text(_APPEND_SQL.format(session=(
    " AND EXISTS (SELECT 1 FROM sessions us JOIN users u ON u.id = us.user_id WHERE us.id = :session_id"
    " AND us.user_id = t.owner_id AND us.revoked_at IS NULL AND us.expires_at > :saved_at AND u.is_active)"
))).bindparams(*_APPEND_BINDS, bindparam("session_id", type_=Uuid()))


@dataclass(frozen=True)
class Head:
    """The task's newest acknowledged revision, under its row lock."""

    task_id: int
    folded_revision: int  # the revision tasks.body_html holds
    revision: int  # the newest, pending or folded
    save_id: str  # the id of the save that made `revision`
    words: int
    saved_at: datetime


def lock_head(session: Session, *, owner_id: int, task_id: int) -> Head | None:
    """The head of the owner's live task, its row locked until commit; None: not found."""
    row = session.exec(select(Task.revision, Task.last_save_id, Task.word_count, Task.updated_at).where(
        Task.id == task_id, Task.owner_id == owner_id, col(Task.deleted_at).is_(None)).with_for_update()).first()
    if row is None:
        return None
    folded, save_id, words, saved_at = row
    newest = session.exec(select(TaskSave.revision, TaskSave.save_id, TaskSave.words, TaskSave.saved_at).where(
        TaskSave.task_id == task_id, TaskSave.revision > folded).order_by(col(TaskSave.revision).desc()).limit(1)).first()
    if newest is not None:
        return Head(task_id, folded, *newest)
    return Head(task_id, folded, folded, save_id, words, saved_at)


def document_at(session: Session, head: Head) -> BlockDocument:
    """The body as of `head.revision`: from this process' cache, else the stored body with the
    pending saves replayed on it."""
    document = _cached(session, head.task_id, head.revision)
    if document is not None:
        return document
    document = _folded_document(session, head.task_id, head.folded_revision)
    for row in _pending(session, head.task_id, head.folded_revision):
        document = _apply(session, document, row)
    return document


def append_on_base(session: Session, *, owner_id: int, task_id: int, base_revision: int, save_id: str, start: int,
                   delete_count: int, blocks: list[str], document: BlockDocument, explicit: bool,
                   now: datetime, session_id: uuid.UUID | None = None) -> bool:
    """The save path's one statement: log the save as revision `base_revision + 1` if that is the owner's
    live task and `base_revision` its head (and, with `session_id`, that sign-in session open and its user
    active), else insert nothing (False: the locked path tells a retry, a conflict and a missing piece
    apart). Two inserts of one base race on the primary key: the second is an IntegrityError, a conflict."""
    params = {"task_id": task_id, "owner_id": owner_id, "base": base_revision, "revision": base_revision + 1,
              "save_id": save_id[:36], "start": start, "delete_count": delete_count, "saved_at": now,
              "blocks": json.dumps(blocks, ensure_ascii=False), "words": document.word_count, "explicit": explicit}
    try:
        stored = session.execute(_APPEND_ON_BASE if session_id is None else _APPEND_IN_SESSION,
                                 params | ({"session_id": session_id} if session_id else {})).first()
    except IntegrityError as exc:  # another save took that revision first
        raise Conflict("editor.conflict") from exc
    if stored is None:
        return False
    _cache_after_commit(session, task_id, base_revision + 1, document)
    session.info.setdefault(_QUEUED, set()).add(task_id)
    return True


def append(session: Session, *, head: Head, save_id: str, start: int, delete_count: int, blocks: list[str],
           document: BlockDocument, explicit: bool, now: datetime) -> None:
    """Log the save that turns `head` into `document` (its blocks already sanitised and split)."""
    revision = head.revision + 1
    session.execute(insert(TaskSave).values(
        task_id=head.task_id, revision=revision, save_id=save_id[:36], start=start, delete_count=delete_count,
        blocks=json.dumps(blocks, ensure_ascii=False), words=document.word_count, explicit=explicit, saved_at=now))
    _cache_after_commit(session, head.task_id, revision, document)
    session.info.setdefault(_QUEUED, set()).add(head.task_id)


def has_pending(session: Session, task_id: int, folded_revision: int) -> bool:
    return session.exec(select(TaskSave.revision).where(
        TaskSave.task_id == task_id, TaskSave.revision > folded_revision).limit(1)).first() is not None


def fold(session: Session, task_id: int) -> bool:
    """Fold the task's pending saves into its row (see the module doc); False: none were pending."""
    task = session.exec(select(Task).where(Task.id == task_id).with_for_update()).first()
    if task is None:
        return False
    rows = _pending(session, task_id, task.revision)
    if not rows:
        session.exec(delete(TaskSave).where(TaskSave.task_id == task_id))  # left by a fold that raced
        return False
    document = _folded_document(session, task_id, task.revision, task.body_html)
    newest_kept: list[datetime | None] = []  # looked up once, only if the policy asks
    last_saved_at, days = task.updated_at, defaultdict(int)

    def kept_at() -> datetime | None:
        if not newest_kept:
            newest_kept.append(newest_revision_at(session, task_id))
        return newest_kept[0]

    def keep(doc: BlockDocument, reason: RevisionReason, at: datetime) -> None:
        keep_text(session, task_id=task_id, title=task.title, html=doc.html, words=doc.word_count,
                  reason=reason, now=at)
        newest_kept[:] = [at]

    for row in rows:
        blocks = json.loads(row.blocks)
        after = _cached(session, task_id, row.revision) or _apply(session, document, row, blocks)
        new_blocks = len(blocks)
        choice = None if row.explicit else autosave_snapshot(
            newest_revision_at=kept_at(), last_saved_at=last_saved_at, now=row.saved_at,
            words_before=document.word_count, words_after=after.word_count,
            at_word_boundary=lambda: ends_at_word_boundary(
                "\n\n".join(document.texts[row.start:row.start + row.delete_count]),
                "\n\n".join(after.texts[row.start:row.start + new_blocks])))
        if choice == BEFORE:  # dated when that text was saved: it is the text as of then
            keep(document, RevisionReason.AUTOSAVE, last_saved_at)
        days[row.saved_at.date()] += after.word_count - document.word_count
        if row.explicit or choice == AFTER:
            keep(after, RevisionReason.EXPLICIT if row.explicit else RevisionReason.AUTOSAVE, row.saved_at)
        document, last_saved_at = after, row.saved_at
    last = rows[-1]
    task.body_html, task.body_text, task.word_count = document.html, document.text, document.word_count
    set_search_body(task, document.search_text)  # only the changed blocks folded (formats.blocks)
    task.revision, task.last_save_id = last.revision, last.save_id
    task.updated_at = max(task.updated_at, last.saved_at)  # a rename meanwhile is newer
    session.add(task)
    _tally(session, task.owner_id, days)
    session.exec(delete(TaskSave).where(TaskSave.task_id == task_id, TaskSave.revision <= last.revision))
    _cache_after_commit(session, task_id, last.revision, document, folded=True)
    return True


def pending_task_ids(session: Session, *, older_than: timedelta | None = None, limit: int = 200) -> list[int]:
    stmt = select(TaskSave.task_id).group_by(TaskSave.task_id)
    if older_than is not None:
        stmt = stmt.having(func.min(TaskSave.saved_at) < utcnow() - older_than)
    return list(session.exec(stmt.limit(limit)).all())


def _tally(session: Session, owner_id: int, days: dict[date, int]) -> None:
    for day, words in sorted(days.items()):
        writing_stats.add_written_words(session, owner_id=owner_id, words=words, day=day)


def _pending(session: Session, task_id: int, folded_revision: int) -> list[TaskSave]:
    return list(session.exec(select(TaskSave).where(TaskSave.task_id == task_id, TaskSave.revision > folded_revision)
                             .order_by(col(TaskSave.revision))).all())


def _folded_document(session: Session, task_id: int, revision: int, body_html: str | None = None) -> BlockDocument:
    document = _cached(session, task_id, revision)
    if document is None:
        if body_html is None:
            body_html = session.exec(select(Task.body_html).where(Task.id == task_id)).one()
        document = BlockDocument.from_blocks(split_blocks(body_html))
        _cache_after_commit(session, task_id, revision, document)
    return document


def _apply(session: Session, document: BlockDocument, row: TaskSave,
           blocks: list[str] | None = None) -> BlockDocument:
    after = document.splice_clean(row.start, row.delete_count, json.loads(row.blocks) if blocks is None else blocks)
    _cache_after_commit(session, row.task_id, row.revision, after)
    return after


def _cached(session: Session, task_id: int, revision: int) -> BlockDocument | None:
    """This transaction's own document of that revision, else the process' cached one."""
    mine = session.info.get(_DOCUMENTS)
    entry = mine.get((task_id, revision)) if mine else None
    return entry[0] if entry is not None else documents.cache.get(task_id, revision)


def _cache_after_commit(session: Session, task_id: int, revision: int, document: BlockDocument,
                        folded: bool = False) -> None:
    """Cache the document once the transaction commits (a rolled-back revision number may be taken by
    another save with other text). `folded`: the body now holds this revision, older ones are dropped."""
    session.info.setdefault(_DOCUMENTS, {})[(task_id, revision)] = (document, folded)


class FoldQueue:
    """Tasks of this process with a save to fold, each due FOLD_AFTER after its first unfolded save."""

    def __init__(self) -> None:
        self._lock, self._due = threading.Lock(), {}

    def add(self, *task_ids: int) -> None:
        at = time.monotonic() + FOLD_AFTER
        with self._lock:
            for task_id in task_ids:
                self._due.setdefault(task_id, at)

    def take(self, *, everything: bool = False) -> list[int]:
        now = time.monotonic()
        with self._lock:
            ready = [t for t, at in self._due.items() if everything or at <= now]
            for task_id in ready:
                del self._due[task_id]
        return ready

    def __len__(self) -> int:
        return len(self._due)


queue = FoldQueue()


@event.listens_for(Session, "after_commit")
def _queue_committed(session: Session) -> None:
    for (task_id, revision), (document, folded) in session.info.pop(_DOCUMENTS, {}).items():
        documents.cache.put(task_id, revision, document)
        if folded:
            documents.cache.forget_before(task_id, revision)
    queued = session.info.pop(_QUEUED, None)
    if queued:
        queue.add(*queued)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_QUEUED, None)
    session.info.pop(_DOCUMENTS, None)


def fold_now(task_ids: list[int]) -> int:
    """Fold each task in its own transaction; a failure is logged and the task tried again later."""
    folded = 0
    for task_id in task_ids:
        try:
            with session_scope() as session:
                folded += fold(session, task_id)
        except Exception:
            log.exception("fold failed; tried again at the next sweep", extra={"task_id": task_id})
    return folded


def sweep() -> int:
    """Fold what another instance (or a stopped one) left."""
    with session_scope() as session:
        ids = pending_task_ids(session, older_than=SWEEP_AFTER)
    return fold_now(ids) if ids else 0


async def run_folds(tick: float = 0.2) -> None:
    """The lifespan task: fold due tasks, sweep now and then, fold everything queued on the way out."""
    last_sweep = 0.0
    try:
        while True:
            await asyncio.sleep(tick)
            due = queue.take()
            if due:
                await asyncio.to_thread(fold_now, due)
            if time.monotonic() - last_sweep >= SWEEP_EVERY:
                last_sweep = time.monotonic()
                try:
                    await asyncio.to_thread(sweep)
                except Exception:  # a database that does not answer: the next sweep tries again
                    log.warning("fold sweep failed", exc_info=True)
    finally:
        rest = queue.take(everything=True)
        if rest:
            fold_now(rest)


@contextlib.asynccontextmanager
async def folding():  # noqa: ANN201
    """The app's lifespan task (`app.register_lifespan_task`): `run_folds` while the server runs."""
    folder = asyncio.create_task(run_folds(), name="writers-save-folds")
    try:
        yield
    finally:
        folder.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await folder
