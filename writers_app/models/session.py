"""Login sessions: the server-side record behind each session cookie."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import String
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class UserSession(SQLModel, table=True):
    __tablename__ = "sessions"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    user_agent: str = Field(default="", sa_type=String(255))
    ip: str = Field(default="", sa_type=String(45))


class SessionPublic(BaseModel):
    id: str
    created_at: datetime
    expires_at: datetime
    user_agent: str
    ip: str
    current: bool = False


class PasswordResetToken(SQLModel, table=True):
    """A single-use reset link; only the SHA-256 of the token is stored."""

    __tablename__ = "password_reset_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
