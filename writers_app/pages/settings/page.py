"""/settings: the password, open-sessions, API-tokens, writing-view and typography cards."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.layout import frame, protected
from writers_app.components.pages import NavEntry, page
from writers_app.pages.settings.password import PasswordState, password_card
from writers_app.pages.settings.sessions import SessionsState, sessions_card
from writers_app.pages.settings.tokens import ApiTokensState, tokens_card
from writers_app.pages.settings.typography import TypographyState, typography_card
from writers_app.pages.settings.writing import writing_card
from writers_app.state.i18n import t
from writers_app.state.writing_prefs import WritingPrefsState


@page(routes.SETTINGS, on_load=[PasswordState.load, SessionsState.load, ApiTokensState.load, TypographyState.load, WritingPrefsState.load], nav=NavEntry("nav.settings", routes.SETTINGS, order=20, element_id="menu-settings"))
def settings_page() -> rx.Component:
    return frame(
        protected(
            rx.vstack(
                rx.hstack(
                    rx.heading(t("settings.title"), size="7"),
                    rx.spacer(),
                    rx.link(t("nav.profile"), href=routes.PROFILE, size="2", id="settings-to-profile"),
                    align="center", width="100%", wrap="wrap",
                ),
                rx.grid(password_card(), sessions_card(), columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4", width="100%"),
                tokens_card(),
                writing_card(),
                typography_card(),
                spacing="4",
                width="100%",
            )
        ),
        max_width="1080px",
    )
