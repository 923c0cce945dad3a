"""Webhooks a writer registers, and the log of every delivery attempt."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class Webhook(SQLModel, table=True):
    __tablename__ = "webhooks"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    url: str = Field(sa_type=String(2000))
    # Signs every payload (HMAC-SHA256). Shown to the writer once, when the webhook is made.
    secret: str = Field(sa_type=String(64))
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_hook_created", "webhook_id", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhooks.id", ondelete="CASCADE")
    event: str = Field(sa_type=String(32))
    task_id: int | None = None
    attempt: int = Field(default=1)
    status_code: int | None = None
    ok: bool = Field(default=False)
    error: str = Field(default="", sa_type=String(300))
    duration_ms: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebhookPublic(BaseModel):
    id: int
    url: str
    active: bool
    created_at: datetime


class DeliveryPublic(BaseModel):
    id: int
    webhook_id: int
    event: str
    task_id: int | None
    attempt: int
    status_code: int | None
    ok: bool
    error: str
    duration_ms: int
    created_at: datetime
