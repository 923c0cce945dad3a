"""The rows the settings cards show (no Reflex here): never a token, hash or session id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class SessionRow:
    agent: str  # "Firefox on Linux", or "" when unknown
    ip: str
    created: str  # ISO; the page draws it in the reader's calendar
    current: bool  # this very tab's session


@dataclass
class TokenRow:
    id: int
    name: str
    scope: str
    prefix: str  # the first characters, so the writer can tell tokens apart
    created: str
    last_used: str
    expires: str
    expired: bool


def session_row(open_session, agent: str) -> SessionRow:  # noqa: ANN001  (a SessionPublic)
    return SessionRow(agent=agent, ip=open_session.ip, created=open_session.created_at.isoformat(),
                      current=bool(open_session.current))


def token_row(token, now: datetime) -> TokenRow:  # noqa: ANN001  (an ApiTokenPublic)
    return TokenRow(id=token.id, name=token.name, scope=token.scope, prefix=token.prefix,
                    created=token.created_at.isoformat(),
                    last_used=token.last_used_at.isoformat() if token.last_used_at else "",
                    expires=token.expires_at.isoformat() if token.expires_at else "",
                    expired=bool(token.expires_at and token.expires_at <= now))
