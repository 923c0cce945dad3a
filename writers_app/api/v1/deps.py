"""Who is calling: the one place where a bearer credential becomes a principal.

`Authorization: Bearer <token>` carries either a JWT from POST /api/v1/auth/token (a
short-lived session row, so logout, password change and deactivation end it at once) or a
personal `wrt_` token. Both are checked against an active user on every request. A read-only
token may only read: any other method is refused here, for every route, present and future.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from writers_app import db as db_module
from writers_app import settings as settings_module
from writers_app.api.v1.errors import ApiError
from writers_app.models import TokenScope, UserPublic
from writers_app.logs import bind
from writers_app.services import api_tokens, ratelimit
from writers_app.services import sessions as session_service
from writers_app.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

bearer = HTTPBearer(auto_error=False, scheme_name="bearer",
                    description="A JWT from POST /api/v1/auth/token, or a personal API token (wrt_...)")


def app_settings() -> Settings:
    return settings_module.get_settings()


async def get_db() -> AsyncIterator[Session]:
    """One database session per request. Handlers that write commit it themselves (before
    queueing work that must find their rows); anything uncommitted is rolled back.

    Async on purpose: making a Session does no I/O, so it needs no trip to the thread pool;
    closing it (which returns the connection) does, and goes there."""
    session = Session(db_module.get_engine(), expire_on_commit=False)
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()  # never connected (everything came from the cache): no I/O


Db = Annotated[Session, Depends(get_db)]


@dataclass(frozen=True)
class Principal:
    user: UserPublic
    scope: str
    kind: str  # "jwt" or "token"
    token_id: int | None = None
    session_id: uuid.UUID | None = None

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE


async def current_principal(
    request: Request,
    session: Db,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """Async so that the common case costs no trip to the thread pool: a personal token whose
    answer is cached in this process (no Redis: the cache and the rate limiter are memory) is
    resolved right here. Anything that may wait (the database, Redis) goes to the thread pool."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401)
    token = credentials.credentials.strip()
    settings = app_settings()
    if not settings.cache_redis_url and api_tokens.looks_like_token(token):
        owner = api_tokens.cached_token_owner(token)
        if owner is not None:
            return _admit(request, settings, Principal(user=owner.user, scope=owner.scope, kind="token",
                                                       token_id=owner.token_id))
    return await run_in_threadpool(_resolve, request, session, token, settings)


def _resolve(request: Request, session: Session, token: str, settings: Settings) -> Principal:
    if api_tokens.looks_like_token(token):
        owner = api_tokens.resolve_token_cached(session=session, token=token)
        if owner is None:
            raise ApiError(401)
        if owner.touched:
            session.commit()
        principal = Principal(user=owner.user, scope=owner.scope, kind="token", token_id=owner.token_id)
    else:
        ctx = session_service.resolve_session(session=session, token=token, settings=settings)
        if ctx is None:
            raise ApiError(401)
        session.commit()  # the user's last-seen time, if it was due
        principal = Principal(user=ctx.user, scope=TokenScope.READ_WRITE, kind="jwt", session_id=ctx.session_id)
    return _admit(request, settings, principal)


def _admit(request: Request, settings: Settings, principal: Principal) -> Principal:
    """Bind the caller to the request's log lines, count the request against its budget, and
    refuse a write with a read-only token."""
    bind(user_id=principal.user.id)
    try:  # each personal token has its own budget; login tokens share their user's
        ratelimit.check_api(settings, principal=f"token:{principal.token_id}" if principal.token_id
                            else f"user:{principal.user.id}")
    except ratelimit.RateLimited as exc:
        raise ApiError(429, "api.rate_limited", headers={"Retry-After": str(exc.retry_after)}) from exc
    if request.method not in SAFE_METHODS and not principal.can_write:
        raise ApiError(403, "api.read_only_token")
    request.scope[_ADMITTED] = principal
    return principal


_ADMITTED = "writers.principal"


async def admitted_principal(request: Request) -> Principal:
    """The principal `current_principal` admitted for this request. Every /api/v1 router but the
    token endpoint runs `current_principal` first (`api/v1/__init__.py`), so an endpoint asks for
    its answer here instead of depending on it a second time: FastAPI would walk its whole
    sub-tree again (the session, the bearer scheme) before finding its cached answer."""
    principal = request.scope.get(_ADMITTED)
    if principal is None:  # a route outside the protected routers: a programming error
        raise RuntimeError("CurrentPrincipal needs the router-level current_principal dependency")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(admitted_principal)]
