"""Personal API tokens: a writer's long-lived credentials for scripts and other systems."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import String
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class TokenScope(StrEnum):
    READ = "read"
    READ_WRITE = "read-write"


class ApiToken(SQLModel, table=True):
    """Only the SHA-256 of the token is kept; the token itself is shown to the writer once."""

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_type=String(100))
    scope: str = Field(default=TokenScope.READ.value, sa_type=String(16))
    # The first characters of the token ("wrt_" and a few more), so a writer can tell tokens apart.
    prefix: str = Field(sa_type=String(16))
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiTokenPublic(BaseModel):
    """What the settings page and the API show about a token: never the token or its hash."""

    id: int
    name: str
    scope: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
