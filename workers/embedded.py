"""Runs beside the web app: the in-process worker (embedded mode) and the sweeper that re-sends
tasks a queue lost (a Redis restart without persistence, a worker killed mid-job) and, once an
hour, sends the trash purge. The sweeper runs in the app in both modes, so in Redis mode the
purge goes to the separate worker like any job."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import redis

import workers.actors.process  # noqa: F401  (declares the actors on the broker)
import workers.actors.mail  # noqa: F401
import workers.actors.webhooks  # noqa: F401
import workers.actors.trash  # noqa: F401
import workers.actors.exports  # noqa: F401
from workers.broker import start_embedded_worker
from writers_app import jobs
from writers_app.db import session_scope
from writers_app.services import exports, health, processing
from writers_app.settings import get_settings

log = logging.getLogger(__name__)
SWEEP_EVERY_SECONDS = 60
PURGE_EVERY_SECONDS = 3600  # trash purges: hourly is plenty for a 30-day limit, and cheap when idle
_last_purge: list[float] = []  # embedded mode (no Redis): when this process last sent a purge
# How long a shutdown waits for the jobs in flight (dramatiq's own default is 10 minutes, the
# actors' time limit, which outlasts any supervisor's patience: SIGTERM then ended in SIGKILL).
# A job cut short is safe: its row stays queued/processing and the start-up sweep re-sends it.
STOP_TIMEOUT_MS = 5_000


def _send_all(task_ids: list[int]) -> None:
    for task_id in task_ids:
        jobs.send(jobs.PROCESS_TASK, task_id)


def sweep(*, everything: bool = False, now=None, send=None, session_factory=session_scope) -> list[int]:  # noqa: ANN001
    """Re-send pending tasks a queue may have lost; returns their ids."""
    with session_factory() as session:
        ids = processing.stuck_task_ids(session=session, everything=everything, now=now)
    if ids:
        (send or _send_all)(ids)
        log.info("sweeper re-sent tasks", extra={"count": len(ids)})
    _sweep_exports(everything=everything, now=now, send=send, session_factory=session_factory)
    with session_factory() as session:
        health.beat(session, name="sweeper", kind="sweeper", resent=len(ids))
        session.commit()
    return ids


def _sweep_exports(*, everything: bool, now, send, session_factory) -> None:  # noqa: ANN001
    """Exports a lost queue forgot are sent again; zips past their time are deleted."""
    try:
        with session_factory() as session:
            ids = exports.stuck_export_ids(session=session, everything=everything, now=now)
            purged = exports.purge_expired(session=session, settings=get_settings(), now=now)
            session.commit()
        if send is None:  # a test's `send` stands for the task queue only
            for export_id in ids:
                jobs.send(jobs.BUILD_EXPORT, export_id)
        if ids or purged:
            log.info("sweeper re-sent exports", extra={"count": len(ids), "purged": purged})
    except Exception:
        log.exception("export sweep failed")


def _sweep_lock_taken() -> bool:
    """With several app workers on Redis, one sweep per interval is enough."""
    settings = get_settings()
    if not settings.cache_redis_url:
        return True
    client = redis.Redis.from_url(settings.cache_redis_url)
    try:
        return bool(client.set("writers:sweeper-lock", "1", nx=True, ex=SWEEP_EVERY_SECONDS - 5))
    finally:
        client.close()


def purge_due(*, now: float | None = None) -> bool:
    """Whether the trash purge is to be sent now: once per PURGE_EVERY_SECONDS across every app
    process (a Redis key when Redis is there, this process's own clock otherwise)."""
    settings = get_settings()
    if settings.cache_redis_url:
        client = redis.Redis.from_url(settings.cache_redis_url)
        try:
            return bool(client.set("writers:trash-purge-lock", "1", nx=True, ex=PURGE_EVERY_SECONDS))
        finally:
            client.close()
    now = time.monotonic() if now is None else now
    if _last_purge and now - _last_purge[0] < PURGE_EVERY_SECONDS:
        return False
    _last_purge[:] = [now]
    return True


def schedule_purge(*, send=None, now: float | None = None) -> bool:  # noqa: ANN001
    """Send the trash purge if it is due; True if it was sent."""
    if not purge_due(now=now):
        return False
    (send or jobs.send)(jobs.PURGE_TRASH)
    log.info("trash purge sent")
    return True


async def _sweep_forever() -> None:
    while True:
        await asyncio.sleep(SWEEP_EVERY_SECONDS)
        try:
            if await asyncio.to_thread(_sweep_lock_taken):
                await asyncio.to_thread(sweep)
        except Exception:
            log.exception("sweep failed")
        try:
            await asyncio.to_thread(schedule_purge)
        except Exception:
            log.exception("could not send the trash purge")


@contextlib.asynccontextmanager
async def background_processing():
    worker = start_embedded_worker()
    if worker is not None:
        # The in-memory queue starts empty: everything still pending must be sent again.
        await asyncio.to_thread(sweep, everything=True)
    sweeper = asyncio.create_task(_sweep_forever())
    try:
        yield
    finally:
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
        if worker is not None:
            # Worker and consumer threads are daemons: once stop returns, nothing of dramatiq
            # keeps the process alive, even if a job is still running.
            await asyncio.to_thread(worker.stop, STOP_TIMEOUT_MS)
