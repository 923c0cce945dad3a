"""Uploaded drafts: streamed to private storage under random names, typed by content, each
becoming a queued task. Only the owner's session (or the worker, by task id) reads them back."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from sqlalchemy import event
from sqlmodel import Session, col, select

from writers_app import jobs, metrics
from writers_app.db import session_scope
from writers_app.formats.detect import ExtractionError, detect_kind
from writers_app.formats.titles import document_title
from writers_app.models import TaskFile, TaskPublic, TaskStatus
from writers_app.services import tasks as task_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.settings import Settings

log = logging.getLogger(__name__)


class StorageFailed(ServiceError):
    """The storage folder refused the file (full, read-only, gone): nothing of it was kept."""

    status_code = 503


def _storage_failure(exc: OSError, *, stage: str, filename: str) -> StorageFailed:
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
    log.error("upload not stored: the storage folder refused it", extra={
        "stage": stage, "errno": errno.errorcode.get(exc.errno or 0, str(exc.errno)), "file": display_name(filename)})
    return StorageFailed("upload.storage_full" if full else "upload.storage_unavailable")


def _storage(settings: Settings) -> Path:
    path = Path(settings.storage_dir)
    (path / "incoming").mkdir(parents=True, exist_ok=True)
    return path


def display_name(filename: str) -> str:
    """The file's own name without folders or control characters, for titles and messages."""
    name = PurePath((filename or "").replace("\\", "/")).name
    return "".join(ch for ch in name if ch.isprintable())[:255] or "upload"


@dataclass
class IncomingFile:
    """One file arriving in chunks; refuses to store a byte past the limit."""

    settings: Settings
    filename: str
    path: Path = field(init=False)
    size: int = 0
    too_large: bool = False
    failed: StorageFailed | None = None  # the storage refused it: nothing is kept, the error says why
    stored_at: Path | None = None  # where accept_upload moved it (removed again if the task is not committed)
    _digest: "hashlib._Hash" = field(default_factory=hashlib.sha256, init=False)
    _handle: object = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.path = Path(self.settings.storage_dir) / "incoming" / f"{uuid.uuid4().hex}.part"
        try:
            self.path = _storage(self.settings) / "incoming" / self.path.name
            self._handle = self.path.open("wb")
        except OSError as exc:
            self.failed = _storage_failure(exc, stage="open", filename=self.filename)

    def write(self, data: bytes) -> None:
        if self.too_large or self.failed:
            return
        if self.size + len(data) > self.settings.upload_max_bytes:
            self.too_large = True  # keep nothing of an oversized file
            self.discard()
            return
        try:
            self._handle.write(data)  # type: ignore[attr-defined]
        except OSError as exc:  # full mid-file: the part written so far goes too
            self.failed = _storage_failure(exc, stage="write", filename=self.filename)
            self.discard()
            return
        self._digest.update(data)
        self.size += len(data)

    def close(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            try:
                handle.close()  # type: ignore[attr-defined]  (flushes: a full disk may say so only now)
            except OSError as exc:
                self.failed = self.failed or _storage_failure(exc, stage="close", filename=self.filename)
                self.discard()

    def discard(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            try:
                handle.close()  # type: ignore[attr-defined]
            except OSError:
                pass  # being thrown away: what it could not flush does not matter
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.error("could not remove a partial upload", extra={"path": str(self.path), "error": str(exc)})

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


def accept_upload(*, session: Session, settings: Settings, owner_id: int, incoming: IncomingFile) -> TaskPublic:
    """Check a fully received file and turn it into a queued task (sent to the worker once the
    session commits); raises with a message key."""
    incoming.close()
    try:
        if incoming.too_large:
            raise ServiceError("upload.too_large")
        if incoming.failed:
            raise incoming.failed
        data = incoming.path.read_bytes()
        kind = detect_kind(data, incoming.filename)
        name = display_name(incoming.filename)
        # The document's own heading or title when it has one ("Draft notes", not "draft-notes").
        title = document_title(data, kind) or PurePath(name).stem
        task = task_service.create_task(session=session, owner_id=owner_id, title=title, status=TaskStatus.QUEUED)
        stored_name = uuid.uuid4().hex
        owner_dir = Path(settings.storage_dir) / str(owner_id)
        try:
            owner_dir.mkdir(parents=True, exist_ok=True)
            os.replace(incoming.path, owner_dir / stored_name)
        except OSError as exc:
            raise _storage_failure(exc, stage="store", filename=incoming.filename) from exc
        incoming.stored_at = owner_dir / stored_name
        session.add(TaskFile(task_id=task.id, owner_id=owner_id, stored_name=stored_name, original_name=name,
                             kind=kind.value, size=incoming.size, sha256=incoming.sha256))
        session.flush()
        jobs.send_after_commit(session, jobs.PROCESS_TASK, task.id)
        log.info("upload stored", extra={"user_id": owner_id, "task_id": task.id, "kind": kind.value,
                                         "bytes": incoming.size})
        metrics.UPLOAD_BYTES.inc(incoming.size)
        return task
    except (ServiceError, ExtractionError):
        incoming.discard()
        raise


def store_upload(*, settings: Settings, owner_id: int, incoming: IncomingFile) -> TaskPublic:
    """The whole of a finished upload, for the dashboard and the API alike: its own unit of
    work, committed, with the file kept only if the task was. Blocking: run it in a thread."""
    try:
        with session_scope() as session:
            return accept_upload(session=session, settings=settings, owner_id=owner_id, incoming=incoming)
    except BaseException:
        incoming.discard()
        if incoming.stored_at is not None:  # moved into place, but the task was not committed
            incoming.stored_at.unlink(missing_ok=True)
        raise


def upload_path(*, session: Session, settings: Settings, task_id: int, owner_id: int | None = None) -> tuple[Path, TaskFile]:
    """Where a task's upload is kept. With `owner_id`, only that owner's file is found."""
    stmt = select(TaskFile).where(TaskFile.task_id == task_id)
    if owner_id is not None:
        stmt = stmt.where(TaskFile.owner_id == owner_id)
    row = session.exec(stmt).first()
    if row is None:
        raise NotFound()
    return Path(settings.storage_dir) / str(row.owner_id) / row.stored_name, row


_UNLINK = "writers_files_after_commit"


def remove_files_after_commit(session: Session, *, settings: Settings, task_ids: list[int]) -> int:
    """The stored uploads of these tasks are removed from disk once `session` commits (the rows
    go with their tasks); kept on rollback. Returns how many files that is."""
    if not task_ids:
        return 0
    rows = session.exec(select(TaskFile.owner_id, TaskFile.stored_name).where(col(TaskFile.task_id).in_(task_ids))).all()
    paths = [Path(settings.storage_dir) / str(owner_id) / name for owner_id, name in rows]
    session.info.setdefault(_UNLINK, []).extend(paths)
    return len(paths)


@event.listens_for(Session, "after_commit")
def _unlink_committed(session: Session) -> None:
    for path in session.info.pop(_UNLINK, ()):
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:  # the row is gone either way; the file is an orphan to clean by hand
            log.error("could not remove a deleted piece's upload", extra={"path": str(path), "error": str(exc)})


@event.listens_for(Session, "after_rollback")
def _keep_files(session: Session) -> None:
    session.info.pop(_UNLINK, None)
