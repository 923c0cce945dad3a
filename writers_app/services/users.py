"""User administration. Every function takes the acting user and checks the role itself, and
records what it did in the audit log, whether called from the admin pages, the API or the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, or_, select

from writers_app.core.security import hash_password, new_opaque_token, utcnow
from writers_app.models import Role, Task, User, UserPublic, UserSession
from writers_app.services import api_tokens, audit, auth, sessions
from writers_app.services.access import require_admin
from writers_app.services.errors import NotFound, ServiceError
from writers_app.core.text import storable


def list_users(*, session: Session, actor: UserPublic | None, search: str | None = None, role: str | None = None,
               active: bool | None = None, limit: int = 200) -> list[UserPublic]:
    require_admin(actor)
    stmt = select(User)
    if search and search.strip():
        term = "%" + storable(search.strip().lower()).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(col(User.email).ilike(term, escape="\\"), col(User.display_name).ilike(term, escape="\\")))
    if role in (Role.ADMIN, Role.WRITER):
        stmt = stmt.where(User.role == role)
    if active is not None:
        stmt = stmt.where(User.is_active == active)
    rows = session.exec(stmt.order_by(col(User.created_at).desc(), col(User.id).desc()).limit(limit)).all()
    return [UserPublic.model_validate(u, from_attributes=True) for u in rows]


@dataclass(frozen=True)
class UserUsage:
    user: UserPublic
    tasks: int
    words: int
    open_sessions: int


def user_details(*, session: Session, actor: UserPublic | None, user_id: int) -> UserUsage:
    require_admin(actor)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    tasks, words = session.exec(select(func.count(), func.coalesce(func.sum(Task.word_count), 0))
                                .where(Task.owner_id == user_id, col(Task.deleted_at).is_(None))).one()
    open_sessions = session.exec(select(func.count()).select_from(UserSession).where(
        UserSession.user_id == user_id, col(UserSession.revoked_at).is_(None),
        col(UserSession.expires_at) > utcnow())).one()
    return UserUsage(user=UserPublic.model_validate(user, from_attributes=True), tasks=tasks, words=int(words),
                     open_sessions=open_sessions)


def emails_by_id(*, session: Session, actor: UserPublic | None, user_ids: list[int]) -> dict[int, str]:
    """The e-mail address of each of these users that exists (the audit log names people, not ids)."""
    require_admin(actor)
    wanted = sorted({i for i in user_ids if i})[:500]
    if not wanted:
        return {}
    return dict(session.exec(select(User.id, User.email).where(col(User.id).in_(wanted))).all())


def _active_admins(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User).where(User.role == Role.ADMIN, col(User.is_active))).one()


def _target(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def set_active(*, session: Session, actor: UserPublic | None, user_id: int, active: bool, ip: str = "") -> UserPublic:
    """Deactivate (ending every open session at once) or reactivate an account."""
    admin = require_admin(actor)
    user = _target(session, user_id)
    if not active:
        if user.id == admin.id:
            raise ServiceError("admin.cannot_deactivate_self")
        if user.role == Role.ADMIN and user.is_active and _active_admins(session) <= 1:
            raise ServiceError("admin.last_admin")
    user.is_active = active
    session.add(user)
    if not active:
        sessions.revoke_user_sessions(session=session, user_id=user.id)
    audit.record(session, action="admin.user_reactivated" if active else "admin.user_deactivated",
                 actor_id=admin.id, target_user_id=user.id, ip=ip)
    return UserPublic.model_validate(user, from_attributes=True)


def set_role(*, session: Session, actor: UserPublic | None, user_id: int, role: str, ip: str = "") -> UserPublic:
    admin = require_admin(actor)
    if role not in (Role.ADMIN, Role.WRITER):
        raise ServiceError("error.bad_input")
    user = _target(session, user_id)
    if role == Role.WRITER and user.role == Role.ADMIN:
        if user.id == admin.id:
            raise ServiceError("admin.cannot_demote_self")
        if _active_admins(session) <= 1:
            raise ServiceError("admin.last_admin")
    previous, user.role = user.role, role
    session.add(user)
    audit.record(session, action="admin.role_changed", actor_id=admin.id, target_user_id=user.id, ip=ip,
                 before=previous, after=role)
    return UserPublic.model_validate(user, from_attributes=True)


def force_password_reset(*, session: Session, settings, actor: UserPublic | None, user_id: int,  # noqa: ANN001
                         ip: str = "") -> None:
    """The current password stops working, every session ends, and a reset link is mailed."""
    admin = require_admin(actor)
    user = _target(session, user_id)
    user.password_hash = hash_password(new_opaque_token(), rounds=settings.bcrypt_rounds)
    session.add(user)
    sessions.revoke_user_sessions(session=session, user_id=user.id)
    api_tokens.revoke_user_tokens(session=session, user_id=user.id, reason="reset_forced", actor_id=admin.id, ip=ip)
    audit.record(session, action="admin.reset_forced", actor_id=admin.id, target_user_id=user.id, ip=ip)
    if user.is_active:
        auth.request_password_reset(session=session, settings=settings, email=user.email)
