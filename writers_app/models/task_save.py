"""The save log: each editor save as the blocks it replaced, a row per revision, until it is
folded into the task's body (`writers_app.services.saves`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class TaskSave(SQLModel, table=True):
    """One acknowledged save not yet folded into `tasks.body_html`: the revision it made, what it
    replaced (`start`, `delete_count` blocks of the revision before) and the sanitised blocks it
    put there (a JSON list). The primary key (task_id, revision) makes a second save of the same
    base revision impossible even without the task's row lock."""

    __tablename__ = "task_saves"

    task_id: int = Field(foreign_key="tasks.id", primary_key=True, ondelete="CASCADE")
    revision: int = Field(primary_key=True)
    save_id: str = Field(default="", sa_type=String(36))
    start: int = Field(default=0)
    delete_count: int = Field(default=0)
    blocks: str = Field(default="[]", sa_type=Text)
    words: int = Field(default=0)  # the body's word count after this save
    explicit: bool = Field(default=False)
    saved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
