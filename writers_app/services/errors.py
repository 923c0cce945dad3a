"""Errors the services raise; `code` is a translation key the UI and the API show.

ServiceError itself is defined in writers_app.core.errors (pure code raises it too).
"""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from writers_app.core.errors import ServiceError

__all__ = ["Conflict", "Forbidden", "NotFound", "ServiceError", "database_unavailable"]


class NotFound(ServiceError):
    """Also raised for things that exist but belong to someone else: never reveal them."""

    status_code = 404

    def __init__(self, code: str = "error.not_found"):
        super().__init__(code)


class Forbidden(ServiceError):
    status_code = 403


class Conflict(ServiceError):
    status_code = 409


def database_unavailable(error: BaseException) -> bool:
    """True when `error` means the database did not answer (refused, restarting, connection
    lost, pool exhausted): nothing was committed, and the same request may simply be retried."""
    if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)
