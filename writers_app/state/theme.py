"""The colour scheme: chosen in the header, kept in the browser (localStorage, as Reflex's
colour mode does) and, for a signed-in writer, on their account, so another browser follows.

The browser applies a choice at once (`rx.set_color_mode`); the server only stores it. The
stored choice reaches a page through `AuthState.theme` (set with the session on every page
load) and `components/theme.py` hands it to the colour mode when it differs.
"""

from __future__ import annotations

import logging

import reflex as rx

from writers_app.db import session_scope
from writers_app.services import theme as theme_service
from writers_app.services.errors import ServiceError
from writers_app.state.auth import AuthState, auth_context

log = logging.getLogger(__name__)


class ThemeState(rx.State):
    @rx.event
    async def choose(self, theme: str):
        """Store the signed-in writer's choice; a visitor's stays in their browser only."""
        if theme not in theme_service.THEMES:
            return
        ctx = auth_context(self)
        if ctx is None:
            return
        try:
            with session_scope() as session:
                theme_service.set_theme(session=session, user_id=ctx.user.id, theme=theme)
        except ServiceError:
            log.warning("colour scheme not stored", extra={"user_id": ctx.user.id})
            return
        auth = await self.get_state(AuthState)
        auth.theme = theme
