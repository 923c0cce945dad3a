"""Ids that come from outside (a browser event, a URL): parsed once, the same way everywhere.

A database id is a positive 64-bit integer. Anything else (not ASCII digits, zero, past 2**63-1,
a float, None) names no row: it is "not found", never a database error or an OverflowError.
"""

from __future__ import annotations

from writers_app.core.errors import ServiceError

MAX_ID = 2**63 - 1  # what a database integer holds; past it, binding the value fails


class BadId(ServiceError, ValueError):
    """An id that cannot name a row; a ValueError too, so older `except ValueError` still holds."""

    def __init__(self) -> None:
        super().__init__("error.not_found")


def parse_id(raw: object) -> int | None:
    """`raw` as a row id (str of ASCII digits or an int, 1..MAX_ID), else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 < raw <= MAX_ID else None
    if not isinstance(raw, str):
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def require_id(raw: object) -> int:
    """`parse_id(raw)`, or raise BadId (code "error.not_found")."""
    value = parse_id(raw)
    if value is None:
        raise BadId
    return value
