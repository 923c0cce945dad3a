"""Broker choice, made once before any actor is declared.

With REDIS_URL: a RedisBroker (its own Redis database) and separate `dramatiq` worker
processes. Without it: the embedded mode, a StubBroker drained by an in-process worker that
the app starts, so `make run` needs no Redis.
"""

from __future__ import annotations

import logging

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker

from writers_app.settings import Settings, get_settings

log = logging.getLogger(__name__)

# Redelivery of a killed worker's messages within ~20 s instead of ~6 min (measured).
HEARTBEAT_TIMEOUT_MS = 10_000
MAINTENANCE_CHANCE = 100_000


def build_broker(settings: Settings) -> dramatiq.Broker:
    if settings.queue_redis_url:
        return RedisBroker(url=settings.queue_redis_url, heartbeat_timeout=HEARTBEAT_TIMEOUT_MS,
                           maintenance_chance=MAINTENANCE_CHANCE)
    return StubBroker()


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
