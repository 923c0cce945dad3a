"""A writer's own account: e-mail changes waiting for their link, and "export everything" jobs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class EmailChangeToken(SQLModel, table=True):
    """A single-use link mailed to the NEW address; only the SHA-256 of the token is stored."""

    __tablename__ = "email_change_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    new_email: str = Field(sa_type=String(320))
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ExportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class DataExport(SQLModel, table=True):
    """One "export everything" zip: its job's state, and where the file is kept once built."""

    __tablename__ = "data_exports"
    __table_args__ = (Index("ix_data_exports_user_created", "user_id", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    status: str = Field(default=ExportStatus.QUEUED.value, sa_type=String(16))
    progress: int = Field(default=0)
    pieces: int = Field(default=0)  # how many pieces the zip holds
    size: int = Field(default=0)
    # A random name under <storage>/exports/ (never a path the browser chose).
    stored_name: str = Field(default="", sa_type=String(64))
    failure_reason: str = Field(default="", sa_type=String(120))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DataExportPublic(BaseModel):
    """What the profile page shows about an export: never the stored file name."""

    id: int
    status: str
    progress: int
    pieces: int
    size: int
    failure_reason: str
    created_at: datetime
    finished_at: datetime | None = None
    expires_at: datetime | None = None
