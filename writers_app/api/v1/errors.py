"""The API's one error shape, `{"error": {"code", "message"}}`, for every failure under /api/v1.

Handlers are registered on the whole FastAPI app but answer in this shape only for /api/v1
paths; the browser routes (/api/auth, /api/editor, health) keep FastAPI's default behaviour.
Codes are stable: a service's own key (`editor.conflict`, `error.not_found`, `upload.empty`...)
or one of the `api.*` keys below. Messages are English.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from writers_app.i18n import translate
from writers_app.services.errors import ServiceError

log = logging.getLogger(__name__)

PREFIX = "/api/v1"

# Service codes whose HTTP status differs from their exception class's.
_STATUS_BY_CODE = {
    "upload.too_large": 413, "editor.too_large": 413,
    "upload.unsupported_type": 415, "upload.type_mismatch": 415,
}
_CODE_BY_STATUS = {
    401: "api.unauthorized", 403: "api.read_only_token", 404: "error.not_found", 405: "api.method_not_allowed",
    413: "api.too_large", 415: "api.unsupported_media_type", 422: "api.validation_failed",
    429: "api.rate_limited",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """An HTTP failure raised by the API's own code (auth, scope, content type)."""

    def __init__(self, status_code: int, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(code)
        self.status_code = status_code
        self.code = code or _CODE_BY_STATUS.get(status_code, "api.http_error")
        self.headers = headers


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


# Declared on every /api/v1 operation, so clients (and schemathesis) know each error's shape.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _doc("Input the service refused (code names the reason)"),
    401: _doc("Missing, invalid, expired or revoked token, or a deactivated account"),
    403: _doc("A read-only token tried to write"),
    404: _doc("No such resource, or it belongs to someone else"),
    405: _doc("Method not allowed"),
    422: _doc("Validation error"),
    429: _doc("Too many requests for this token (see the Retry-After header)"),
}
CONFLICT = {409: _doc("The body changed since `base_revision` (code `editor.conflict`)")}
UPLOAD_ERRORS = {413: _doc("Larger than the upload limit"), 415: _doc("Unsupported content or file type"),
                 503: _doc("The storage refused the file (full or read-only); nothing was kept")}


def message_for(code: str) -> str:
    text = translate(code, "en")
    if text == code:
        return translate("api.http_error", "en")
    if code.startswith("upload.") and text[:1].islower():  # the upload list's fragments ("is larger...")
        return f"The file {text}"
    return text


def error_response(status_code: int, code: str, details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorResponse(error=ErrorDetail(code=code, message=message_for(code), details=details))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status_code, headers=headers)


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path == PREFIX or path.startswith(PREFIX + "/")


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else exc.headers
    return error_response(exc.status_code, exc.code, headers=headers)


async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
    if not _is_api(request):
        raise exc  # the browser routes handle their own service errors; anything left is a 500
    return error_response(_STATUS_BY_CODE.get(exc.code, exc.status_code), exc.code)


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    """Input the database cannot store (a NUL in a string, a number out of range)."""
    if not _is_api(request):
        raise exc
    log.info("api input refused by the database", extra={"error": type(exc).__name__})
    return error_response(400, "error.bad_input")


async def _http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
    if not _is_api(request):
        return await http_exception_handler(request, exc)
    return error_response(exc.status_code, _CODE_BY_STATUS.get(exc.status_code, "api.http_error"),
                          headers=getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: RequestValidationError):  # noqa: ANN202
    if not _is_api(request):
        return await request_validation_exception_handler(request, exc)
    details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
               for e in exc.errors()][:20]
    return error_response(422, "api.validation_failed", details=details)


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(UnicodeEncodeError, _data_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
