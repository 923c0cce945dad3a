"""/: what Writers is, with the way in; signed-in users go straight to their dashboard. Also the page
any unknown path shows (Reflex's own says "404: Page not found" in English only)."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.layout import card, frame
from writers_app.components.not_found import not_found_panel
from writers_app.components.pages import page
from writers_app.state.i18n import t


def _feature(icon: str, key: str) -> rx.Component:
    return card(rx.hstack(rx.icon(icon, size=22, color="var(--accent-9)", flex_shrink="0"),
                          rx.text(t(key)), align="start", spacing="3"))


@page(routes.INDEX, access="public")
def index_page() -> rx.Component:
    return frame(
        rx.vstack(
            rx.heading(t("app.name"), size="9"),
            rx.text(t("app.tagline"), size="5", color_scheme="gray", max_width="40rem"),
            rx.hstack(
                rx.button(t("landing.get_started"), size="3", on_click=rx.redirect(routes.REGISTER)),
                rx.button(t("landing.have_account"), size="3", variant="outline",
                          on_click=rx.redirect(routes.LOGIN)),
                spacing="3",
                wrap="wrap",
            ),
            rx.grid(
                _feature("pen-line", "landing.feature_write"),
                _feature("chart-column", "landing.feature_analyse"),
                _feature("spell-check", "landing.feature_typography"),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="4",
                width="100%",
                margin_top="1.5rem",
            ),
            spacing="5",
            padding_top=["1rem", "3rem"],
        )
    )


@page(routes.NOT_FOUND, access="public")
def not_found_page() -> rx.Component:
    return frame(rx.center(rx.box(not_found_panel(), max_width="32rem", width="100%"), padding_top=["1rem", "3rem"]))
