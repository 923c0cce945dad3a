"""Auth routes for the browser: plain form POSTs that set or clear the HttpOnly session cookie.

Sync handlers on purpose: FastAPI runs them in its thread pool, so bcrypt never blocks the
event loop that serves the websocket.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from writers_app.api.web import (
    LANG_COOKIE, clear_session_cookie, client_ip, is_same_origin, set_session_cookie, set_theme_cookie,
    too_many_requests,
)
from writers_app.routes import page_url, safe_next
from writers_app.db import session_scope
from writers_app.i18n import normalise_language
from writers_app.services import audit
from writers_app.services import auth as auth_service
from writers_app.services import ratelimit, samples
from writers_app.services import sessions as session_service
from writers_app.services import theme as theme_service
from writers_app.services.errors import ServiceError
from writers_app.settings import get_settings

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/auth", tags=["auth (browser)"], include_in_schema=False)


def _back(path: str, **params: str) -> RedirectResponse:
    return RedirectResponse(page_url(path, **params), status_code=303)


@router.post("/login")
def login(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form(""),  # noqa: A002 - the form field's name
) -> Response:
    target = safe_next(next)
    if not is_same_origin(request):
        return _back("/login", error="auth.request_refused", next=target)
    settings = get_settings()
    ip = client_ip(request)
    try:
        ratelimit.check_login(settings, ip=ip, email=email)
    except ratelimit.RateLimited as exc:
        return too_many_requests(page_url("/login", error="auth.rate_limited", email=email[:320], next=target),
                                 exc.retry_after)
    with session_scope() as session:
        user = auth_service.authenticate(session=session, settings=settings, email=email, password=password, ip=ip)
        if user is None:
            log.info("login failed")
            if ratelimit.login_failed(settings, email=email):
                audit.record(session, action="auth.lockout", ip=ip, email=(email or "").strip().lower()[:320],
                             minutes=_window_minutes(settings.rate_limit_login_account))
            return _back("/login", error="auth.invalid_credentials", email=email[:320], next=target)
        _row, token = session_service.create_session(
            session=session, user=user, settings=settings,
            user_agent=request.headers.get("user-agent", ""), ip=client_ip(request),
        )
        lang, theme = user.preferred_language, theme_service.read_theme(user.theme)
        log.info("login", extra={"user_id": user.id})
    response = _back(target)
    set_session_cookie(response, token=token, settings=settings, lang=lang)
    set_theme_cookie(response, theme=theme, settings=settings)
    return response


def _window_minutes(limit: str) -> int:
    from limits import parse

    return max(1, parse(limit).get_expiry() // 60)


@router.post("/register")
def register(
    request: Request,
    email: str = Form(""),
    display_name: str = Form(""),
    password: str = Form(""),
    lang: str = Form(""),
) -> Response:
    keep = {"email": email[:320], "name": display_name[:100]}
    if not is_same_origin(request):
        return _back("/register", error="auth.request_refused", **keep)
    settings = get_settings()
    language = normalise_language(lang or request.cookies.get(LANG_COOKIE))
    try:
        ratelimit.check_register(settings, ip=client_ip(request), email=email)
    except ratelimit.RateLimited as exc:
        return too_many_requests(page_url("/register", error="auth.rate_limited", **keep), exc.retry_after)
    try:
        with session_scope() as session:
            user = auth_service.register_user(
                session=session, settings=settings, email=email, display_name=display_name,
                password=password, language=language,
            )
            if settings.sample_piece:  # only writers who sign up here: not admins, the CLI or the API
                samples.create_sample_piece(session=session, owner_id=user.id, language=language)
            _row, token = session_service.create_session(
                session=session, user=user, settings=settings,
                user_agent=request.headers.get("user-agent", ""), ip=client_ip(request),
            )
    except auth_service.EmailTaken as exc:
        # Not "this address has an account" (that tells anyone who has one): its owner is mailed,
        # and the page says to check the mail, log in or reset the password.
        try:
            with session_scope() as session:
                auth_service.tell_owner_of_registration_attempt(session=session, settings=settings, email=exc.email,
                                                                ip=client_ip(request))
        except Exception:  # mail server down: log it, answer the same
            log.exception("registration attempt mail failed")
        return _back("/login", notice="auth.register_check_mail", email=email[:320])
    except ServiceError as exc:
        return _back("/register", error=exc.code, **keep)
    response = _back("/dashboard")
    set_session_cookie(response, token=token, settings=settings, lang=language)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """The user menu's logout form: end this session, clear the cookie, back to /login."""
    settings = get_settings()
    if not is_same_origin(request):
        return Response(status_code=403)
    token = request.cookies.get(session_service.SESSION_COOKIE)
    with session_scope() as session:
        ctx = session_service.resolve_session(session=session, token=token, settings=settings)
        if ctx is not None:
            session_service.end_session(session=session, ctx=ctx, ip=client_ip(request))
            log.info("logout", extra={"user_id": ctx.user.id})
    response = _back("/login", notice="auth.logged_out")
    clear_session_cookie(response, settings)
    return response
