"""Deleting one's own account: confirmed with the password, every session and API token ended,
every row of the user removed (the foreign keys to users cascade), the private files removed
once that is committed, and one audit entry kept (audit rows keep no link to a deleted user)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from writers_app.db import session_scope
from writers_app.models import Role, Task, User
from writers_app.services import api_tokens, audit, cache, documents, exports
from writers_app.services import sessions as session_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.services.profile import check_password
from writers_app.settings import Settings

log = logging.getLogger(__name__)


def _other_active_admins(session: Session, user_id: int) -> int:
    return session.exec(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN, col(User.is_active), User.id != user_id)).one()


def delete_account(*, session: Session, settings: Settings, user_id: int, password: str, ip: str = "") -> list[Path]:
    """Remove the account in the caller's transaction; returns the files to delete once it commits.
    A wrong password, or the last admin, raises ServiceError and changes nothing."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound()
    check_password(settings, user, password)
    if user.role == Role.ADMIN and _other_active_admins(session, user_id) == 0:
        raise ServiceError("profile.last_admin")
    files = [Path(settings.storage_dir) / str(user_id), *exports.stored_files(session=session, settings=settings,
                                                                              user_id=user_id)]
    session_service.revoke_user_sessions(session=session, user_id=user_id)
    api_tokens.revoke_user_tokens(session=session, user_id=user_id, reason="account_deleted")
    cache.invalidate_after_commit(session, *cache.owner_keys(user_id))
    session.flush()
    role = user.role
    task_ids = session.exec(select(Task.id).where(Task.owner_id == user_id)).all()
    session.delete(user)  # pieces, revisions, files' rows, exports, webhooks, tokens, sessions: ON DELETE CASCADE
    session.flush()
    documents.cache.forget(*task_ids)
    audit.record(session, action="account.deleted", ip=ip, user_id=user_id, role=role)
    log.info("account deleted", extra={"user_id": user_id})
    return files


def delete_account_and_files(*, settings: Settings, user_id: int, password: str, ip: str = "") -> None:
    """The whole deletion as its own unit of work, then the private files (blocking: bcrypt)."""
    with session_scope() as session:
        files = delete_account(session=session, settings=settings, user_id=user_id, password=password, ip=ip)
    for path in files:
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        except OSError as exc:  # the rows are gone; a leftover file is logged for the operators
            log.error("a deleted account's file was not removed", extra={"path": str(path), "error": str(exc)})
