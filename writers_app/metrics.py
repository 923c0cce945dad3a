"""Prometheus metrics the app and the worker record (names follow Prometheus conventions)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

TASK_PROCESSING_SECONDS = Histogram(
    "writers_task_processing_seconds", "Time to extract and analyse one task.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
WORDS_PROCESSED = Counter("writers_words_processed_total", "Words analysed by the worker.")
TASKS_ANALYZED = Counter("writers_tasks_analyzed_total", "Tasks that reached 'analyzed'.")
TASKS_FAILED = Counter("writers_tasks_failed_total", "Tasks marked failed, by reason.", ["reason"])
