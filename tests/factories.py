"""Test data made through the app's own services, so every row is one the app could have made.

Each factory takes the SQLModel session to write in and flushes (never commits): the caller's
`session_scope()` or `db` fixture decides when the data is seen by others. E-mails are unique
by default, so a test names one only when it looks it up or asserts on it.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session

from writers_app.models import Language, TaskStatus, TokenScope, User
from writers_app.services import api_tokens, auth, tasks
from writers_app.services import sessions as session_service
from writers_app.settings import Settings

PASSWORD = "a long enough pass"  # the one password of every test account


def unique_email(prefix: str = "writer") -> str:
    """An address no other test account has."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def _user_id(user: User | int) -> int:
    return user if isinstance(user, int) else user.id


def make_writer(session: Session, settings: Settings, *, email: str | None = None, password: str = PASSWORD,
                display_name: str = "Test Writer", language: str = Language.EN) -> User:
    """A registered writer (auth.register_user)."""
    return auth.register_user(session=session, settings=settings, email=email or unique_email(),
                              display_name=display_name, password=password, language=language)


def make_admin(session: Session, settings: Settings, *, email: str | None = None, password: str = PASSWORD,
               display_name: str = "Test Admin") -> User:
    """A registered admin (auth.create_admin)."""
    return auth.create_admin(session=session, settings=settings, email=email or unique_email("admin"),
                             display_name=display_name, password=password)


def make_task(session: Session, owner: User | int, *, title: str = "", body_html: str = "",
              status: TaskStatus = TaskStatus.DRAFT, language: str | None = None):  # noqa: ANN201 (TaskPublic)
    """A task of `owner` (a user or its id), as the editor or an upload makes it (tasks.create_task)."""
    return tasks.create_task(session=session, owner_id=_user_id(owner), title=title, body_html=body_html,
                             status=status, language=language)


def make_token(session: Session, user: User | int, *, scope: str = TokenScope.READ_WRITE.value, name: str = "tests",
               expires_in_days: int = 0) -> str:
    """A personal API token of `user` (api_tokens.create_token); returns the token itself."""
    _public, token = api_tokens.create_token(session=session, owner_id=_user_id(user), name=name, scope=scope,
                                             expires_in_days=expires_in_days)
    return token


def make_session_token(session: Session, user: User, settings: Settings) -> str:
    """A signed-in session of `user` (sessions.create_session); returns the cookie's value."""
    return session_service.create_session(session=session, user=user, settings=settings)[1]
