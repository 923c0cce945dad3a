"""Delivering one webhook event, retried with backoff until the receiver answers 2xx."""

from __future__ import annotations

import dramatiq
from dramatiq.middleware import CurrentMessage

import workers.broker  # noqa: F401  (the broker is set before any actor is declared)
from writers_app import jobs
from writers_app.db import session_scope
from writers_app.services import webhooks
from writers_app.settings import get_settings

MAX_RETRIES = 5


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx: Dramatiq retries with exponential backoff."""


@dramatiq.actor(actor_name=jobs.DELIVER_WEBHOOK, queue_name=jobs.QUEUES[jobs.DELIVER_WEBHOOK], max_retries=MAX_RETRIES,
                min_backoff=2_000, max_backoff=300_000,
                time_limit=60_000)
def deliver_webhook(webhook_id: int, event: str, task_id: int | None) -> None:
    message = CurrentMessage.get_current_message()
    retries = message.options.get("retries", 0) if message else 0
    with session_scope() as session:
        ok = webhooks.deliver(session=session, settings=get_settings(), webhook_id=int(webhook_id), event=event,
                              task_id=task_id, attempt=retries + 1)
    if not ok:
        raise DeliveryFailed(f"webhook {webhook_id} not delivered")
