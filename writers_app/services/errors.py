"""Errors the services raise; `code` is a translation key the UI and the API show."""

from __future__ import annotations


class ServiceError(Exception):
    status_code = 400

    def __init__(self, code: str, detail: str | None = None):
        super().__init__(detail or code)
        self.code = code


class NotFound(ServiceError):
    """Also raised for things that exist but belong to someone else: never reveal them."""

    status_code = 404

    def __init__(self, code: str = "error.not_found"):
        super().__init__(code)


class Forbidden(ServiceError):
    status_code = 403


class Conflict(ServiceError):
    status_code = 409
