"""The page frame: top bar with navigation, language switch and user menu."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.forms import post_form
from writers_app.components.pages import NavEntry, nav_entries
from writers_app.components.theme import theme_controls
from writers_app.state.auth import AuthState
from writers_app.state.i18n import I18nState, t

FONT_STACK = "'Vazirmatn Variable', 'Vazirmatn', 'Noto Sans Arabic', 'Noto Sans', system-ui, -apple-system, 'Segoe UI', Tahoma, sans-serif"


def language_switch() -> rx.Component:
    """One button naming the other language: clear in both scripts, small on phones."""
    return rx.button(
        rx.icon("languages", size=16),
        rx.cond(I18nState.is_fa, "English", "فارسی"),
        on_click=I18nState.toggle_language,
        variant="ghost",
        size="2",
        id="lang-switch",
        aria_label=t("nav.language"),
    )


def _nav_item(entry: NavEntry) -> rx.Component:
    item = rx.menu.item(t(entry.label), on_click=rx.redirect(entry.route),
                        **({"id": entry.element_id} if entry.element_id else {}))
    return rx.cond(AuthState.is_admin, item) if entry.admins_only else item


def user_menu() -> rx.Component:
    """The signed-in writer's menu: the pages registered with a `nav` entry, then log out."""
    return rx.fragment(rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("circle-user", size=18),
                rx.text(AuthState.display_name, class_name="user-name"),
                rx.icon("chevron-down", size=14),
                variant="soft",
                size="2",
                id="user-menu",
            ),
        ),
        rx.menu.content(
            *[_nav_item(entry) for entry in nav_entries()],
            rx.menu.separator(),
            # Submits the hidden logout form (a native POST: the route ends the session and
            # clears the HttpOnly cookie). A compiled function, so no eval under the CSP.
            rx.menu.item(t("nav.logout"), color="red", id="logout", on_click=rx.call_function(
                "() => document.getElementById('logout-form').requestSubmit()")),
            dir=I18nState.dir,
        ),
        dir=I18nState.dir,
    ), post_form(action=routes.LOGOUT, id="logout-form", display="none"))


def top_bar() -> rx.Component:
    return rx.hstack(
        rx.link(
            rx.hstack(rx.icon("feather", size=20), rx.text(t("app.name"), weight="bold", size="4"),
                      align="center", spacing="2"),
            href=rx.cond(AuthState.signed_in, routes.DASHBOARD, routes.INDEX),
            underline="none",
            color="inherit",
        ),
        rx.spacer(),
        rx.hstack(
            theme_controls(),
            language_switch(),
            rx.cond(
                AuthState.signed_in,
                user_menu(),
                rx.hstack(
                    rx.link(t("nav.login"), href=routes.LOGIN, size="2", id="nav-login"),
                    rx.button(t("nav.register"), on_click=rx.redirect(routes.REGISTER), size="2"),
                    align="center", spacing="3",
                ),
            ),
            align="center",
            spacing="3",
        ),
        align="center",
        width="100%",
        padding_x=["1rem", "1.5rem"],
        padding_y="0.75rem",
        border_bottom="1px solid var(--gray-a5)",
        background="var(--color-panel-solid)",
        position="sticky",
        top="0",
        z_index="10",
        class_name="no-print focus-hide",  # focus mode (components/focus_mode.js) shows only the text
    )


def frame(*children: rx.Component, max_width: str = "1080px") -> rx.Component:
    """Every page: the top bar and a centred column, in the reader's direction."""
    return rx.box(
        top_bar(),
        rx.box(
            *children,
            max_width=max_width,
            margin_x="auto",
            padding_x=["1rem", "1.5rem"],
            padding_y=["1.25rem", "2rem"],
            width="100%",
        ),
        dir=I18nState.dir,
        lang=I18nState.lang,
        id="page-root",
        custom_attrs={"data-hydrated": rx.cond(rx.State.is_hydrated, "true", "false")},
        min_height="100vh",
        background="var(--gray-2)",
        font_family=FONT_STACK,
    )


def loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), rx.text(t("common.loading"), margin_x="0.5rem"), padding="4rem")


def protected(content: rx.Component) -> rx.Component:
    """Show content once the server confirmed the session; data itself is loaded by handlers
    that check the user again."""
    return rx.cond(AuthState.signed_in, content, loading())


def card(*children: rx.Component, **props) -> rx.Component:
    props.setdefault("width", "100%")
    return rx.card(*children, size="3", **props)


def auth_card(*children: rx.Component) -> rx.Component:
    return rx.center(card(rx.vstack(*children, spacing="4", width="100%"), max_width="440px"),
                     width="100%", padding_top=["0.5rem", "2rem"])
