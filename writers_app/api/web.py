"""Helpers for HTTP routes: same-origin checks, the session and language cookies, downloads."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from fastapi import Request, Response
from fastapi.responses import HTMLResponse

from writers_app.services.sessions import SESSION_COOKIE
from writers_app.settings import Settings

if TYPE_CHECKING:
    from writers_app.formats.export import Export

LANG_COOKIE = "writers_lang"


def is_same_origin(request: Request) -> bool:
    """Cookie-authenticated POSTs must come from our own pages (CSRF defence beside SameSite)."""
    origin = request.headers.get("origin")
    if origin is None:
        # Browsers send Origin on every cross-site POST; its absence means a same-origin or
        # non-browser client, which SameSite=Lax already covers.
        return True
    host = request.headers.get("x-forwarded-host") or request.headers.get("host", "")
    return urlsplit(origin).netloc == host


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def set_session_cookie(response: Response, *, token: str, settings: Settings, lang: str) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, max_age=settings.session_lifetime_hours * 3600, path="/",
        httponly=True, samesite="lax", secure=settings.is_prod,
    )
    # The language is not a secret: the page script reads it to pick the direction early.
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, path="/", samesite="lax",
                        secure=settings.is_prod)


THEME_COOKIE = "writers_theme"


def set_theme_cookie(response: Response, *, theme: str, settings: Settings) -> None:
    """The account's colour scheme for the page script (assets/writers.js), which moves it to
    localStorage before the first paint and deletes the cookie: one minute is plenty."""
    response.set_cookie(THEME_COOKIE, theme, max_age=60, path="/", samesite="lax", secure=settings.is_prod)


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.is_prod)


def too_many_requests(target: str, retry_after: int) -> HTMLResponse:
    """429 with Retry-After for a form POST: the browser shows the form page again (with the
    rate-limit message in `target`'s query) through a meta refresh, scripts not needed."""
    url = escape(target, quote=True)
    body = (f'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={url}">'
            f'<title>429</title><a href="{url}">Too many attempts / تلاش‌های بیش از حد</a>')
    return HTMLResponse(body, status_code=429, headers={"Retry-After": str(retry_after), "Cache-Control": "no-store"})
def download_response(export: "Export") -> Response:
    """A piece's export as an attachment (the editor's download and the API's export)."""
    return Response(export.body, media_type=export.media_type, headers={
        "Content-Disposition": f"attachment; filename=\"export.{export.ext}\"; "
                               f"filename*=UTF-8''{quote(export.filename)}",
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
