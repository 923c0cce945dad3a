"""The interface language: a cookie (so the page picks its direction before it draws) and,
for signed-in users, their stored preference."""

from __future__ import annotations

import reflex as rx

from writers_app.db import session_scope
from writers_app.i18n import LANGUAGES, MESSAGES, normalise_language
from writers_app.services import auth as auth_service
from writers_app.state.auth import auth_context

LANG_COOKIE = "writers_lang"


class I18nState(rx.State):
    lang: str = rx.Cookie("en", name=LANG_COOKIE, max_age=365 * 24 * 3600, same_site="lax")

    @rx.var
    def t(self) -> dict[str, str]:
        return MESSAGES[normalise_language(self.lang)]

    @rx.var
    def dir(self) -> str:
        return "rtl" if self.lang == "fa" else "ltr"

    @rx.var
    def is_fa(self) -> bool:
        return self.lang == "fa"

    @rx.event
    def set_language(self, lang: str):
        return self._switch_to(lang)

    @rx.event
    def toggle_language(self):
        return self._switch_to("en" if self.lang == "fa" else "fa")

    def _switch_to(self, lang: str):
        if lang not in LANGUAGES:
            return None
        self.lang = lang
        ctx = auth_context(self)
        if ctx is not None:
            with session_scope() as session:
                auth_service.set_language(session=session, user_id=ctx.user.id, language=lang)
        # /writers.js follows #page-root's lang attribute and sets the document's direction.
        return None


def t(key: str) -> rx.Var:
    """A translated string for the current language (reactive)."""
    return I18nState.t[key]


