"""The change-password card. bcrypt runs on a thread; the other sessions end with the change."""

from __future__ import annotations

import asyncio

import reflex as rx

from writers_app.components.forms import field, message, submit_button
from writers_app.components.layout import card
from writers_app.db import session_scope
from writers_app.pages.settings.sessions import SessionsState
from writers_app.services import auth as auth_service
from writers_app.services.errors import ServiceError
from writers_app.settings import get_settings
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import t


class PasswordState(rx.State):
    password_error: str = ""  # message keys, never a password
    password_notice: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        if auth_context(self) is None:
            return login_redirect(self)
        self.password_error = self.password_notice = ""
        return None

    @rx.event(background=True)
    async def change_password(self, form: dict):
        async with self:
            ctx = auth_context(self)
            if ctx is None:
                return login_redirect(self)
            self.busy, self.password_error, self.password_notice = True, "", ""

        def work() -> None:
            with session_scope() as session:
                auth_service.change_password(
                    session=session, settings=get_settings(), user_id=ctx.user.id,
                    current_password=str(form.get("current_password", "")),
                    new_password=str(form.get("new_password", "")), keep_session=ctx.session_id,
                )

        try:
            await asyncio.to_thread(work)  # bcrypt stays off the event loop
        except ServiceError as exc:
            async with self:
                self.busy, self.password_error = False, exc.code
            return None
        async with self:
            self.busy, self.password_notice = False, "settings.password_changed"
            (await self.get_state(SessionsState))._load_sessions(ctx)  # the others were just logged out
        return None


def password_card() -> rx.Component:
    return card(
        rx.heading(t("settings.change_password"), size="4", margin_bottom="1rem"),
        rx.form(
            rx.vstack(
                message(PasswordState.password_error, id="password-error"),
                message(PasswordState.password_notice, kind="success", id="password-notice"),
                field("auth.current_password", name="current_password", id="current_password",
                      type="password", required=True, auto_complete="current-password", ltr=True),
                field("auth.new_password", name="new_password", id="new_password", type="password",
                      required=True, min_length=10, auto_complete="new-password", ltr=True),
                rx.text(t("auth.password_hint"), size="1", color_scheme="gray"),
                submit_button("settings.change_password", id="change-password-submit",
                              loading=PasswordState.busy),
                spacing="3",
                width="100%",
            ),
            on_submit=PasswordState.change_password,
            reset_on_submit=True,
            method="post",  # never a GET with passwords in the URL, even before hydration
        ),
    )
