"""The trash purge: pieces trashed more than TRASH_DAYS days ago are deleted for good. Sent
periodically by the sweeper (workers/embedded.py), which runs beside the app in both modes; the
embedded worker or a separate `dramatiq` worker runs it. Safe to run twice or at once: a piece
already purged is simply not found again."""

from __future__ import annotations

import logging

import dramatiq

import workers.broker  # noqa: F401  (the broker is set before any actor is declared)
from writers_app import jobs
from writers_app.db import session_scope
from writers_app.services import trash
from writers_app.settings import get_settings

log = logging.getLogger(__name__)


@dramatiq.actor(actor_name=jobs.PURGE_TRASH, queue_name=jobs.QUEUES[jobs.PURGE_TRASH], max_retries=3,
                min_backoff=60_000, max_backoff=600_000, time_limit=30 * 60_000)
def purge_trash() -> None:
    with session_scope() as session:
        count = trash.purge_expired(session=session, settings=get_settings())
    log.info("trash purge done", extra={"count": count})
