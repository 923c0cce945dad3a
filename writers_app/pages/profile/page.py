"""/profile: the writer's details (name, language), e-mail address, export everything, and the
danger zone. Each card's state loads itself and checks the user in every handler."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.forms import field, message, submit_button
from writers_app.components.layout import card, frame, protected
from writers_app.components.pages import NavEntry, page
from writers_app.pages.profile.delete import danger_card
from writers_app.pages.profile.export import ExportState, export_card
from writers_app.pages.profile.state import ProfileState
from writers_app.state.i18n import I18nState, t


def _language_choice() -> rx.Component:
    """Changing it redraws the page in that language at once and stores it on the account."""
    return rx.vstack(
        rx.el.label(t("profile.language"), html_for="profile-language", class_name="field-label"),
        rx.select.root(
            rx.select.trigger(id="profile-language", width="100%"),
            rx.select.content(rx.select.item("English", value="en", id="language-en"),
                              rx.select.item("فارسی", value="fa", id="language-fa")),
            value=I18nState.lang, on_change=I18nState.set_language, size="3",
        ),
        rx.text(t("profile.language_hint"), size="1", color_scheme="gray"),
        spacing="1", width="100%",
    )


def details_card() -> rx.Component:
    return card(
        rx.heading(t("profile.details_title"), size="4", margin_bottom="1rem"),
        rx.vstack(
            rx.form(
                rx.vstack(
                    message(ProfileState.name_error, id="name-error"),
                    message(ProfileState.name_notice, kind="success", id="name-notice"),
                    field("auth.display_name", name="display_name", id="profile-name", required=True, max_length=100,
                          default_value=ProfileState.display_name, key=ProfileState.display_name, dir="auto",
                          read_only=~ProfileState.loaded),
                    submit_button("profile.save_name", id="save-name"),
                    spacing="3", width="100%",
                ),
                on_submit=ProfileState.save_name, method="post",
            ),
            rx.separator(),
            _language_choice(),
            spacing="4", width="100%",
        ),
    )


def email_card() -> rx.Component:
    return card(
        rx.heading(t("profile.email_title"), size="4", margin_bottom="0.5rem"),
        rx.text(t("profile.email_current"), " ", rx.el.bdi(ProfileState.email, dir="ltr", id="current-email",
                                                             custom_attrs={"data-latin": ""}), size="2",
                margin_bottom="0.75rem"),
        rx.cond(ProfileState.pending_email != "",
                rx.text(t("profile.email_pending"), " ", rx.el.bdi(ProfileState.pending_email, dir="ltr",
                                                                    custom_attrs={"data-latin": ""}),
                        size="2", color_scheme="amber", id="pending-email", margin_bottom="0.75rem")),
        rx.form(
            rx.vstack(
                message(ProfileState.email_error, id="email-error"),
                message(ProfileState.email_notice, kind="success", id="email-notice"),
                field("profile.new_email", name="new_email", id="new-email", type="email", required=True,
                      auto_complete="email", ltr=True),
                field("auth.current_password", name="password", id="email-password", type="password",
                      required=True, auto_complete="current-password", ltr=True),
                rx.text(t("profile.email_hint"), size="1", color_scheme="gray"),
                submit_button("profile.email_button", id="change-email", loading=ProfileState.email_busy),
                spacing="3", width="100%",
            ),
            on_submit=ProfileState.change_email, reset_on_submit=True,
            method="post",  # never a GET with the password in the URL, even before hydration
        ),
        margin_top="0",
    )


@page(routes.PROFILE, on_load=[ProfileState.load, ExportState.load],
      nav=NavEntry("nav.profile", routes.PROFILE, order=15, element_id="menu-profile"))
def profile_page() -> rx.Component:
    return frame(
        protected(
            rx.vstack(
                rx.hstack(
                    rx.heading(t("profile.title"), size="7", id="profile-title"),
                    rx.spacer(),
                    rx.link(t("nav.settings"), href=routes.SETTINGS, size="2", id="profile-to-settings"),
                    align="center", width="100%", wrap="wrap",
                ),
                rx.grid(details_card(), email_card(), columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4", width="100%"),
                export_card(),
                danger_card(),
                spacing="4", width="100%",
            )
        ),
        max_width="1080px",
    )
