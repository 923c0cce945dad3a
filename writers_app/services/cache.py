"""A small read-through cache for figures that are read often and cost queries to compute
(the dashboard's summary, analysis results served by the API).

Backend: the cache database of Redis when Redis is configured (keys `writers:cache:*`, shared
by every server worker), otherwise a bounded in-process dict (embedded mode has one worker).
Writes invalidate explicitly, after their transaction commits, so a reader can never put the
old value back between the write and the commit. A missing or failing cache only makes reads
slower: every error is logged and the value computed from the database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, col, select

from writers_app.models import ApiToken, Task, TaskAnalysis, User, WritingDay
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


def generation_key(owner_id: int) -> str:
    return f"gen:{owner_id}"


def owner_keys(owner_id: int) -> tuple[str, str]:
    """What any change to a writer's tasks makes stale: the summary and every cached page."""
    return summary_key(owner_id), generation_key(owner_id)


def owner_generation(owner_id: int, *, settings: Settings | None = None) -> str | None:
    """A random tag naming the current state of a writer's tasks. Writes delete it (after
    commit), so pages cached under the old tag are never read again; a reader that finds none
    makes a new one. None if the cache is unavailable (then nothing is cached)."""
    backend = _backend(settings or get_settings())
    key = generation_key(owner_id)
    try:
        tag = backend.get(key)
        if tag is None:
            tag = uuid.uuid4().hex[:16]
            backend.set(key, tag, 24 * 3600)
        return tag
    except Exception:
        log.warning("cache read failed; computing", extra={"key": "gen"}, exc_info=True)
        return None


def get_json(key: str, *, settings: Settings | None = None):  # noqa: ANN201
    """The cached value, or None (also when the cache is unavailable)."""
    try:
        raw = _backend(settings or get_settings()).get(key)
        return json.loads(raw) if raw is not None else None
    except Exception:
        log.warning("cache read failed", extra={"key": key.split(":")[0]}, exc_info=True)
        return None


def set_json(key: str, value, *, ttl: int, settings: Settings | None = None) -> None:  # noqa: ANN001
    try:
        _backend(settings or get_settings()).set(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")), ttl)
    except Exception:
        log.warning("cache write failed", extra={"key": key.split(":")[0]}, exc_info=True)


def get_or_compute_text(key: str | None, compute: Callable[[], str], *, settings: Settings | None = None) -> str:
    """Like get_or_compute for a ready-made JSON text (served as it is, never parsed)."""
    if key is None:
        return compute()
    settings = settings or get_settings()
    backend = _backend(settings)
    try:
        raw = backend.get(key)
        if raw is not None:
            return raw
    except Exception:
        log.warning("cache read failed; computing", extra={"key": key.split(":")[0]}, exc_info=True)
    value = compute()
    try:
        backend.set(key, value, settings.cache_ttl_seconds)
    except Exception:
        log.warning("cache write failed", extra={"key": key.split(":")[0]}, exc_info=True)
    return value


def task_page_key(owner_id: int, *, status: str | None, search: str | None, sort: str, cursor: str | None,
                  limit: int) -> str | None:
    """The key of one page of a writer's task list, under their generation tag, which every write
    to their tasks replaces (after commit): a cached page is never older than the last committed
    change. None when the cache is unavailable (then nothing is cached)."""
    generation = owner_generation(owner_id)
    if generation is None:
        return None
    params = json.dumps([status, search, sort, cursor, limit], ensure_ascii=False)
    return f"tasks:{owner_id}:{generation}:{hashlib.sha256(params.encode()).hexdigest()[:24]}"


def analysis_key(task_id: int) -> str:
    return f"analysis:{task_id}"


def token_key(token_hash: str) -> str:
    return f"token:{token_hash}"


@event.listens_for(Session, "before_flush")
def _collect(session: Session, _flush_context, _instances) -> None:  # noqa: ANN001
    """ORM writes to tasks, writing days and analyses invalidate what they change."""
    keys: set[str] = set()
    users: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, (Task, WritingDay)) and obj.owner_id is not None:
            keys.update(owner_keys(obj.owner_id))
        if isinstance(obj, Task) and obj.id is not None:
            keys.add(analysis_key(obj.id))
        elif isinstance(obj, TaskAnalysis):
            keys.add(analysis_key(obj.task_id))
        elif isinstance(obj, ApiToken) and obj.token_hash:
            keys.add(token_key(obj.token_hash))
        elif isinstance(obj, User) and obj.id is not None and obj not in session.new:
            users.add(obj.id)  # active flag, role, name: what a cached token answers with
    if users:
        rows = session.connection().execute(select(ApiToken.token_hash).where(col(ApiToken.user_id).in_(users)))
        keys.update(token_key(h) for (h,) in rows)
    if keys:
        invalidate_after_commit(session, *keys)


@event.listens_for(Session, "after_commit")
def _invalidate(session: Session) -> None:
    keys = session.info.pop(_PENDING, None)
    if keys:
        delete(*keys)
        owners = [int(k.split(":")[1]) for k in keys if k.startswith("gen:")]
        if owners and get_settings().database_read_url:
            note_primary_position(session, owners)


POSITION_TTL_SECONDS = 300  # a replica further behind than this is broken, not lagging


def note_primary_position(session: Session, owner_ids: list[int]) -> None:
    """After a commit that changed these writers' tasks: the primary's WAL position, so their
    next list reads wait for a replica that has replayed it (services/reads.py)."""
    try:
        with session.get_bind().connect() as connection:
            position = connection.exec_driver_sql("SELECT pg_current_wal_insert_lsn()::text").scalar()
        backend = _backend(get_settings())
        for owner_id in owner_ids:
            backend.set(f"lsn:{owner_id}", position, POSITION_TTL_SECONDS)
    except Exception:
        # Unknown position: reads fall back to the primary only while the cache is down.
        log.warning("could not record the primary's position", exc_info=True)


def primary_position(owner_id: int) -> str | None:
    """The WAL position of the writer's last write, if recent; "0/0"-style text."""
    try:
        return _backend(get_settings()).get(f"lsn:{owner_id}")
    except Exception:
        log.warning("cache read failed", extra={"key": "lsn"}, exc_info=True)
        return "FFFFFFFF/FFFFFFFF"  # unknown: no replica counts as caught up


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def reset_memory() -> None:
    with _lock:
        _backends.clear()
