"""/login: a native form POST to /api/auth/login, which sets the HttpOnly cookie."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.routes import safe_next
from writers_app.components.forms import field, message, post_form, submit_button
from writers_app.components.layout import auth_card, frame
from writers_app.components.pages import page
from writers_app.state.i18n import t

# Only these keys may arrive in the query string: nothing else is shown.
_ERRORS = {"auth.invalid_credentials", "auth.request_refused", "auth.rate_limited", "auth.session_expired"}
_NOTICES = {"auth.logged_out", "auth.reset_done", "auth.register_check_mail", "profile.account_deleted"}


class LoginState(rx.State):
    error: str = ""
    notice: str = ""
    next_url: str = routes.DASHBOARD

    @rx.event
    def load(self):
        query = self.router.url.query_parameters
        self.error = query.get("error", "") if query.get("error") in _ERRORS else ""
        self.notice = query.get("notice", "") if query.get("notice") in _NOTICES else ""
        self.next_url = safe_next(query.get("next"))


@page(routes.LOGIN, access="visitors", on_load=LoginState.load)
def login_page() -> rx.Component:
    return frame(
        auth_card(
            rx.heading(t("auth.login_title"), size="6"),
            message(LoginState.error, id="login-error"),
            message(LoginState.notice, kind="success", id="login-notice"),
            post_form(
                rx.vstack(
                    field("auth.email", name="email", id="email", type="email", required=True, prefill="email",
                          auto_complete="username", ltr=True),
                    field("auth.password", name="password", id="password", type="password",
                          required=True, auto_complete="current-password", ltr=True),
                    rx.el.input(type="hidden", name="next", value=LoginState.next_url, read_only=True),
                    submit_button("auth.login_button", id="login-submit", native=True),
                    spacing="4",
                    width="100%",
                ),
                action=routes.AUTH_LOGIN,
                id="login-form",
            ),
            rx.vstack(
                rx.link(t("auth.forgot_link"), href=routes.FORGOT_PASSWORD, size="2"),
                rx.link(t("auth.no_account"), href=routes.REGISTER, size="2", id="to-register"),
                spacing="2",
            ),
        )
    )
