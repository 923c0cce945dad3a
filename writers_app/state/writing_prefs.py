"""The writer's editor preferences (font, size, line width, typewriter scrolling) in a tab: one
small state shared by the settings page's card and the editor's "Aa" menu, so a choice made in
either is what the other shows. Each choice is stored at once (services/writing_prefs.py)."""

from __future__ import annotations

import reflex as rx

from writers_app.db import session_scope
from writers_app.services import writing_prefs as prefs_service
from writers_app.services.errors import ServiceError
from writers_app.services.writing_prefs import CHOICES, DEFAULT_PREFS, WritingPrefs
from writers_app.state.auth import auth_context, login_redirect


def _value(name: str, raw: str) -> object:
    """What the browser sent (radio values are strings) as the service takes it; anything else
    goes to the service unchanged, which refuses it."""
    if name == "size" and isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 3:
        return int(raw)
    return raw


class WritingPrefsState(rx.State):
    font: str = DEFAULT_PREFS.font
    size: str = str(DEFAULT_PREFS.size)  # as the radio group and the data-size attribute carry it
    width: str = DEFAULT_PREFS.width
    typewriter: str = DEFAULT_PREFS.typewriter
    prefs_error: str = ""  # message keys
    prefs_notice: str = ""

    def _show(self, prefs: WritingPrefs) -> None:
        self.font, self.size, self.width, self.typewriter = prefs.font, str(prefs.size), prefs.width, prefs.typewriter

    @rx.event
    def load(self):
        self.prefs_error = self.prefs_notice = ""
        ctx = auth_context(self)
        if ctx is None:
            return None  # the page's own loader sends the visitor to the login page
        with session_scope() as session:
            self._show(prefs_service.get_prefs(session=session, user_id=ctx.user.id))
        return None

    @rx.event
    def choose(self, name: str, value: str):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                saved = prefs_service.save_prefs(session=session, user_id=ctx.user.id,
                                                 changes={str(name): _value(name, value)})
        except ServiceError as exc:
            self.prefs_error, self.prefs_notice = exc.code, ""
            return None
        self._show(saved)
        self.prefs_error, self.prefs_notice = "", "prefs.saved"
        return None


__all__ = ["CHOICES", "WritingPrefsState"]
