"""/confirm-email?token=...: the link mailed to a new address. Opening it (the page's load, run
by the browser, not by a mail scanner fetching the HTML) changes the account's address once."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.forms import message
from writers_app.components.layout import auth_card, frame
from writers_app.components.pages import page
from writers_app.db import session_scope
from writers_app.services import profile as profile_service
from writers_app.services.errors import ServiceError
from writers_app.state.auth import AuthState
from writers_app.state.i18n import t


class ConfirmEmailState(rx.State):
    confirm_error: str = ""  # a message key
    confirmed_email: str = ""  # the address now on the account, shown back to its owner
    checked: bool = False  # the link was looked at (a spinner until then)
    _last_token: str = ""

    @rx.event
    def load(self):
        token = self.router.url.query_parameters.get("token", "")
        if token and token == self._last_token:
            return None  # this tab used it already: keep the outcome it saw
        self._last_token, self.checked = token, True
        try:
            with session_scope() as session:
                user = profile_service.confirm_email_change(session=session, token=token,
                                                            ip=self.router.session.client_ip or "")
        except ServiceError as exc:
            self.confirm_error, self.confirmed_email = exc.code, ""
            return None
        self.confirm_error, self.confirmed_email = "", user.email
        return AuthState.refresh  # a signed-in owner's menu and pages read the new address


@page(routes.CONFIRM_EMAIL, access="public", on_load=ConfirmEmailState.load)
def confirm_email_page() -> rx.Component:
    return frame(
        auth_card(
            rx.heading(t("profile.confirm_title"), size="6"),
            rx.cond(~ConfirmEmailState.checked, rx.spinner(size="3")),
            message(ConfirmEmailState.confirm_error, id="confirm-error"),
            rx.cond(
                ConfirmEmailState.confirmed_email != "",
                rx.callout(rx.text(t("profile.email_changed_notice"), " ",
                                   rx.el.bdi(ConfirmEmailState.confirmed_email, dir="ltr")),
                           icon="circle_check", color_scheme="green", id="confirm-done", width="100%"),
            ),
            rx.link(t(rx.cond(AuthState.signed_in, "profile.back_to_profile", "nav.login")),
                    href=rx.cond(AuthState.signed_in, routes.PROFILE, routes.LOGIN), size="2", id="confirm-next"),
        )
    )
