"""/register: a native form POST to /api/auth/register; errors come back with inputs kept."""

from __future__ import annotations

import reflex as rx

from writers_app.components.forms import field, message, post_form, submit_button
from writers_app.components.layout import auth_card, frame
from writers_app.components.pages import page
from writers_app import routes
from writers_app.state.i18n import I18nState, t

_ERRORS = {
    "auth.email_invalid", "auth.name_required", "auth.name_too_long",
    "auth.password_too_short", "auth.password_too_long", "auth.password_is_email",
    "auth.request_refused", "auth.rate_limited",
}


class RegisterState(rx.State):
    error: str = ""

    @rx.event
    def load(self):
        query = self.router.url.query_parameters
        self.error = query.get("error", "") if query.get("error") in _ERRORS else ""


@page(routes.REGISTER, access="visitors", on_load=RegisterState.load)
def register_page() -> rx.Component:
    return frame(
        auth_card(
            rx.heading(t("auth.register_title"), size="6"),
            message(RegisterState.error, id="register-error"),
            post_form(
                rx.vstack(
                    field("auth.display_name", name="display_name", id="display_name", required=True, prefill="name",
                          max_length=100, auto_complete="name"),
                    field("auth.email", name="email", id="email", type="email", required=True, prefill="email",
                          auto_complete="email", ltr=True),
                    field("auth.password", name="password", id="password", type="password",
                          required=True, min_length=10, auto_complete="new-password", ltr=True),
                    rx.text(t("auth.password_hint"), size="1", color_scheme="gray"),
                    rx.el.input(type="hidden", name="lang", value=I18nState.lang, read_only=True),
                    submit_button("auth.register_button", id="register-submit", native=True),
                    spacing="4",
                    width="100%",
                ),
                action=routes.AUTH_REGISTER,
                id="register-form",
            ),
            rx.link(t("auth.have_account"), href=routes.LOGIN, size="2"),
        )
    )
