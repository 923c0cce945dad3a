"""The Prometheus instruments the app and the worker record (names follow Prometheus
conventions). Definitions only: a leaf that any layer may import.

Several server workers: each granian worker is a process, so the app runs prometheus_client in
multiprocess mode (`PROMETHEUS_MULTIPROC_DIR`, prepared once per server start by
`metrics_setup.prepare_multiprocess_dir`, which rxconfig.py calls before anything imports
prometheus_client). `/metrics` (`api/metrics.py`) sums every worker's files and adds the
figures that belong to the whole system (active users, queue depth), computed at scrape time.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

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
TRASH_PURGED = Counter("writers_trash_purged_total", "Pieces deleted for good by the trash purge (older than TRASH_DAYS).")
HTTP_REQUESTS = Counter("writers_http_requests_total", "HTTP requests, by method, route template and status.",
                        ["method", "route", "status"])
HTTP_LATENCY = Histogram("writers_http_request_duration_seconds", "HTTP request latency by route template.",
                         ["method", "route"], buckets=_LATENCY_BUCKETS)
EVENT_LATENCY = Histogram("writers_event_handler_duration_seconds", "Reflex event handler latency by handler.",
                          ["handler"], buckets=_LATENCY_BUCKETS)
DB_QUERY_SECONDS = Histogram("writers_db_query_duration_seconds", "Database statement time, by statement kind.",
                             ["operation"], buckets=_LATENCY_BUCKETS)
