"""A writer's colour scheme (system, light or dark): read with the session, saved from the header."""

from __future__ import annotations

from sqlmodel import Session

from writers_app.models import Theme, User
from writers_app.services.errors import NotFound, ServiceError

THEMES: tuple[str, ...] = tuple(theme.value for theme in Theme)


def read_theme(raw: str | None) -> str:
    """A stored value as one of THEMES: anything else (hand-edited, NULL) follows the system."""
    return raw if raw in THEMES else Theme.SYSTEM.value


def get_theme(*, session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return read_theme(user.theme)


def set_theme(*, session: Session, user_id: int, theme: str) -> str:
    """Store the writer's choice; a value outside THEMES is refused with `error.bad_input`."""
    if theme not in THEMES:
        raise ServiceError("error.bad_input")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    user.theme = theme
    session.add(user)
    return theme
