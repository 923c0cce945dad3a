"""Tasks: one piece of writing, the core entity."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import Index, String, Text
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class TaskStatus(StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    PROCESSING = "processing"
    ANALYZED = "analyzed"
    FAILED = "failed"


class TaskBase(SQLModel):
    title: str = Field(default="", max_length=300)
    word_goal: int | None = Field(default=None, ge=0)
    due_date: date | None = None
    language: str | None = Field(default=None, sa_type=String(8))


class Task(TaskBase, table=True):
    __tablename__ = "tasks"
    __table_args__ = (
        # The owner's dashboard: newest first, keyset-paginated on (updated_at, id).
        Index("ix_tasks_owner_updated", "owner_id", "updated_at", "id"),
        Index("ix_tasks_owner_status_updated", "owner_id", "status", "updated_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    body_html: str = Field(default="", sa_type=Text)
    body_text: str = Field(default="", sa_type=Text)
    status: str = Field(default=TaskStatus.DRAFT.value, sa_type=String(16))
    word_count: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TaskCreate(TaskBase):
    body_html: str = ""


class TaskPublic(BaseModel):
    id: int
    title: str
    status: str
    word_count: int
    word_goal: int | None = None
    due_date: date | None = None
    language: str | None = None
    created_at: datetime
    updated_at: datetime
