"""Errors the services raise; `code` is a translation key the UI and the API show.

ServiceError itself is defined in writers_app.core.errors (pure code raises it too).
"""

from __future__ import annotations

from writers_app.core.errors import ServiceError

__all__ = ["Conflict", "Forbidden", "NotFound", "ServiceError"]


class NotFound(ServiceError):
    """Also raised for things that exist but belong to someone else: never reveal them."""

    status_code = 404

    def __init__(self, code: str = "error.not_found"):
        super().__init__(code)


class Forbidden(ServiceError):
    status_code = 403


class Conflict(ServiceError):
    status_code = 409
