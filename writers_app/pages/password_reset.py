"""/forgot-password and /reset-password: a single-use link by mail, valid for `password_reset_minutes`
(the one setting the token's lifetime, the mail and this page all read)."""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from writers_app import routes
from writers_app.components.dates import local_number
from writers_app.components.forms import field, message, submit_button
from writers_app.components.layout import auth_card, frame
from writers_app.components.pages import page
from writers_app.db import session_scope
from writers_app.services import auth as auth_service
from writers_app.services import ratelimit
from writers_app.services.errors import ServiceError
from writers_app.settings import get_settings
from writers_app.state.i18n import I18nState, t

log = logging.getLogger(__name__)


def ask_for_reset_link(*, email: str, language: str, ip: str) -> tuple[str, str]:
    """(notice, error) keys for the page: a link is mailed if the account exists, within the
    limits per client address and per e-mail. The answer never depends on the account existing."""
    settings = get_settings()
    email = (email or "")[:320]
    try:
        ratelimit.check_password_reset(settings, ip=ip, email=email.strip().lower())
    except ratelimit.RateLimited:
        return "", "auth.reset_rate_limited"
    try:
        with session_scope() as session:
            auth_service.request_password_reset(session=session, settings=settings, email=email, language=language)
    except Exception:  # mail server down: log it, but answer the same (no account probing)
        log.exception("password reset request failed")
    return "auth.forgot_sent", ""


def link_lifetime_minutes() -> int:
    """How long a mailed link works: what the mail says and the token's expiry use the same value."""
    return get_settings().password_reset_minutes


class ForgotPasswordState(rx.State):
    notice: str = ""
    error: str = ""
    busy: bool = False
    minutes: int = 0  # filled by the server with the link's lifetime when the notice is shown

    @rx.event(background=True)
    async def submit(self, form: dict):
        async with self:
            self.busy, self.notice, self.error = True, "", ""
            lang = (await self.get_state(I18nState)).lang
            ip = self.router.session.client_ip
        email = str(form.get("email", ""))[:320]
        notice, error = await asyncio.to_thread(ask_for_reset_link, email=email, language=lang, ip=ip)
        async with self:
            self.busy, self.notice, self.error = False, notice, error
            self.minutes = link_lifetime_minutes()


class ResetPasswordState(rx.State):
    error: str = ""
    done: bool = False
    busy: bool = False
    _last_token: str = ""

    @rx.event
    def load(self):
        """Say at once when a link is used or expired. A link this tab has just submitted
        keeps its outcome: that submit may have raced ahead of this on_load."""
        token = self.router.url.query_parameters.get("token", "")
        if token and token == self._last_token:
            return
        with session_scope() as session:
            usable = auth_service.reset_token_is_usable(session=session, token=token)
        self.done, self.error = False, "" if usable else "auth.reset_link_invalid"

    @rx.event(background=True)
    async def submit(self, form: dict):
        async with self:
            token = self.router.url.query_parameters.get("token", "")
            self._last_token = token
            self.busy, self.error, self.done = True, "", False
        password = str(form.get("new_password", ""))

        def work() -> None:
            with session_scope() as session:
                auth_service.reset_password(session=session, settings=get_settings(), token=token,
                                            new_password=password)

        try:
            await asyncio.to_thread(work)
        except ServiceError as exc:
            async with self:
                self.busy, self.error = False, exc.code
            return
        async with self:
            self.busy, self.done = False, True


@page(routes.FORGOT_PASSWORD, access="public")
def forgot_password_page() -> rx.Component:
    return frame(
        auth_card(
            rx.heading(t("auth.forgot_title"), size="6"),
            rx.text(t("auth.forgot_intro"), color_scheme="gray"),
            rx.cond(ForgotPasswordState.notice != "",
                    rx.callout(t(ForgotPasswordState.notice).replace("{minutes}", local_number(ForgotPasswordState.minutes)),
                               icon="circle_check", color_scheme="green", role="alert", id="forgot-notice", width="100%")),
            message(ForgotPasswordState.error, id="forgot-error"),
            rx.form(
                rx.vstack(
                    field("auth.email", name="email", id="email", type="email", required=True,
                          auto_complete="email", ltr=True),
                    submit_button("auth.forgot_button", id="forgot-submit", loading=ForgotPasswordState.busy),
                    spacing="4",
                    width="100%",
                ),
                on_submit=ForgotPasswordState.submit,
                method="post",
            ),
            rx.link(t("nav.login"), href=routes.LOGIN, size="2"),
        )
    )


@page(routes.RESET_PASSWORD, access="public", on_load=ResetPasswordState.load)
def reset_password_page() -> rx.Component:
    return frame(
        auth_card(
            rx.heading(t("auth.reset_title"), size="6"),
            message(ResetPasswordState.error, id="reset-error"),
            rx.cond(
                ResetPasswordState.error == "auth.reset_link_invalid",
                rx.link(t("auth.forgot_link"), href=routes.FORGOT_PASSWORD, id="ask-new-link"),
            ),
            rx.cond(
                ResetPasswordState.error == "auth.reset_link_invalid",
                rx.fragment(),
                rx.cond(
                ResetPasswordState.done,
                rx.vstack(
                    rx.callout(t("auth.reset_done"), icon="circle_check", color_scheme="green", id="reset-done"),
                    rx.link(t("nav.login"), href=routes.LOGIN),
                ),
                rx.form(
                    rx.vstack(
                        field("auth.new_password", name="new_password", id="new_password", type="password",
                              required=True, min_length=10, auto_complete="new-password", ltr=True),
                        rx.text(t("auth.password_hint"), size="1", color_scheme="gray"),
                        submit_button("auth.reset_button", id="reset-submit", loading=ResetPasswordState.busy),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=ResetPasswordState.submit,
                    reset_on_submit=True,
                    method="post",  # never a GET with the password in the URL, even before hydration
                ),
            )),
        )
    )
