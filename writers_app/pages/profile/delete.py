"""The danger zone: deleting the account, confirmed with the password in a dialog. The form is a
native POST to /api/profile/delete, which checks the user and the password itself, clears the
HttpOnly cookie and sends the browser to the login page (or back here with the reason)."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.forms import field, message, post_form
from writers_app.components.layout import card
from writers_app.pages.profile.state import ProfileState
from writers_app.state.auth import AuthState
from writers_app.state.i18n import I18nState, t


def _dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("trash-2", size=16), t("profile.delete_button"), color_scheme="red",
                                          variant="soft", size="3", id="delete-open", disabled=~rx.State.is_hydrated)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("profile.delete_title")),
            rx.alert_dialog.description(t("profile.delete_warning"), size="2", margin_bottom="1rem"),
            rx.cond(AuthState.is_admin, rx.text(t("profile.delete_admin_note"), size="2", color_scheme="amber",
                                                margin_bottom="0.75rem")),
            post_form(
                rx.vstack(
                    field("profile.delete_password", name="password", id="delete-password", type="password",
                          required=True, auto_complete="current-password", ltr=True),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button(t("common.cancel"), variant="soft", color_scheme="gray",
                                                         type="button", size="3", id="delete-cancel")),
                        # A native POST: it works before hydration, so it is never disabled.
                        rx.button(t("profile.delete_confirm"), type="submit", color_scheme="red", size="3",
                                  id="delete-submit"),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="4", width="100%",
                ),
                action=routes.DELETE_ACCOUNT, id="delete-form",
            ),
            dir=I18nState.dir, max_width="460px", id="delete-dialog",
        ),
    )


def danger_card() -> rx.Component:
    return card(
        rx.heading(t("profile.danger_title"), size="4", color="var(--red-11)"),
        rx.text(t("profile.danger_intro"), size="2", color_scheme="gray", margin_y="0.5rem"),
        message(ProfileState.delete_error, id="delete-error"),
        rx.box(_dialog(), margin_top="0.5rem"),
        id="danger-card",
        style={"border": "1px solid var(--red-a6)"},
    )
