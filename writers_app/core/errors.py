"""The base of every error a user is told about; `code` is a translation key the UI and the API show.

It lives here, below the services, so pure code (the file formats) can raise it too;
`writers_app.services.errors` adds the HTTP-flavoured kinds (not found, forbidden...).
"""

from __future__ import annotations


class ServiceError(Exception):
    status_code = 400

    def __init__(self, code: str, detail: str | None = None):
        super().__init__(detail or code)
        self.code = code
