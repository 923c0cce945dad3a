"""The worker side of the broker: the middleware our actors rely on, added to the broker the
jobs module built (`writers_app.jobs.get_broker`), before any actor is declared.

Imported first by every actor module; importing it twice adds nothing twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage

from writers_app import jobs
from writers_app.db import session_scope
from writers_app.services import exports, health, processing

log = logging.getLogger(__name__)


class MarkFailedAfterLastRetry(dramatiq.Middleware):
    """A message dead-lettered (retries exhausted, time limit) marks its task or export failed, once."""

    def after_nack(self, broker, message):  # noqa: ANN001
        if message.actor_name == jobs.PROCESS_TASK and message.args:
            processing.mark_failed(task_id=int(message.args[0]), reason="processing.gave_up")
        elif message.actor_name == jobs.BUILD_EXPORT and message.args:
            exports.mark_failed(export_id=int(message.args[0]))


class WorkerHeartbeat(dramatiq.Middleware):
    """Each worker writes a heartbeat row every few seconds (readiness checks, admin pages)."""

    def after_worker_boot(self, broker, worker):  # noqa: ANN001
        name = f"worker:{socket.gethostname()}:{os.getpid()}"
        mode = "redis" if isinstance(broker, RedisBroker) else "embedded"

        def loop() -> None:
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


def _add_middleware(broker: dramatiq.Broker) -> dramatiq.Broker:
    if any(isinstance(m, WorkerHeartbeat) for m in broker.middleware):
        return broker
    if isinstance(broker, RedisBroker) and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # The separate worker (workers/worker.py); prometheus_client is imported late on purpose.
        from dramatiq.middleware.prometheus import Prometheus

        broker.add_middleware(Prometheus())
    broker.add_middleware(MarkFailedAfterLastRetry())
    broker.add_middleware(CurrentMessage())  # actors read their attempt number
    broker.add_middleware(WorkerHeartbeat())
    return broker


broker = _add_middleware(jobs.get_broker())


def start_embedded_worker(threads: int = 2) -> dramatiq.Worker | None:
    """In embedded mode, run the actors inside this process; with Redis, do nothing."""
    if not isinstance(broker, StubBroker):
        return None
    broker.emit_after("process_boot")  # so time limits and other boot hooks apply
    worker = dramatiq.Worker(broker, worker_threads=threads)
    worker.start()
    log.info("embedded worker started", extra={"threads": threads})
    return worker
