""""Export everything": one export id in, the writer's zip built with its progress in the database."""

from __future__ import annotations

import logging

import dramatiq

import workers.broker  # noqa: F401  (the broker is set before any actor is declared)
from writers_app import jobs
from writers_app.services import exports
from writers_app.settings import get_settings

log = logging.getLogger(__name__)

MAX_RETRIES = 2
TIME_LIMIT_MS = 30 * 60 * 1000  # a writer with thousands of pieces; the sweeper's stale limit is beyond it


@dramatiq.actor(actor_name=jobs.BUILD_EXPORT, queue_name=jobs.QUEUES[jobs.BUILD_EXPORT], max_retries=MAX_RETRIES,
                min_backoff=2_000, max_backoff=60_000, time_limit=TIME_LIMIT_MS)
def build_export(export_id: int) -> None:
    exports.run_export(int(export_id), settings=get_settings())
