"""Background jobs as the app sees them: the broker, sending a job by actor name (after the
sender's transaction commits), and queue depths. The actors themselves live in `workers/`,
which imports services; nothing here imports `workers/`, so services can send jobs freely.

With a queue Redis URL the broker is a RedisBroker and separate `dramatiq` processes run the
actors. Without one it is the embedded mode: a StubBroker that the in-process worker started
by the app drains (`workers/embedded.py`), so `make run` needs no Redis.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from sqlalchemy import event
from sqlmodel import Session

from writers_app.settings import get_settings

log = logging.getLogger(__name__)

# Actor names and the queue each one reads (the actors in workers/actors/ declare the same).
PROCESS_TASK = "process_task"
DELIVER_WEBHOOK = "deliver_webhook"
SEND_RESET_MAIL = "send_reset_mail"
PURGE_TRASH = "purge_trash"
BUILD_EXPORT = "build_export"
QUEUES = {PROCESS_TASK: "analysis", DELIVER_WEBHOOK: "webhooks", SEND_RESET_MAIL: "mail", PURGE_TRASH: "maintenance",
          BUILD_EXPORT: "exports"}

# A killed worker's messages come back within seconds instead of ~6 minutes: its heartbeat
# expires after 5 s, and a quarter of broker commands run the maintenance that requeues them
# (workers heartbeat about every second, even while busy, so live ones are never mistaken).
HEARTBEAT_TIMEOUT_MS = 5_000
MAINTENANCE_CHANCE = 250_000

_PENDING = "writers_jobs_after_commit"
_lock = threading.Lock()
_broker: dramatiq.Broker | None = None


def get_broker() -> dramatiq.Broker:
    """The process's broker, built from Settings once and set as Dramatiq's global broker
    (before any actor is declared: `workers/broker.py` calls this first)."""
    global _broker
    with _lock:
        if _broker is None:
            settings = get_settings()
            if settings.queue_redis_url:
                _broker = RedisBroker(url=settings.queue_redis_url, heartbeat_timeout=HEARTBEAT_TIMEOUT_MS,
                                      maintenance_chance=MAINTENANCE_CHANCE)
            else:
                _broker = StubBroker()
            dramatiq.set_broker(_broker)
        return _broker


def is_embedded() -> bool:
    return isinstance(get_broker(), StubBroker)


def send(actor_name: str, *args: Any, delay_ms: int | None = None) -> None:
    """Queue one job now. Arguments must be JSON (ids, short strings)."""
    broker = get_broker()
    queue = QUEUES[actor_name]
    if queue not in broker.queues:
        broker.declare_queue(queue)  # a sender that declared no actor (an API-only process)
    message = dramatiq.Message(queue_name=queue, actor_name=actor_name, args=args, kwargs={}, options={})
    broker.enqueue(message, delay=delay_ms)


def send_after_commit(session: Session, actor_name: str, *args: Any) -> None:
    """Queue a job once `session` commits (the worker must find the rows it was sent for);
    forgotten on rollback."""
    session.info.setdefault(_PENDING, []).append((actor_name, args))


def queue_depths() -> dict[str, int]:
    """Messages waiting per queue (delayed ones included); -1 where the broker did not answer."""
    broker = get_broker()
    out: dict[str, int] = {}
    for queue in sorted(set(QUEUES.values())):
        try:
            if isinstance(broker, RedisBroker):  # the queue and its delayed companion
                out[queue] = int(broker.client.llen(f"{broker.namespace}:{queue}")) + int(
                    broker.client.llen(f"{broker.namespace}:{queue}.DQ"))
            else:
                out[queue] = broker.queues[queue].qsize() if queue in broker.queues else 0
        except Exception:
            log.warning("queue depth unavailable", extra={"queue": queue}, exc_info=True)
            out[queue] = -1
    return out


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    for actor_name, args in session.info.pop(_PENDING, ()):
        try:
            send(actor_name, *args)
        except Exception:
            # The row is committed and stays pending: the sweeper re-sends it.
            log.exception("could not queue a job", extra={"actor": actor_name})


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
