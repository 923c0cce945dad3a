"""Prometheus metrics the app and the worker record (names follow Prometheus conventions).

Several server workers: each granian worker is a process, so the app runs prometheus_client in
multiprocess mode (`PROMETHEUS_MULTIPROC_DIR`, prepared once per server start by
`prepare_multiprocess_dir`, which rxconfig.py calls before anything imports prometheus_client).
`/metrics` then sums every worker's files. Figures that are a property of the system rather
than of one process (active users, queue depth) are computed at scrape time by
`SystemCollector`, once per scrape, never summed.
"""

from __future__ import annotations

import logging
import os
import re
import time
from datetime import timedelta

from prometheus_client import Counter, Histogram

log = logging.getLogger(__name__)

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

TASK_PROCESSING_SECONDS = Histogram(
    "writers_task_processing_seconds", "Time to extract and analyse one task.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
WORDS_PROCESSED = Counter("writers_words_processed_total", "Words analysed by the worker.")
TASKS_ANALYZED = Counter("writers_tasks_analyzed_total", "Tasks that reached 'analyzed'.")
TASKS_FAILED = Counter("writers_tasks_failed_total", "Tasks marked failed, by reason.", ["reason"])
TASKS_CREATED = Counter("writers_tasks_created_total", "Tasks created, by source.", ["source"])
UPLOAD_BYTES = Counter("writers_upload_bytes_total", "Bytes of accepted uploads.")
HTTP_REQUESTS = Counter("writers_http_requests_total", "HTTP requests, by method, route template and status.",
                        ["method", "route", "status"])
HTTP_LATENCY = Histogram("writers_http_request_duration_seconds", "HTTP request latency by route template.",
                         ["method", "route"], buckets=_LATENCY_BUCKETS)
EVENT_LATENCY = Histogram("writers_event_handler_duration_seconds", "Reflex event handler latency by handler.",
                          ["handler"], buckets=_LATENCY_BUCKETS)
DB_QUERY_SECONDS = Histogram("writers_db_query_duration_seconds", "Database statement time, by statement kind.",
                             ["operation"], buckets=_LATENCY_BUCKETS)

def multiprocess_mode() -> bool:
    """Whether this process records into the shared files (decided when prometheus_client
    was first imported, which is what counts, not the variable now)."""
    from prometheus_client import values

    return "Mmap" in values.ValueClass.__name__ or "MultiProcess" in values.ValueClass.__name__


def process_exited() -> None:
    """Called when a server worker stops: its live gauges no longer count."""
    if multiprocess_mode():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())


def render_latest() -> tuple[bytes, str]:
    """The exposition text: every worker's metrics summed, plus the system figures."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    if multiprocess_mode():
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Forward(REGISTRY))
    registry.register(SystemCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _Forward:
    """This process's own default registry, inside a registry of our own."""

    def __init__(self, registry) -> None:  # noqa: ANN001
        self.registry = registry

    def collect(self):  # noqa: ANN201
        yield from self.registry.collect()


class SystemCollector:
    """Active users and queue depth, read from the database (and Redis) at scrape time."""

    def collect(self):  # noqa: ANN201
        from prometheus_client.core import GaugeMetricFamily

        from writers_app.db import session_scope
        from writers_app.services import health

        try:
            with session_scope() as session:
                figures = health.system_figures(session=session, now=None)
        except Exception:
            log.exception("could not read system metrics")
            return
        active = GaugeMetricFamily("writers_active_users", "Users seen in the window.", labels=["window"])
        active.add_metric(["5m"], figures.active_5m)
        active.add_metric(["24h"], figures.active_24h)
        yield active
        depth = GaugeMetricFamily("writers_queue_depth", "Tasks waiting or being processed.", labels=["state"])
        for state, count in figures.tasks_by_state.items():
            depth.add_metric([state], count)
        yield depth
        if figures.broker_messages is not None:
            yield GaugeMetricFamily("writers_broker_messages", "Messages in the Dramatiq queues (Redis).",
                                    value=figures.broker_messages)


ACTIVE_WINDOWS = {"5m": timedelta(minutes=5), "24h": timedelta(hours=24)}

# Route labels for paths no route template matched: never the raw path (unbounded labels).
_STATIC = re.compile(r"\.(js|css|map|png|svg|ico|woff2?|ttf|json|txt|webmanifest)$")


def route_label(scope: dict) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path and path not in {"", "/"} and "{path" not in path:
        return path
    url = scope.get("path", "")
    if url.startswith("/_event"):
        return "/_event"
    if url.startswith("/assets/") or _STATIC.search(url):
        return "static"
    return "page" if scope.get("type") == "http" else "other"


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_LATENCY.labels(method, route).observe(seconds)


def timed_event_processing() -> None:
    """Time every Reflex event handler (Reflex 0.10 has no post-event hook: wrap the one
    function that runs handlers)."""
    from reflex_base.event.processor import base_state_processor as processor

    original = processor.process_event
    if getattr(original, "_writers_timed", False):
        return

    async def process_event(*, handler, **kwargs):  # noqa: ANN001, ANN202
        start = time.perf_counter()
        try:
            return await original(handler=handler, **kwargs)
        finally:
            name = getattr(handler.fn, "__qualname__", "?")
            EVENT_LATENCY.labels(name).observe(time.perf_counter() - start)

    process_event._writers_timed = True  # type: ignore[attr-defined]
    processor.process_event = process_event
