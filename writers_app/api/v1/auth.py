"""POST /api/v1/auth/token: e-mail and password for a short-lived bearer JWT."""

from __future__ import annotations

import logging
from datetime import timedelta

from fastapi import APIRouter, Request

from writers_app.api.v1.deps import Db, app_settings
from writers_app.api.v1.errors import ApiError
from writers_app.api.v1.schemas import TokenRequest, TokenResponse
from writers_app.api.web import client_ip
from writers_app.core.security import utcnow
from writers_app.services import audit, ratelimit
from writers_app.services import auth as auth_service
from writers_app.services import sessions as session_service

log = logging.getLogger(__name__)
router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse)
def issue_token(body: TokenRequest, request: Request, session: Db) -> TokenResponse:
    """Log in like the form does (same checks, same failed-login audit) and get a JWT that
    lasts `API_JWT_MINUTES`. Send it as `Authorization: Bearer <token>`."""
    settings = app_settings()
    ip = client_ip(request)
    try:  # the same budgets as the login form: per address, and failed attempts per account
        ratelimit.check_login(settings, ip=ip, email=body.email)
    except ratelimit.RateLimited as exc:
        raise ApiError(429, "api.rate_limited", headers={"Retry-After": str(exc.retry_after)}) from exc
    user = auth_service.authenticate(session=session, settings=settings, email=body.email, password=body.password,
                                     ip=ip)
    if user is None:
        if ratelimit.login_failed(settings, email=body.email):
            audit.record(session, action="auth.lockout", ip=ip, email=body.email.strip().lower()[:320],
                         via="api")
        session.commit()  # the failed attempt stays in the audit log
        log.info("api login failed")
        raise ApiError(401, "auth.invalid_credentials")
    lifetime = timedelta(minutes=settings.api_jwt_minutes)
    row, token = session_service.create_session(
        session=session, user=user, settings=settings, lifetime=lifetime,
        user_agent=request.headers.get("user-agent", "") or "API client", ip=client_ip(request))
    session.commit()
    log.info("api login", extra={"user_id": user.id})
    return TokenResponse(access_token=token, expires_at=row.expires_at,
                         expires_in=max(0, int((row.expires_at - utcnow()).total_seconds())))
