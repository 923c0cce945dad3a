"""The signed-in user, resolved on the server from the HttpOnly cookie of the websocket handshake.

Only display data is public. Every handler that touches private data calls `auth_context()`
(or `require_auth`) itself: a redirect in the UI is navigation, not security.
"""

from __future__ import annotations

import functools
import logging
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from writers_app import routes
from writers_app.db import session_scope
from writers_app.services import sessions as session_service
from writers_app.services.sessions import AuthContext
from writers_app.settings import get_settings

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=4096)  # a tab sends the same header with every event
def _cookie(raw: str, name: str) -> str | None:
    jar = SimpleCookie()
    try:
        jar.load(raw or "")
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def session_token(state: rx.State) -> str | None:
    """The tab's session token, unchecked: for a handler that checks it in its own transaction
    (`session_service.resolve_session`), as the editor's save does. Reads the handshake's
    headers field itself: `state.router` assembles a whole RouterData on every access (Reflex
    0.10.1), 4 % of the event loop's time in the save phase of bench_events."""
    return _cookie(state.rx_router_headers.cookie, session_service.SESSION_COOKIE)


def auth_context(state: rx.State) -> AuthContext | None:
    """The open session behind this tab's cookie, checked against the database now."""
    token = session_token(state)
    if not token:
        return None
    with session_scope() as session:
        return session_service.resolve_session(session=session, token=token, settings=get_settings())


def current_user(state: rx.State):  # noqa: ANN201
    """The signed-in user (UserPublic) or None; services decide what that user may do."""
    ctx = auth_context(state)
    return ctx.user if ctx else None


def login_redirect(state: rx.State) -> rx.event.EventSpec:
    url = state.router.url
    here = url.path + (f"?{url.query}" if url.query else "")
    return rx.redirect(routes.login_url(here))


class AuthState(rx.State):
    """Who is signed in, for display. Never holds a token, hash or session id."""

    signed_in: bool = False
    display_name: str = ""
    email: str = ""
    is_admin: bool = False
    # The writer's stored colour scheme ("" for a visitor, whose browser keeps its own).
    theme: str = ""

    def _apply(self, ctx: AuthContext | None) -> None:
        self.signed_in = ctx is not None
        self.display_name = ctx.user.display_name if ctx else ""
        self.email = ctx.user.email if ctx else ""
        self.is_admin = bool(ctx and ctx.user.is_admin)
        self.theme = ctx.user.theme if ctx else ""

    @rx.event
    def require_login(self):
        """on_load of protected pages: send visitors to /login and back afterwards."""
        ctx = auth_context(self)
        self._apply(ctx)
        if ctx is None:
            return login_redirect(self)
        return None

    @rx.event
    def refresh(self):
        """on_load of public pages: show the user menu if a session is open."""
        self._apply(auth_context(self))

    @rx.event
    def redirect_if_signed_in(self):
        """on_load of /login and /register: a signed-in user goes to the dashboard."""
        ctx = auth_context(self)
        self._apply(ctx)
        if ctx is not None:
            return rx.redirect(routes.DASHBOARD)
        return None
