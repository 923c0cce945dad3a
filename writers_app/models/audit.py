"""The audit log: admin actions and security events, kept in the database."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import JSON, Index, String
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_created", "created_at", "id"),
                      Index("ix_audit_events_action_created", "action", "created_at", "id"))

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    action: str = Field(sa_type=String(48))
    target_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    ip: str = Field(default="", sa_type=String(45))
    detail: dict = Field(default_factory=dict, sa_type=JSON)


class AuditEventPublic(BaseModel):
    id: int
    created_at: datetime
    actor_id: int | None
    action: str
    target_user_id: int | None
    ip: str
    detail: dict
