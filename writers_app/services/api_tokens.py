"""Personal API tokens: created, listed and revoked by their owner; resolved on each API call.

A token is `wrt_` followed by 256 random bits (URL-safe base64). Only its SHA-256 is stored,
so a database leak reveals no usable token; the writer sees the token once, at creation.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from writers_app.core.security import token_digest, utcnow
from writers_app.models import ApiToken, ApiTokenPublic, TokenScope, User, UserPublic
from writers_app.services import audit, cache
from writers_app.services.errors import NotFound, ServiceError
from writers_app.core.text import storable

log = logging.getLogger(__name__)

TOKEN_PREFIX = "wrt_"
MAX_NAME = 100
MAX_TOKENS_PER_WRITER = 50
EXPIRY_DAYS = (0, 7, 30, 90, 365)  # 0: never expires
# last_used_at is written at most this often per token, so a busy script costs no write per call.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenOwner:
    """Who a presented token speaks for, and with which rights."""

    user: UserPublic
    token_id: int
    scope: str
    touched: bool = False  # last_used_at was updated: the caller should commit
    expires_at: datetime | None = None


def _to_public(row: ApiToken) -> ApiTokenPublic:
    return ApiTokenPublic.model_validate(row, from_attributes=True)


def create_token(*, session: Session, owner_id: int, name: str, scope: str, expires_in_days: int = 0,
                 ip: str = "") -> tuple[ApiTokenPublic, str]:
    """Make a token; returns its public description and the token itself (to show once)."""
    name = " ".join(storable(name or "").split())
    if not name:
        raise ServiceError("api.token_name_required")
    if len(name) > MAX_NAME:
        raise ServiceError("api.token_name_too_long")
    if scope not in {s.value for s in TokenScope}:
        raise ServiceError("error.bad_input")
    if expires_in_days not in EXPIRY_DAYS:
        raise ServiceError("error.bad_input")
    active = session.exec(select(ApiToken.id).where(ApiToken.user_id == owner_id,
                                                    col(ApiToken.revoked_at).is_(None))).all()
    if len(active) >= MAX_TOKENS_PER_WRITER:
        raise ServiceError("api.too_many_tokens")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(user_id=owner_id, name=name, scope=scope, prefix=token[:10], token_hash=token_digest(token),
                   created_at=now, expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None)
    session.add(row)
    session.flush()
    audit.record(session, action="api.token_created", actor_id=owner_id, target_user_id=owner_id, ip=ip,
                 token_id=row.id, name=name, scope=scope, expires_at=row.expires_at.isoformat() if row.expires_at else None)
    log.info("api token created", extra={"user_id": owner_id, "token_id": row.id, "scope": scope})
    return _to_public(row), token


def list_tokens(*, session: Session, owner_id: int) -> list[ApiTokenPublic]:
    """The owner's tokens that are not revoked (expired ones too, marked by their date), newest first."""
    rows = session.exec(select(ApiToken).where(ApiToken.user_id == owner_id, col(ApiToken.revoked_at).is_(None))
                        .order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc())).all()
    return [_to_public(r) for r in rows]


def revoke_token(*, session: Session, owner_id: int, token_id: int, ip: str = "") -> None:
    """Revoke one of the owner's tokens; someone else's (or a revoked one) is "not found"."""
    row = session.exec(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == owner_id,
                                              col(ApiToken.revoked_at).is_(None))).first()
    if row is None:
        raise NotFound()
    row.revoked_at = utcnow()
    session.add(row)
    audit.record(session, action="api.token_revoked", actor_id=owner_id, target_user_id=owner_id, ip=ip,
                 token_id=row.id, name=row.name)
    log.info("api token revoked", extra={"user_id": owner_id, "token_id": row.id})


def revoke_user_tokens(*, session: Session, user_id: int, reason: str, actor_id: int | None = None,
                       ip: str = "") -> int:
    """Revoke every open token of a user (their password changed or was reset): a token taken
    with the old password must not outlive it. Audited once; returns how many were revoked."""
    rows = session.exec(select(ApiToken).where(ApiToken.user_id == user_id, col(ApiToken.revoked_at).is_(None))).all()
    now = utcnow()
    for row in rows:
        row.revoked_at = now  # ORM writes: the cache drops each resolved token after commit
        session.add(row)
    if rows:
        session.flush()
        audit.record(session, action="api.tokens_revoked", actor_id=actor_id if actor_id is not None else user_id,
                     target_user_id=user_id, ip=ip, reason=reason, count=len(rows),
                     token_ids=[r.id for r in rows])
        log.info("api tokens revoked", extra={"user_id": user_id, "count": len(rows), "reason": reason})
    return len(rows)


def looks_like_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


# A resolved token is remembered this long; revoking it, or any change to its owner's row
# (deactivation, role, name), drops it at once (services/cache.py, after commit).
RESOLVED_TTL_SECONDS = 30


def resolve_token_cached(*, session: Session, token: str) -> TokenOwner | None:
    """`resolve_token`, skipping the database while a recent answer is cached. The expiry is
    checked on every call; the last-used time is refreshed when the entry is rebuilt."""
    if not token or not looks_like_token(token) or len(token) > 200:
        return None
    key = cache.token_key(token_digest(token))
    hit = cached_token_owner(token, key=key)
    if hit is not None:
        return hit
    owner = resolve_token(session=session, token=token)
    if owner is not None:
        cache.set_json(key, {"user": owner.user.model_dump(mode="json"), "token_id": owner.token_id,
                             "scope": owner.scope,
                             "expires_at": owner.expires_at.isoformat() if owner.expires_at else None},
                       ttl=RESOLVED_TTL_SECONDS)
    return owner


def cached_token_owner(token: str, *, key: str | None = None) -> TokenOwner | None:
    """The cached answer of `resolve_token_cached` for this token, if there is one and the token
    has not expired since; None otherwise (then ask `resolve_token_cached`). No database."""
    if not token or not looks_like_token(token) or len(token) > 200:
        return None
    hit = cache.get_json(key or cache.token_key(token_digest(token)))
    if hit is None:
        return None
    expires = hit.get("expires_at")
    if expires is not None and datetime.fromisoformat(expires) <= utcnow():
        return None
    return TokenOwner(user=UserPublic.model_validate(hit["user"]), token_id=hit["token_id"], scope=hit["scope"])


def resolve_token(*, session: Session, token: str, now: datetime | None = None) -> TokenOwner | None:
    """The active owner of a valid, unrevoked, unexpired token, or None. One query; the
    last-used time is refreshed at most once a minute (the caller commits)."""
    if not token or not looks_like_token(token) or len(token) > 200:
        return None
    # Columns, not entities: this runs on every API call, and plain rows cost a third of mapped objects.
    row = session.exec(select(ApiToken.id, ApiToken.scope, ApiToken.revoked_at, ApiToken.expires_at,
                              ApiToken.last_used_at, *_USER_COLUMNS)
                       .join(User, col(User.id) == col(ApiToken.user_id))
                       .where(ApiToken.token_hash == token_digest(token))).first()
    if row is None:
        return None
    now = now or utcnow()
    if row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now) or not row.is_active:
        return None
    touched = row.last_used_at is None or row.last_used_at < now - LAST_USED_EVERY
    if touched:
        session.exec(update(ApiToken).where(col(ApiToken.id) == row.id).values(last_used_at=now))
        session.exec(update(User).where(col(User.id) == row.user_id).values(last_seen_at=now))
    user = UserPublic.model_validate({name: getattr(row, name if name != "id" else "user_id")
                                      for name in UserPublic.model_fields})
    return TokenOwner(user=user, token_id=row.id, scope=row.scope, touched=touched, expires_at=row.expires_at)


_USER_COLUMNS = (col(User.id).label("user_id"), User.email, User.display_name, User.role, User.is_active,
                 User.preferred_language, User.created_at, User.last_login_at, User.theme)
