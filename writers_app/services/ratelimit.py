"""Rate limits with the `limits` library.

Storage is Redis (the cache database, keys prefixed `writers:limits`) when Redis is configured,
so every server worker shares the counters; in embedded mode (one worker) it is memory.
Identifiers are hashed: no e-mail address or token is ever written into a key.

If the limiter's storage fails (Redis down) the request is allowed and the error logged:
login stays protected by bcrypt's cost, and an outage of the cache must not lock everyone out.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import threading
import time
from dataclasses import dataclass

from limits import RateLimitItem
from limits import parse as _parse_limit
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from writers_app.settings import Settings

log = logging.getLogger(__name__)

KEY_PREFIX = "writers:limits"


class RateLimited(Exception):
    """Too many requests; `retry_after` whole seconds until one more is allowed."""

    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(scope)
        self.scope = scope
        self.retry_after = max(1, retry_after)


@dataclass
class _Limiter:
    storage: Storage
    strategy: MovingWindowRateLimiter


_limiters: dict[tuple, _Limiter] = {}
_lock = threading.Lock()


def _limiter(settings: Settings) -> _Limiter:
    # Memory: one per settings object (tests make many; the URL guards against a reused id()).
    key = (settings.cache_redis_url,) if settings.cache_redis_url else ("memory", id(settings), settings.database_url)
    with _lock:
        limiter = _limiters.get(key)
        if limiter is None:
            url = settings.cache_redis_url
            storage = storage_from_string(url, key_prefix=KEY_PREFIX) if url else MemoryStorage()
            limiter = _limiters[key] = _Limiter(storage, MovingWindowRateLimiter(storage))
        return limiter


@functools.lru_cache(maxsize=64)
def parse(limit: str) -> RateLimitItem:
    """`limits.parse`, once per limit string (they come from the settings: a handful)."""
    return _parse_limit(limit)


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _retry_after(limiter: _Limiter, item: RateLimitItem, *ids: str) -> int:
    stats = limiter.strategy.get_window_stats(item, *ids)
    return math.ceil(stats.reset_time - time.time())


def _hit(settings: Settings, limit: str, scope: str, identifier: str, *, count: bool = True) -> None:
    """Count one request (or, with count=False, only look); raise RateLimited if the limit is
    used up."""
    limiter, item, ident = _limiter(settings), parse(limit), _digest(identifier)
    try:
        allowed = limiter.strategy.hit(item, scope, ident) if count else limiter.strategy.test(item, scope, ident)
        if allowed:
            return
        retry = _retry_after(limiter, item, scope, ident)
    except Exception:
        log.exception("rate limiter unavailable; request allowed", extra={"scope": scope})
        return
    log.warning("rate limited", extra={"scope": scope, "retry_after": retry})
    raise RateLimited(scope, retry)


def check_login(settings: Settings, *, ip: str, email: str) -> None:
    """Before a login attempt: every attempt counts per IP; an account that has used up its
    failed attempts is locked out (for everyone, so unknown addresses behave the same)."""
    _hit(settings, settings.rate_limit_login_ip, "login-ip", ip or "-")
    _hit(settings, settings.rate_limit_login_account, "login-account", email or "-", count=False)


def login_failed(settings: Settings, *, email: str) -> bool:
    """Count a failed attempt for the account; True when this failure started a lock-out."""
    limiter, item = _limiter(settings), parse(settings.rate_limit_login_account)
    ident = _digest(email or "-")
    try:
        limiter.strategy.hit(item, "login-account", ident)
        return not limiter.strategy.test(item, "login-account", ident)
    except Exception:
        log.exception("rate limiter unavailable", extra={"scope": "login-account"})
        return False


def check_register(settings: Settings, *, ip: str, email: str) -> None:
    _hit(settings, settings.rate_limit_register_ip, "register-ip", ip or "-")
    _hit(settings, settings.rate_limit_register_account, "register-account", email or "-")


def check_password_reset(settings: Settings, *, ip: str, email: str) -> None:
    """Before mailing a reset link: per client address and per e-mail asked for. The e-mail
    counts whether or not an account has it, so being limited says nothing about the account."""
    _hit(settings, settings.rate_limit_reset_ip, "reset-ip", ip or "-")
    _hit(settings, settings.rate_limit_reset_account, "reset-account", email or "-")


def check_password_confirm(settings: Settings, *, user_id: int) -> None:
    """Before a signed-in writer's password is checked again (e-mail change, account deletion):
    refused while the account has used up its failed attempts (the login's per-account limit)."""
    _hit(settings, settings.rate_limit_login_account, "confirm-account", f"user:{user_id}", count=False)


def password_confirm_failed(settings: Settings, *, user_id: int) -> None:
    """Count one wrong password given to confirm an action."""
    try:
        _limiter(settings).strategy.hit(parse(settings.rate_limit_login_account), "confirm-account",
                                        _digest(f"user:{user_id}"))
    except Exception:
        log.exception("rate limiter unavailable", extra={"scope": "confirm-account"})


def check_api(settings: Settings, *, principal: str) -> None:
    """One API request by this token (or login token's user)."""
    _hit(settings, settings.rate_limit_api, "api", principal)


def reset_memory() -> None:
    """Forget in-memory limiters (tests)."""
    with _lock:
        _limiters.clear()
