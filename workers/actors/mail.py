"""A password-reset mail the mail server refused when it was asked for: sent again with
backoff until the server takes it (a fresh link each attempt; no link travels in the queue)."""

from __future__ import annotations

import dramatiq

import workers.broker  # noqa: F401  (the broker is set before any actor is declared)
from writers_app import jobs
from writers_app.db import session_scope
from writers_app.services import auth
from writers_app.settings import get_settings

MAX_RETRIES = 8  # with the backoff below: about an hour and a half of trying, the link's lifetime


@dramatiq.actor(actor_name=jobs.SEND_RESET_MAIL, queue_name=jobs.QUEUES[jobs.SEND_RESET_MAIL], max_retries=MAX_RETRIES,
                min_backoff=5_000, max_backoff=1_800_000, time_limit=60_000)
def send_reset_mail(user_id: int, language: str) -> None:
    with session_scope() as session:
        auth.mail_reset_link(session=session, settings=get_settings(), user_id=int(user_id), language=str(language))
