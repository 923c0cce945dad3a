"""Users: the table, its create/update inputs and the public read model."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, EmailStr
from sqlalchemy import Column, String, Text
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class Role(StrEnum):
    WRITER = "writer"
    ADMIN = "admin"


class Language(StrEnum):
    FA = "fa"
    EN = "en"


class Theme(StrEnum):
    """The colour scheme a writer chose: the system's (the default), or always light or dark."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class UserBase(SQLModel):
    # Stored lower-cased by the service, which makes the unique index case-insensitive.
    email: str = Field(sa_column=Column(String(320), unique=True, nullable=False, index=True))
    display_name: str = Field(max_length=100)
    preferred_language: str = Field(default=Language.EN.value, sa_type=String(2))


class User(UserBase, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(sa_type=String(100))
    role: str = Field(default=Role.WRITER.value, sa_type=String(16), index=True)
    is_active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Last authenticated request (updated at most once a minute): the active-users metric.
    last_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # The writer's house style for "fix all" (TypographyOptions.to_dict() as JSON); NULL: the
    # defaults. Read and written only through services/typography.py.
    typography_options: str | None = Field(default=None, sa_type=Text)
    # The colour scheme (Theme), applied on every page the writer opens, in any browser.
    # Written only through services/theme.py.
    theme: str = Field(default=Theme.SYSTEM.value, sa_type=String(8),
                       sa_column_kwargs={"server_default": Theme.SYSTEM.value})
    # How the editor shows the writer's text (font, size, line width, typewriter scrolling) as
    # JSON; NULL: the defaults. Read and written only through services/writing_prefs.py.
    writing_prefs: str | None = Field(default=None, sa_type=Text)


class UserCreate(BaseModel):
    email: EmailStr
    display_name: str
    password: str
    preferred_language: Language = Language.EN


class UserPublic(BaseModel):
    """What the UI and the API may show about a user: never the hash."""

    id: int
    email: str
    display_name: str
    role: str
    is_active: bool
    preferred_language: str
    created_at: datetime
    last_login_at: datetime | None = None
    theme: str = Theme.SYSTEM.value

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN
