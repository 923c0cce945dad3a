""""Export everything": a zip of every piece of a writer as Markdown and DOCX, plus metadata.json,
built by a job (`build_export`) that writes its progress to `data_exports`, so the profile page
can show it live. The zip is kept privately under <storage>/exports/ for `data_export_hours`,
downloadable by its owner only, then deleted."""

from __future__ import annotations

import json
import logging
import os
import uuid
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, update
from sqlmodel import Session, col, or_, select

from writers_app import jobs, routes
from writers_app.core.security import utcnow
from writers_app.db import session_scope
from writers_app.formats.export import export_filename, render_export
from writers_app.i18n import translate
from writers_app.models import DataExport, DataExportPublic, ExportStatus, Task, TaskRevision, User
from writers_app.services import audit, saves
from writers_app.services.errors import NotFound
from writers_app.services.mail import send_mail
from writers_app.settings import Settings

log = logging.getLogger(__name__)

EXPIRED = "expired"  # shown for a finished export whose zip is gone
STALE_QUEUED = timedelta(minutes=2)
STALE_RUNNING = timedelta(minutes=40)  # beyond the actor's time limit: the worker died
_PENDING = (ExportStatus.QUEUED.value, ExportStatus.RUNNING.value)


def exports_dir(settings: Settings) -> Path:
    return Path(settings.storage_dir) / "exports"


def _public(row: DataExport, now: datetime | None = None) -> DataExportPublic:
    shown = DataExportPublic.model_validate(row, from_attributes=True)
    if row.status == ExportStatus.DONE and row.expires_at and row.expires_at <= (now or utcnow()):
        shown.status = EXPIRED
    return shown


def latest_export(*, session: Session, user_id: int) -> DataExportPublic | None:
    row = session.exec(select(DataExport).where(DataExport.user_id == user_id)
                       .order_by(col(DataExport.created_at).desc(), col(DataExport.id).desc())).first()
    return _public(row) if row else None


def request_export(*, session: Session, user_id: int, ip: str = "") -> DataExportPublic:
    """Start an export (sent to the worker when the session commits); one at a time: while one
    is queued or running, that one is returned."""
    running = session.exec(select(DataExport).where(DataExport.user_id == user_id,
                                                    col(DataExport.status).in_(_PENDING))).first()
    if running is not None:
        return _public(running)
    row = DataExport(user_id=user_id)
    session.add(row)
    session.flush()
    jobs.send_after_commit(session, jobs.BUILD_EXPORT, row.id)
    audit.record(session, action="profile.export_requested", actor_id=user_id, target_user_id=user_id, ip=ip)
    log.info("data export requested", extra={"user_id": user_id, "export_id": row.id})
    return _public(row)


def _set(export_id: int, **values) -> None:
    with session_scope() as session:
        session.exec(update(DataExport).where(col(DataExport.id) == export_id).values(**values))


def _unique(name: str, ext: str, taken: set[str]) -> str:
    """`name.ext`, or `name (2).ext` and so on when another piece has the same title."""
    base, n = export_filename(name, ext)[: -len(ext) - 1], 1
    candidate = f"{base}.{ext}"
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base} ({n}).{ext}"
    taken.add(candidate.lower())
    return candidate


def _piece_metadata(task: Task, revisions: int, md: str, docx: str) -> dict:
    return {"title": task.title, "markdown": md, "docx": docx, "created_at": task.created_at.isoformat(),
            "updated_at": task.updated_at.isoformat(), "word_count": task.word_count, "word_goal": task.word_goal,
            "due_date": task.due_date.isoformat() if task.due_date else None, "language": task.language,
            "status": task.status, "revisions": revisions}


def run_export(export_id: int, *, settings: Settings) -> None:
    """Build one export's zip; safe to run twice (a finished export is left alone)."""
    with session_scope() as session:
        row = session.get(DataExport, export_id)
        if row is None or row.status in (ExportStatus.DONE, ExportStatus.FAILED):
            return
        user = session.get(User, row.user_id)
        task_ids = list(session.exec(select(Task.id).where(Task.owner_id == row.user_id)
                                     .order_by(col(Task.created_at), col(Task.id))).all())
        owner = {"display_name": user.display_name, "email": user.email, "language": user.preferred_language,
                 "created_at": user.created_at.isoformat()}
        user_id, lang = user.id, user.preferred_language or "en"
    _set(export_id, status=ExportStatus.RUNNING.value, progress=1)
    folder = exports_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{uuid.uuid4().hex}.zip"
    part = folder / f"{stored_name}.part"
    pieces, taken, shown = [], {"metadata.json"}, 1
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for i, task_id in enumerate(task_ids, start=1):
                with session_scope() as session:
                    saves.fold(session, task_id)  # saves not folded yet are part of the piece
                    task = session.get(Task, task_id)
                    if task is None:
                        continue  # deleted while the export ran
                    revisions = session.exec(select(func.count()).select_from(TaskRevision)
                                             .where(TaskRevision.task_id == task_id)).one()
                md, docx = _unique(task.title, "md", taken), _unique(task.title, "docx", taken)
                for name, fmt in ((md, "md"), (docx, "docx")):
                    body = render_export(fmt, title=task.title, body_html=task.body_html, lang=lang).body
                    archive.writestr(name, body.encode("utf-8") if isinstance(body, str) else body)
                pieces.append(_piece_metadata(task, revisions, md, docx))
                if (progress := 1 + (94 * i) // len(task_ids)) > shown:
                    _set(export_id, progress=progress)
                    shown = progress
            metadata = {"exported_at": utcnow().isoformat(), "account": owner, "pieces": pieces}
            archive.writestr("metadata.json", json.dumps(metadata, ensure_ascii=False, indent=2))
        os.replace(part, folder / stored_name)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    now = utcnow()
    expires = now + timedelta(hours=settings.data_export_hours)
    _set(export_id, status=ExportStatus.DONE.value, progress=100, pieces=len(pieces), stored_name=stored_name,
         size=(folder / stored_name).stat().st_size, finished_at=now, expires_at=expires)
    log.info("data export built", extra={"user_id": user_id, "export_id": export_id, "pieces": len(pieces)})
    _mail_ready(settings, owner, lang)


def _mail_ready(settings: Settings, owner: dict, lang: str) -> None:
    """A failed mail never undoes the export: the page shows the link either way."""
    link = f"{settings.public_url.rstrip('/')}{routes.PROFILE}"
    try:
        send_mail(settings=settings, to=owner["email"], subject=translate("mail.export_ready_subject", lang),
                  body=translate("mail.export_ready_body", lang).format(name=owner["display_name"], link=link))
    except Exception as exc:
        log.warning("export-ready mail not sent", extra={"error": type(exc).__name__})


def mark_failed(*, export_id: int, reason: str = "profile.export_failed") -> bool:
    """A pending export failed (retries exhausted); True only the first time."""
    with session_scope() as session:
        result = session.exec(update(DataExport).where(col(DataExport.id) == export_id,
                                                       col(DataExport.status).in_(_PENDING))
                              .values(status=ExportStatus.FAILED.value, failure_reason=reason[:120]))
        changed = (result.rowcount or 0) == 1
    if changed:
        log.warning("data export failed", extra={"export_id": export_id, "reason": reason})
    return changed


def download(*, session: Session, settings: Settings, user_id: int, export_id: int) -> tuple[Path, str]:
    """The owner's finished, unexpired zip and its download name; anything else is not found."""
    row = session.exec(select(DataExport).where(DataExport.id == export_id, DataExport.user_id == user_id)).first()
    if row is None or _public(row).status != ExportStatus.DONE or not row.stored_name:
        raise NotFound()
    path = exports_dir(settings) / row.stored_name
    if not path.is_file():
        raise NotFound()
    return path, f"writers-export-{row.created_at.date().isoformat()}.zip"


def stuck_export_ids(*, session: Session, now: datetime | None = None, everything: bool = False) -> list[int]:
    """Exports a worker should have picked up by now (or every pending one, at start-up)."""
    now = now or utcnow()
    stmt = select(DataExport.id).where(col(DataExport.status).in_(_PENDING))
    if not everything:
        stmt = stmt.where(or_(
            (DataExport.status == ExportStatus.QUEUED.value) & (col(DataExport.created_at) < now - STALE_QUEUED),
            (DataExport.status == ExportStatus.RUNNING.value) & (col(DataExport.created_at) < now - STALE_RUNNING)))
    return list(session.exec(stmt.limit(1000)).all())


def purge_expired(*, session: Session, settings: Settings, now: datetime | None = None) -> int:
    """Delete the zips whose time is up (their rows stay, shown as expired); returns how many."""
    rows = session.exec(select(DataExport).where(DataExport.status == ExportStatus.DONE.value,
                                                 col(DataExport.expires_at) <= (now or utcnow()),
                                                 DataExport.stored_name != "")).all()
    for row in rows:
        (exports_dir(settings) / row.stored_name).unlink(missing_ok=True)
        row.stored_name = ""
        session.add(row)
    return len(rows)


def stored_files(*, session: Session, settings: Settings, user_id: int) -> list[Path]:
    """Every export zip of the user that is on disk (account deletion removes them)."""
    names = session.exec(select(DataExport.stored_name).where(DataExport.user_id == user_id,
                                                              DataExport.stored_name != "")).all()
    return [exports_dir(settings) / name for name in names]
