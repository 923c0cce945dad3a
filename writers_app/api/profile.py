"""The profile page's HTTP routes: downloading an "export everything" zip (its owner only), and
deleting the account (a native form POST, so the HttpOnly session cookie can be cleared).

Sync handlers on purpose: FastAPI runs them in its thread pool, so bcrypt never blocks the loop.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import FileResponse, RedirectResponse

from writers_app.api.web import clear_session_cookie, client_ip, is_same_origin
from writers_app.core.ids import parse_id
from writers_app.db import session_scope
from writers_app.routes import LOGIN, PROFILE, page_url
from writers_app.services import account, exports
from writers_app.services import sessions as session_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.services.sessions import AuthContext
from writers_app.settings import get_settings

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/profile", tags=["profile (browser)"], include_in_schema=False)


def _signed_in(request: Request) -> AuthContext | None:
    with session_scope() as session:
        return session_service.resolve_session(
            session=session, token=request.cookies.get(session_service.SESSION_COOKIE), settings=get_settings())


@router.get("/exports/{export_id}/download")
def download_export(export_id: str, request: Request) -> Response:
    ctx = _signed_in(request)
    if ctx is None:
        raise HTTPException(status_code=401, detail="auth.session_expired")
    if (wanted := parse_id(export_id)) is None:
        raise HTTPException(status_code=404, detail="error.not_found")
    try:
        with session_scope() as session:
            path, filename = exports.download(session=session, settings=get_settings(), user_id=ctx.user.id,
                                              export_id=wanted)
    except NotFound as exc:  # someone else's, expired, or never finished: the same answer
        raise HTTPException(status_code=404, detail="error.not_found") from exc
    log.info("data export downloaded", extra={"user_id": ctx.user.id, "export_id": wanted})
    return FileResponse(path, media_type="application/zip", filename=filename,
                        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


@router.post("/delete")
def delete_account(request: Request, password: str = Form("")) -> Response:
    """Wrong password or the last admin: back to the profile page with the reason, nothing
    deleted. Deleted: the cookie is cleared and the browser goes to the login page."""
    if not is_same_origin(request):
        return RedirectResponse(page_url(PROFILE, error="auth.request_refused"), status_code=303)
    ctx = _signed_in(request)
    if ctx is None:
        return RedirectResponse(page_url(LOGIN, error="auth.session_expired"), status_code=303)
    try:
        account.delete_account_and_files(settings=get_settings(), user_id=ctx.user.id, password=password,
                                         ip=client_ip(request))
    except ServiceError as exc:
        return RedirectResponse(page_url(PROFILE, error=exc.code), status_code=303)
    response = RedirectResponse(page_url(LOGIN, notice="profile.account_deleted"), status_code=303)
    clear_session_cookie(response, get_settings())
    return response
