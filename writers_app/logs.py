"""JSON-lines logging for the app, the worker and the CLI (to stderr, never stdout)."""

from __future__ import annotations

import logging
import re
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


REDACTED = "[redacted]"
# What must never reach a log line, whoever logs it (Reflex logs a whole event, headers included,
# when an event names an unknown handler): cookie headers, the session cookie, JWTs, API tokens,
# Authorization headers and password fields. Values in Python reprs ('k': 'v'), JSON ("k": "v"),
# headers (k: v) and forms (k=v) alike.
_SECRET_FIELDS = r"(?:cookie|set-cookie|authorization|password|new_password|current_password|passwd|secret|secret_key|smtp_password|metrics_token|token)"
_QUOTED_FIELD = re.compile(
    r"""(?P<key>(?P<q>['"])""" + _SECRET_FIELDS + r"""(?P=q)\s*[:=]\s*)(?P<v>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|b'(?:\\.|[^'\\])*')""",
    re.IGNORECASE)
_BARE_FIELD = re.compile(r"(?P<key>\b" + _SECRET_FIELDS + r"\s*[:=]\s*)(?P<v>(?!['\"\[])[^\s&,;'\"}\]]+(?:\s+[^\s&,;'\"}\]]+)?)",
                         re.IGNORECASE)
_SECRET_VALUES = (
    re.compile(r"\bwriters_session=[^\s;,'\"&]+"),
    re.compile(r"\beyJ[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*){0,2}"),  # a JWT (its header is base64 "{\"")
    re.compile(r"\bwrt_[A-Za-z0-9_-]{6,}"),  # a personal API token
    re.compile(r"\bBearer\s+[A-Za-z0-9._~+/=-]{6,}", re.IGNORECASE),
)
_STANDARD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def redact(text: str) -> str:
    """`text` with every secret it holds replaced by [redacted]."""
    if not text:
        return text
    text = _QUOTED_FIELD.sub(lambda m: m.group("key") + repr(REDACTED), text)
    text = _BARE_FIELD.sub(lambda m: m.group("key") + REDACTED, text)
    for pattern in _SECRET_VALUES:
        text = pattern.sub(REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Scrubs a record in place (message, arguments, traceback, extra fields); never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_writers_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: keep what there is
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info:
            # The formatted traceback (exception messages hold the event too), then no live
            # exception: formatters fall back to this text instead of formatting it again.
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = redact(text), None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD_ATTRS and isinstance(value, str):
                setattr(record, key, redact(value))
        record._writers_redacted = True
        return True


_REDACTOR = RedactingFilter()
_base_factory = logging.getLogRecordFactory()


def _redacting_factory(*args, **kwargs) -> logging.LogRecord:  # noqa: ANN002, ANN003
    record = _base_factory(*args, **kwargs)
    _REDACTOR.filter(record)
    return record


def install_redaction() -> None:
    """Scrub every record: at its creation (whatever logger or handler, including the handlers
    Reflex attaches to its own `reflex` logger later), and on the root and Reflex handlers."""
    if logging.getLogRecordFactory() is not _redacting_factory:
        logging.setLogRecordFactory(_redacting_factory)
    for logger in (logging.getLogger(), logging.getLogger("reflex")):
        if _REDACTOR not in logger.filters:
            logger.addFilter(_REDACTOR)
        for handler in logger.handlers:
            if _REDACTOR not in handler.filters:
                handler.addFilter(_REDACTOR)


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
    install_redaction()
    _configured = True
