"""The interface language: a cookie (so the page picks its direction before it draws) and,
for signed-in users, their stored preference."""

from __future__ import annotations

import logging

import reflex as rx

from writers_app.db import session_scope
from writers_app.i18n import LANGUAGES, MESSAGES, normalise_language
from writers_app.services import auth as auth_service
from writers_app.settings import get_settings
from writers_app.state.auth import auth_context

log = logging.getLogger(__name__)

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


def missing_marker(key: str | rx.Var) -> str | rx.Var:
    """What a key missing from the table shows: `⟦key⟧` in development and tests, so it is
    seen at once, and the bare key in production (never an empty string)."""
    if get_settings().is_prod:
        return key
    return f"⟦{key}⟧" if isinstance(key, str) else "⟦" + key.to(str) + "⟧"


def t(key: str | rx.Var) -> rx.Var:
    """The translation of `key` in the current language (reactive). `key` is a literal key or
    a state var holding one (`t(MyState.error)`, `t("status." + row.status)`); a key missing
    from the table shows as `missing_marker(key)`, never as nothing."""
    if isinstance(key, str):
        if key in MESSAGES["en"]:
            return I18nState.t[key]
        log.warning("translation key %r is missing", key)
        return rx.Var.create(missing_marker(key))
    return rx.cond(I18nState.t.contains(key), I18nState.t[key], missing_marker(key)).to(str)


