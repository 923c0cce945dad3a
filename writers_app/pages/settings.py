"""/settings: change password, see open sessions and log out the others."""

from __future__ import annotations

import asyncio

import reflex as rx

from writers_app.components.forms import field, message, submit_button
from writers_app.components.layout import card, frame, protected
from writers_app.db import session_scope
from writers_app.services import auth as auth_service
from writers_app.services import sessions as session_service
from writers_app.services.errors import ServiceError
from writers_app.settings import get_settings
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import I18nState, t


class SettingsState(rx.State):
    sessions: list[dict[str, str]] = []
    password_error: str = ""
    password_notice: str = ""
    sessions_notice: str = ""
    others_logged_out: int = 0
    busy: bool = False

    def _load_sessions(self, ctx) -> None:  # noqa: ANN001
        with session_scope() as session:
            rows = session_service.list_open_sessions(session=session, user_id=ctx.user.id, current=ctx.session_id)
        self.sessions = [
            {"id": r.id, "agent": session_service.describe_user_agent(r.user_agent), "ip": r.ip,
             "created": r.created_at.strftime("%Y-%m-%d %H:%M"), "current": "1" if r.current else ""}
            for r in rows
        ]

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self.password_error = self.password_notice = self.sessions_notice = ""
        self._load_sessions(ctx)
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
            self._load_sessions(ctx)
        return None

    @rx.event
    def logout_others(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        with session_scope() as session:
            count = session_service.revoke_user_sessions(session=session, user_id=ctx.user.id, keep=ctx.session_id)
        self.others_logged_out = count
        self.sessions_notice = "settings.others_logged_out"
        self._load_sessions(ctx)
        return None


def _session_row(row: dict) -> rx.Component:
    return rx.hstack(
        rx.icon("monitor-smartphone", size=18, color="var(--gray-10)"),
        rx.vstack(
            rx.text(rx.cond(row["agent"] != "", row["agent"], t("settings.unknown_device")), size="2",
                    dir="ltr", class_name="clip-line"),
            rx.text(t("settings.signed_in_at"), " ", rx.el.span(row["created"], dir="ltr"), " · ",
                    rx.el.span(row["ip"], dir="ltr"), size="1", color_scheme="gray"),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.cond(row["current"] != "", rx.badge(t("settings.this_device"), color_scheme="green")),
        align="center",
        width="100%",
        padding_y="0.5rem",
        border_bottom="1px solid var(--gray-a4)",
        class_name="session-row",
    )


def _password_card() -> rx.Component:
    return card(
        rx.heading(t("settings.change_password"), size="4", margin_bottom="1rem"),
        rx.form(
            rx.vstack(
                message(SettingsState.password_error, id="password-error"),
                message(SettingsState.password_notice, kind="success", id="password-notice"),
                field("auth.current_password", name="current_password", id="current_password",
                      type="password", required=True, auto_complete="current-password", ltr=True),
                field("auth.new_password", name="new_password", id="new_password", type="password",
                      required=True, min_length=10, auto_complete="new-password", ltr=True),
                rx.text(t("auth.password_hint"), size="1", color_scheme="gray"),
                submit_button("settings.change_password", id="change-password-submit",
                              loading=SettingsState.busy),
                spacing="3",
                width="100%",
            ),
            on_submit=SettingsState.change_password,
            reset_on_submit=True,
            method="post",  # never a GET with passwords in the URL, even before hydration
        ),
    )


def _sessions_card() -> rx.Component:
    return card(
        rx.heading(t("settings.sessions"), size="4", margin_bottom="0.5rem"),
        rx.cond(
            SettingsState.sessions_notice != "",
            rx.callout(
                I18nState.t["settings.others_logged_out"].replace("{n}", SettingsState.others_logged_out.to_string()),
                icon="circle_check", color_scheme="green", id="sessions-notice",
            ),
        ),
        rx.vstack(rx.foreach(SettingsState.sessions, _session_row), spacing="0", width="100%"),
        rx.button(t("settings.logout_others"), on_click=SettingsState.logout_others, variant="outline",
                  color_scheme="red", margin_top="1rem", id="logout-others"),
    )


def settings_page() -> rx.Component:
    return frame(
        protected(
            rx.vstack(
                rx.heading(t("settings.title"), size="7"),
                rx.grid(_password_card(), _sessions_card(), columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4", width="100%"),
                spacing="4",
                width="100%",
            )
        ),
        max_width="1080px",
    )
