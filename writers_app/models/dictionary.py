"""A writer's own dictionary: words that spelling never marks in any of their pieces."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class PersonalWord(SQLModel, table=True):
    """One word, in the normalised form the checker looks up (analysis.spelling.normalise)."""

    __tablename__ = "personal_words"
    __table_args__ = (UniqueConstraint("user_id", "word", name="uq_personal_words_user_word"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    word: str = Field(sa_type=String(64))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
