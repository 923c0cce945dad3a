"""The writing-view card: the font, size and line width of the writer's text in the editor, and
typewriter scrolling. Each choice is stored at once (state/writing_prefs.py); the editor's "Aa"
menu shows and changes the same preferences."""

from __future__ import annotations

import reflex as rx

from writers_app.components.forms import message
from writers_app.components.layout import card
from writers_app.components.writing_prefs import prefs_controls
from writers_app.state.i18n import t
from writers_app.state.writing_prefs import WritingPrefsState


def writing_card() -> rx.Component:
    return card(
        rx.heading(t("prefs.title"), size="4"),
        rx.text(t("prefs.intro"), size="2", color_scheme="gray", margin_bottom="1rem"),
        rx.vstack(
            message(WritingPrefsState.prefs_error, id="prefs-error"),
            prefs_controls("prefs"),
            rx.cond(WritingPrefsState.prefs_notice != "",
                    rx.text(t("prefs.saved"), size="2", color_scheme="green", id="prefs-notice", role="status")),
            spacing="4",
            width="100%",
        ),
        id="writing-card",
    )
