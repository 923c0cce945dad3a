"""Heartbeats of the moving parts (workers, the sweeper), for health checks and admin pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from writers_app.models.base import UTCDateTime, utcnow


class Heartbeat(SQLModel, table=True):
    __tablename__ = "heartbeats"

    name: str = Field(primary_key=True, sa_type=String(120))  # e.g. "worker:host:pid", "sweeper"
    kind: str = Field(sa_type=String(16), index=True)  # worker | sweeper
    detail: dict = Field(default_factory=dict, sa_type=JSON)
    seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
