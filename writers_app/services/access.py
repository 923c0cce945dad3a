"""Who may do what, in one place: the checks every service runs before it reads or changes
anything that is not the caller's own. Someone else's row is "not found", never "forbidden",
so a refusal tells nothing about what exists."""

from __future__ import annotations

from writers_app.models import Role, UserPublic
from writers_app.services.errors import Forbidden


def is_admin(actor: UserPublic | None) -> bool:
    return actor is not None and actor.role == Role.ADMIN and actor.is_active


def require_admin(actor: UserPublic | None) -> UserPublic:
    """The actor, if an active admin; otherwise refused (as not found)."""
    if not is_admin(actor):
        raise Forbidden("error.not_found")
    return actor  # type: ignore[return-value]
