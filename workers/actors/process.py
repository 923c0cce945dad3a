"""The processing job: one task id in, the task extracted and analysed, status in the database."""

from __future__ import annotations

import logging
import traceback

import dramatiq

import workers.broker  # noqa: F401  (the broker is set before any actor is declared)
from writers_app import jobs
from writers_app.services import processing
from writers_app.settings import get_settings

log = logging.getLogger(__name__)

MAX_RETRIES = 3
TIME_LIMIT_MS = 10 * 60 * 1000
DEFER_MS = 3_000  # a writer at their concurrency limit: try this task again a little later


@dramatiq.actor(actor_name=jobs.PROCESS_TASK, queue_name=jobs.QUEUES[jobs.PROCESS_TASK], max_retries=MAX_RETRIES,
                min_backoff=1_000, max_backoff=30_000,
                time_limit=TIME_LIMIT_MS)
def process_task(task_id: int) -> None:
    try:
        outcome = processing.run_task(int(task_id), settings=get_settings())
    except Exception:
        # Kept for the admins' jobs page, then raised so Dramatiq retries with backoff.
        processing.record_error(int(task_id), traceback.format_exc())
        raise
    if outcome == processing.DEFERRED:
        process_task.send_with_options(args=(int(task_id),), delay=DEFER_MS)
