"""Every Reflex event handler timed into `writers_event_handler_duration_seconds`."""

from __future__ import annotations

import time

from reflex_base.event.processor import base_state_processor as processor

from writers_app.metrics import EVENT_LATENCY


def timed_event_processing() -> None:
    """Reflex 0.10 has no post-event hook: wrap the one function that runs handlers (once)."""
    original = processor.process_event
    if getattr(original, "_writers_timed", False):
        return

    series: dict[object, object] = {}  # handler function -> its labelled histogram (a fixed set)

    async def process_event(*, handler, **kwargs):  # noqa: ANN001, ANN202
        start = time.perf_counter()
        try:
            return await original(handler=handler, **kwargs)
        finally:
            histogram = series.get(handler.fn)
            if histogram is None:
                histogram = series[handler.fn] = EVENT_LATENCY.labels(getattr(handler.fn, "__qualname__", "?"))
            histogram.observe(time.perf_counter() - start)

    process_event._writers_timed = True  # type: ignore[attr-defined]
    processor.process_event = process_event
