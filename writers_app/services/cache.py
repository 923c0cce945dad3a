"""A small read-through cache for figures that are read often and cost queries to compute
(the dashboard's summary, analysis results served by the API).

Backend: the cache database of Redis when Redis is configured (keys `writers:cache:*`, shared
by every server worker), otherwise a bounded in-process dict (embedded mode has one worker).
Writes invalidate explicitly, after their transaction commits, so a reader can never put the
old value back between the write and the commit. A missing or failing cache only makes reads
slower: every error is logged and the value computed from the database.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from writers_app.settings import Settings, get_settings

log = logging.getLogger(__name__)

PREFIX = "writers:cache:"
_PENDING = "writers_cache_invalidate"


class _Memory:
    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self.data: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self.lock:
            item = self.data.get(key)
            if item is None or item[0] < time.monotonic():
                self.data.pop(key, None)
                return None
            self.data.move_to_end(key)
            return item[1]

    def set(self, key: str, value: str, ttl: int) -> None:
        with self.lock:
            self.data[key] = (time.monotonic() + ttl, value)
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)

    def delete(self, *keys: str) -> None:
        with self.lock:
            for key in keys:
                self.data.pop(key, None)


class _Redis:
    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str) -> str | None:
        value = self.client.get(PREFIX + key)
        return value.decode() if value is not None else None

    def set(self, key: str, value: str, ttl: int) -> None:
        self.client.set(PREFIX + key, value, ex=ttl)

    def delete(self, *keys: str) -> None:
        if keys:
            self.client.delete(*(PREFIX + k for k in keys))


_backends: dict[Any, _Memory | _Redis] = {}
_lock = threading.Lock()


def _backend(settings: Settings) -> _Memory | _Redis:
    # Memory: one per settings object (tests make many; the URL guards against a reused id()).
    key = settings.cache_redis_url or ("memory", id(settings), settings.database_url)
    with _lock:
        if key not in _backends:
            _backends[key] = _Redis(settings.cache_redis_url) if settings.cache_redis_url else _Memory()
        return _backends[key]


def get_or_compute(key: str, compute: Callable[[], Any], *, settings: Settings | None = None,
                   ttl: int | None = None) -> Any:
    """The cached JSON value of `key`, or `compute()` (stored for next time)."""
    settings = settings or get_settings()
    backend = _backend(settings)
    try:
        raw = backend.get(key)
        if raw is not None:
            return json.loads(raw)
    except Exception:
        log.warning("cache read failed; computing", extra={"key": key.split(":")[0]}, exc_info=True)
    value = compute()
    try:
        backend.set(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")),
                    ttl or settings.cache_ttl_seconds)
    except Exception:
        log.warning("cache write failed", extra={"key": key.split(":")[0]}, exc_info=True)
    return value


def delete(*keys: str, settings: Settings | None = None) -> None:
    try:
        _backend(settings or get_settings()).delete(*keys)
    except Exception:
        # A stale entry lives at most cache_ttl_seconds; say so loudly.
        log.error("cache invalidation failed", extra={"keys": [k.split(":")[0] for k in keys]}, exc_info=True)


def invalidate_after_commit(session: Session, *keys: str) -> None:
    """Drop these keys once the session's transaction has committed."""
    session.info.setdefault(_PENDING, set()).update(keys)


def summary_key(owner_id: int) -> str:
    return f"summary:{owner_id}"


def analysis_key(task_id: int) -> str:
    return f"analysis:{task_id}"


@event.listens_for(Session, "before_flush")
def _collect(session: Session, _flush_context, _instances) -> None:  # noqa: ANN001
    """ORM writes to tasks, writing days and analyses invalidate what they change."""
    from writers_app.models import Task, TaskAnalysis, WritingDay

    keys: set[str] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, (Task, WritingDay)) and obj.owner_id is not None:
            keys.add(summary_key(obj.owner_id))
        if isinstance(obj, Task) and obj.id is not None:
            keys.add(analysis_key(obj.id))
        elif isinstance(obj, TaskAnalysis):
            keys.add(analysis_key(obj.task_id))
    if keys:
        invalidate_after_commit(session, *keys)


@event.listens_for(Session, "after_commit")
def _invalidate(session: Session) -> None:
    keys = session.info.pop(_PENDING, None)
    if keys:
        delete(*keys)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def reset_memory() -> None:
    with _lock:
        _backends.clear()
