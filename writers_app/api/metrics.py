"""What `/metrics` serves: every server worker's samples summed, plus the figures that belong
to the whole system (active users, queue depth), read once per scrape and never summed. Also
the request labels the HTTP middleware records under."""

from __future__ import annotations

import logging
import re

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from writers_app.db import session_scope
from writers_app.metrics import HTTP_LATENCY, HTTP_REQUESTS
from writers_app.metrics_setup import multiprocess_mode
from writers_app.services import health

log = logging.getLogger(__name__)

# Route labels for paths no route template matched: never the raw path (unbounded labels).
_STATIC = re.compile(r"\.(js|css|map|png|svg|ico|woff2?|ttf|json|txt|webmanifest)$")


def render_latest() -> tuple[bytes, str]:
    """The exposition text: every worker's metrics summed, plus the system figures."""
    registry = CollectorRegistry()
    if multiprocess_mode():
        multiprocess.MultiProcessCollector(registry)
    else:
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
        yield GaugeMetricFamily("writers_workers_alive", "Workers whose heartbeat is recent (readiness needs one).",
                                value=figures.workers_alive)
        if figures.broker_messages is not None:
            yield GaugeMetricFamily("writers_broker_messages", "Messages in the Dramatiq queues (Redis).",
                                    value=figures.broker_messages)


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
