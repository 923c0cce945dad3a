"""Health of the parts: database, Redis, workers (heartbeats) and the sweeper."""

from __future__ import annotations

import logging
import platform
import time
from dataclasses import dataclass
from datetime import timedelta
from importlib import metadata

from sqlalchemy import text
from sqlmodel import Session, col, func, select

from writers_app import jobs
from writers_app.core.security import utcnow
from writers_app.models import Heartbeat, Task, TaskStatus, User
from writers_app.settings import Settings

log = logging.getLogger(__name__)
HEARTBEAT_EVERY_SECONDS = 10
WORKER_STALE = timedelta(seconds=45)


def beat(session: Session, *, name: str, kind: str, **detail) -> None:
    """Upsert a heartbeat row (dialect-specific ON CONFLICT, so concurrent beats never clash)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = Heartbeat.__table__
    now = utcnow()
    session.exec(insert(table).values(name=name[:120], kind=kind, detail=detail, seen_at=now)
                 .on_conflict_do_update(index_elements=["name"], set_={"detail": detail, "seen_at": now}))


def heartbeats(session: Session, *, kind: str) -> list[Heartbeat]:
    return list(session.exec(select(Heartbeat).where(Heartbeat.kind == kind)
                             .order_by(col(Heartbeat.seen_at).desc())).all())


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    ms: float
    # What the admin page shows instead of `detail`, in the reader's language: an i18n key
    # and its {alive}/{seen} figures ("" = show `detail`, a name Latin by nature).
    key: str = ""
    alive: int = 0
    seen: int = 0


def check_database(session: Session) -> Check:
    start = time.perf_counter()
    try:
        session.exec(text("SELECT 1"))
        return Check("database", True, session.get_bind().dialect.name, (time.perf_counter() - start) * 1000)
    except Exception as exc:  # reported, and logged with context
        log.exception("database check failed")
        return Check("database", False, type(exc).__name__, (time.perf_counter() - start) * 1000)


def check_redis(settings: Settings) -> Check:
    if not settings.redis_url:
        return Check("redis", True, "embedded mode (not used)", 0.0, key="health.embedded")
    import redis

    start = time.perf_counter()
    try:
        client = redis.Redis.from_url(settings.queue_redis_url, socket_timeout=2)
        client.ping()
        client.close()
        return Check("redis", True, "ping", (time.perf_counter() - start) * 1000, key="health.ping")
    except Exception as exc:
        log.warning("redis check failed", extra={"error": type(exc).__name__})
        return Check("redis", False, type(exc).__name__, (time.perf_counter() - start) * 1000)


def check_workers(session: Session) -> Check:
    beats = heartbeats(session, kind="worker")
    fresh = [b for b in beats if b.seen_at > utcnow() - WORKER_STALE]
    return Check("worker", bool(fresh), f"{len(fresh)} alive of {len(beats)} seen", 0.0,
                 key="health.workers", alive=len(fresh), seen=len(beats))


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in ("reflex", "sqlmodel", "sqlalchemy", "alembic", "dramatiq", "redis", "psycopg2-binary", "nh3"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "-"
    return out


@dataclass(frozen=True)
class SystemFigures:
    active_5m: int
    active_24h: int
    tasks_by_state: dict[str, int]
    broker_messages: int | None
    workers_alive: int = 0


def system_figures(*, session: Session, now=None) -> SystemFigures:  # noqa: ANN001
    """What /metrics reports about the whole system: four small indexed queries."""
    now = now or utcnow()
    active = {}
    for label, window in (("5m", timedelta(minutes=5)), ("24h", timedelta(hours=24))):
        active[label] = session.exec(select(func.count()).select_from(User)
                                     .where(col(User.last_seen_at) > now - window)).one()
    states = {TaskStatus.QUEUED.value: 0, TaskStatus.PROCESSING.value: 0}
    for status, count in session.exec(select(Task.status, func.count()).where(col(Task.status).in_(list(states)))
                                      .group_by(Task.status)).all():
        states[status] = count
    broker_messages = None
    try:
        depths = jobs.queue_depths()
        if all(v >= 0 for v in depths.values()):
            broker_messages = sum(depths.values())
    except Exception:
        log.exception("could not read the broker's queue depth")
    alive = session.exec(select(func.count()).select_from(Heartbeat).where(
        Heartbeat.kind == "worker", col(Heartbeat.seen_at) > now - WORKER_STALE)).one()
    return SystemFigures(active["5m"], active["24h"], states, broker_messages, alive)
