"""Broker choice, made once before any actor is declared.

With REDIS_URL: a RedisBroker (its own Redis database) and separate `dramatiq` worker
processes. Without it: the embedded mode, a StubBroker drained by an in-process worker that
the app starts, so `make run` needs no Redis.
"""

from __future__ import annotations

import logging
import os

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage

from writers_app.settings import Settings, get_settings

log = logging.getLogger(__name__)

# A killed worker's messages come back within seconds instead of ~6 minutes: its heartbeat
# expires after 5 s, and a quarter of broker commands run the maintenance that requeues them
# (workers heartbeat about every second, even while busy, so live ones are never mistaken).
HEARTBEAT_TIMEOUT_MS = 5_000
MAINTENANCE_CHANCE = 250_000


class MarkFailedAfterLastRetry(dramatiq.Middleware):
    """A message dead-lettered (retries exhausted, time limit) marks its task failed, once."""

    def after_nack(self, broker, message):  # noqa: ANN001
        if message.actor_name == "process_task" and message.args:
            from writers_app.services.processing import mark_failed

            mark_failed(task_id=int(message.args[0]), reason="processing.gave_up")


class WorkerHeartbeat(dramatiq.Middleware):
    """Each worker writes a heartbeat row every few seconds (readiness checks, admin pages)."""

    def after_worker_boot(self, broker, worker):  # noqa: ANN001
        import os as _os
        import socket
        import threading

        name = f"worker:{socket.gethostname()}:{_os.getpid()}"
        mode = "redis" if isinstance(broker, RedisBroker) else "embedded"

        def loop() -> None:
            from writers_app.db import session_scope
            from writers_app.services import health

            while not self._stop.wait(0 if not self._started else health.HEARTBEAT_EVERY_SECONDS):
                self._started = True
                try:
                    with session_scope() as session:
                        health.beat(session, name=name, kind="worker", mode=mode, threads=worker.worker_threads)
                except Exception:
                    log.exception("heartbeat failed")

        self._stop, self._started = threading.Event(), False
        threading.Thread(target=loop, name="worker-heartbeat", daemon=True).start()

    def before_worker_shutdown(self, broker, worker):  # noqa: ANN001
        if hasattr(self, "_stop"):
            self._stop.set()


def build_broker(settings: Settings) -> dramatiq.Broker:
    if settings.queue_redis_url:
        broker: dramatiq.Broker = RedisBroker(url=settings.queue_redis_url, heartbeat_timeout=HEARTBEAT_TIMEOUT_MS,
                                              maintenance_chance=MAINTENANCE_CHANCE)
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # the separate worker (workers/worker.py)
            from dramatiq.middleware.prometheus import Prometheus

            broker.add_middleware(Prometheus())
    else:
        broker = StubBroker()
    broker.add_middleware(MarkFailedAfterLastRetry())
    broker.add_middleware(CurrentMessage())  # actors read their attempt number
    broker.add_middleware(WorkerHeartbeat())
    return broker


broker = build_broker(get_settings())
dramatiq.set_broker(broker)


def start_embedded_worker(threads: int = 2) -> dramatiq.Worker | None:
    """In embedded mode, run the actors inside this process; with Redis, do nothing."""
    if not isinstance(broker, StubBroker):
        return None
    broker.emit_after("process_boot")  # so time limits and other boot hooks apply
    worker = dramatiq.Worker(broker, worker_threads=threads)
    worker.start()
    log.info("embedded worker started", extra={"threads": threads})
    return worker
