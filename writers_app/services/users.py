"""User administration; every function takes the acting user and checks the role itself."""

from __future__ import annotations

from sqlmodel import Session, col, select

from writers_app.models import Role, User, UserPublic
from writers_app.services.errors import Forbidden


def require_admin(actor: UserPublic | None) -> UserPublic:
    if actor is None or actor.role != Role.ADMIN or not actor.is_active:
        raise Forbidden("error.not_found")
    return actor


def list_users(*, session: Session, actor: UserPublic | None, limit: int = 200) -> list[UserPublic]:
    require_admin(actor)
    rows = session.exec(select(User).order_by(col(User.created_at).desc()).limit(limit)).all()
    return [UserPublic.model_validate(u, from_attributes=True) for u in rows]
