"""Login sessions: create, resolve (cookie -> user) and revoke."""

from __future__ import annotations

import functools
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select, update

from writers_app.core.security import TokenClaims, decode_session_token, encode_session_token, utcnow
from writers_app.logs import bind
from writers_app.models import SessionPublic, User, UserPublic, UserSession
from writers_app.services import audit
from writers_app.settings import Settings

SESSION_COOKIE = "writers_session"


@dataclass(frozen=True)
class AuthContext:
    """Who is making a request: the user and the session row behind the cookie."""

    user: UserPublic
    session_id: uuid.UUID


def create_session(
    *, session: Session, user: User, settings: Settings, user_agent: str = "", ip: str = "",
    lifetime: timedelta | None = None,
) -> tuple[UserSession, str]:
    """Open a session for `user` and return it with its signed token (the cookie's lifetime
    unless `lifetime` says otherwise: the API's bearer tokens are short-lived)."""
    assert user.id is not None
    now = utcnow()
    row = UserSession(
        user_id=user.id,
        created_at=now,
        expires_at=now + (lifetime or timedelta(hours=settings.session_lifetime_hours)),
        user_agent=(user_agent or "")[:255],
        ip=(ip or "")[:45],
    )
    session.add(row)
    user.last_login_at = now
    session.add(user)
    session.flush()
    audit.record(session, action="auth.login", actor_id=user.id, target_user_id=user.id, ip=ip)
    token = encode_session_token(
        session_id=row.id, user_id=user.id, expires_at=row.expires_at, secret=settings.secret()
    )
    return row, token


def resolve_session(*, session: Session, token: str | None, settings: Settings) -> AuthContext | None:
    """The user behind a token, if its session is open and the user active; else None."""
    claims = _valid_claims(token, settings)
    if claims is None:
        return None
    row = session.exec(
        select(UserSession, User)
        .join(User, col(User.id) == col(UserSession.user_id))
        .where(UserSession.id == claims.session_id)
    ).first()
    if row is None:
        return None
    user_session, user = row
    if (
        user_session.revoked_at is not None
        or user_session.expires_at <= utcnow()
        or user_session.user_id != claims.user_id
        or not user.is_active
    ):
        return None
    touch_user(session, user)
    return AuthContext(user=UserPublic.model_validate(user, from_attributes=True), session_id=user_session.id)


SEEN_EVERY = timedelta(minutes=1)
_seen: dict[int, float] = {}  # user id -> monotonic time this process last checked last_seen_at
_seen_lock = threading.Lock()
_SEEN_MAX = 100_000


def touch_user(session: Session, user: User) -> None:
    """Note that the user is active (one small UPDATE a minute at most) and name them in logs."""
    bind(user_id=user.id)
    now = utcnow()
    if user.last_seen_at is None or user.last_seen_at < now - SEEN_EVERY:
        session.exec(update(User).where(col(User.id) == user.id).values(last_seen_at=now))
    with _seen_lock:
        if len(_seen) >= _SEEN_MAX:
            _seen.clear()
        _seen[user.id] = time.monotonic()


@functools.lru_cache(maxsize=4096)  # a tab sends the same token with every event
def _decoded(token: str, secret: str) -> TokenClaims | None:
    return decode_session_token(token, secret=secret)


def _valid_claims(token: str | None, settings: Settings) -> TokenClaims | None:
    """The claims of a well-signed token, decoded once; their expiry checked on every use."""
    if not token:
        return None
    claims = _decoded(token, settings.secret())
    return claims if claims is not None and claims.expires_at > utcnow() else None


def forget_seen() -> None:
    with _seen_lock:
        _seen.clear()


def claims_of_seen_user(token: str | None, settings: Settings) -> TokenClaims | None:
    """The token's claims if it is well signed and this process resolved its user's session
    within SEEN_EVERY (so `last_seen_at` is up to date without another look); else None, and the
    caller resolves the session (`resolve_session`). Claims are not a check that the session is
    open: a caller using them puts that check in its own statement (`saves.append_on_base`)."""
    claims = _valid_claims(token, settings)
    if claims is None:
        return None
    with _seen_lock:
        seen = _seen.get(claims.user_id)
    if seen is None or time.monotonic() - seen >= SEEN_EVERY.total_seconds():
        return None
    bind(user_id=claims.user_id)
    return claims


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def describe_user_agent(user_agent: str) -> str:
    """'Chrome · Linux' from a raw User-Agent header; empty when nothing is recognised."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    return " · ".join(part for part in (browser, system) if part)


def end_session(*, session: Session, ctx: AuthContext, ip: str = "") -> None:
    """Log out: the session row is revoked, so the cookie is refused from now on."""
    revoke_session(session=session, session_id=ctx.session_id)
    audit.record(session, action="auth.logout", actor_id=ctx.user.id, target_user_id=ctx.user.id, ip=ip)


def revoke_session(*, session: Session, session_id: uuid.UUID) -> None:
    session.exec(
        update(UserSession)
        .where(col(UserSession.id) == session_id, col(UserSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_user_sessions(*, session: Session, user_id: int, keep: uuid.UUID | None = None) -> int:
    """Revoke every open session of a user except `keep`; returns how many were revoked."""
    stmt = update(UserSession).where(
        col(UserSession.user_id) == user_id, col(UserSession.revoked_at).is_(None)
    )
    if keep is not None:
        stmt = stmt.where(col(UserSession.id) != keep)
    result = session.exec(stmt.values(revoked_at=utcnow()))
    return result.rowcount or 0


def list_open_sessions(*, session: Session, user_id: int, current: uuid.UUID | None) -> list[SessionPublic]:
    rows = session.exec(
        select(UserSession)
        .where(
            UserSession.user_id == user_id,
            col(UserSession.revoked_at).is_(None),
            col(UserSession.expires_at) > utcnow(),
        )
        .order_by(col(UserSession.created_at).desc())
    ).all()
    return [
        SessionPublic(
            id=str(r.id), created_at=r.created_at, expires_at=r.expires_at,
            user_agent=r.user_agent, ip=r.ip, current=r.id == current,
        )
        for r in rows
    ]
