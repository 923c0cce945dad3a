"""The "not found" card: a missing page, someone else's piece, or an admin page for a non-admin."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.layout import card
from writers_app.state.i18n import t


def not_found_panel() -> rx.Component:
    return card(
        rx.vstack(
            rx.heading(t("error.not_found"), size="6"),
            rx.text(t("error.not_found_body"), color_scheme="gray"),
            rx.link(t("common.back_home"), href=routes.INDEX),
            spacing="3",
        ),
        id="not-found",
    )
