"""Password hashing and session tokens; no framework imports."""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import bcrypt
import jwt

JWT_ALGORITHM = "HS256"
JWT_AUDIENCE = "writers-session"


def _prehash(password: str) -> bytes:
    """bcrypt reads at most 72 bytes (bcrypt 5 raises beyond); pre-hash so every byte counts.

    Base64 of SHA-256 is 44 ASCII bytes, free of NUL, so bcrypt sees the whole password.
    """
    digest = hashlib.sha256(password.encode("utf-8", "surrogatepass")).digest()  # a lone surrogate: no crash
    return base64.b64encode(digest)


def hash_password(password: str, rounds: int = 12) -> str:
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(_prehash(password), password_hash.encode("ascii"))
    except ValueError:
        return False


@dataclass(frozen=True)
class TokenClaims:
    session_id: uuid.UUID
    user_id: int
    expires_at: datetime


def encode_session_token(*, session_id: uuid.UUID, user_id: int, expires_at: datetime, secret: str) -> str:
    payload = {
        "sid": str(session_id),
        "sub": str(user_id),
        "aud": JWT_AUDIENCE,
        "iat": int(datetime.now(timezone.utc).timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(payload, secret, algorithm=JWT_ALGORITHM)


def decode_session_token(token: str, *, secret: str) -> TokenClaims | None:
    """Claims of a valid, unexpired token, or None; never raises on bad input."""
    try:
        payload = jwt.decode(
            token, secret, algorithms=[JWT_ALGORITHM], audience=JWT_AUDIENCE,
            options={"require": ["exp", "sid", "sub", "aud"]},
        )
        return TokenClaims(
            session_id=uuid.UUID(payload["sid"]),
            user_id=int(payload["sub"]),
            expires_at=datetime.fromtimestamp(payload["exp"], tz=timezone.utc),
        )
    except (jwt.PyJWTError, ValueError, TypeError, KeyError):
        return None


def new_opaque_token() -> str:
    """A random URL-safe token (password reset links, API tokens)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What we store for an opaque token: its SHA-256, so a database leak reveals no token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def expiry(hours: float = 0, minutes: float = 0) -> datetime:
    return utcnow() + timedelta(hours=hours, minutes=minutes)
