"""JSON-lines logging for the app, the worker and the CLI (to stderr, never stdout)."""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

_configured = False

# Per request (HTTP) or per event: a dict, so code running in a thread pool (a copy of the
# context) can still add the user id the access log line will carry.
_CONTEXT: ContextVar[dict | None] = ContextVar("writers_log_context", default=None)


def new_context(**values) -> dict:
    context = {k: v for k, v in values.items() if v is not None}
    _CONTEXT.set(context)
    return context


def bind(**values) -> None:
    """Add request id / user id (etc.) to every log line of the current request or event."""
    context = _CONTEXT.get()
    if context is None:
        _CONTEXT.set({k: v for k, v in values.items() if v is not None})
    else:
        context.update({k: v for k, v in values.items() if v is not None})


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in (_CONTEXT.get() or {}).items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


def configure_logging(level: str = "INFO") -> None:
    global _configured
    if _configured:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(
        "{asctime}{levelname}{name}{message}", style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        timestamp=False,
    ))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "watchfiles", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    _configured = True
