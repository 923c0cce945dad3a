"""/settings: change password, see open sessions and log out the others, manage API tokens."""

from __future__ import annotations

import asyncio

import reflex as rx

from writers_app.components.dates import local_date, local_number
from writers_app.components.forms import field, message, submit_button
from writers_app.components.layout import card, frame, protected
from writers_app.core.security import utcnow
from writers_app.db import session_scope
from writers_app.services import api_tokens as token_service
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
    pat_rows: list[dict[str, str]] = []  # personal access tokens: name, scope, dates (never the token)
    pat_error: str = ""
    pat_notice: str = ""
    # Shown once, right after creation, so the writer can copy it; cleared on the next load.
    new_token: str = ""

    def _load_sessions(self, ctx) -> None:  # noqa: ANN001
        with session_scope() as session:
            rows = session_service.list_open_sessions(session=session, user_id=ctx.user.id, current=ctx.session_id)
        self.sessions = [
            {"id": r.id, "agent": session_service.describe_user_agent(r.user_agent), "ip": r.ip,
             "created": r.created_at.strftime("%Y-%m-%d %H:%M"), "current": "1" if r.current else ""}
            for r in rows
        ]

    def _load_tokens(self, ctx) -> None:  # noqa: ANN001
        with session_scope() as session:
            rows = token_service.list_tokens(session=session, owner_id=ctx.user.id)
        now = utcnow()
        self.pat_rows = [
            {"id": str(r.id), "name": r.name, "scope": r.scope, "prefix": r.prefix,
             "created": r.created_at.isoformat(), "last_used": r.last_used_at.isoformat() if r.last_used_at else "",
             "expires": r.expires_at.isoformat() if r.expires_at else "",
             "expired": "1" if r.expires_at and r.expires_at <= now else ""}
            for r in rows
        ]

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self.password_error = self.password_notice = self.sessions_notice = ""
        self.pat_error = self.pat_notice = self.new_token = ""
        self._load_sessions(ctx)
        self._load_tokens(ctx)
        return None

    @rx.event
    def create_token(self, form: dict):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            days = int(str(form.get("expires", "0") or "0"))
            with session_scope() as session:
                _row, token = token_service.create_token(
                    session=session, owner_id=ctx.user.id, name=str(form.get("name", "")),
                    scope=str(form.get("scope", "") or "read"), expires_in_days=days,
                    ip=self.router.session.client_ip or "")
        except ValueError:
            self.pat_error, self.pat_notice, self.new_token = "error.bad_input", "", ""
            return None
        except ServiceError as exc:
            self.pat_error, self.pat_notice, self.new_token = exc.code, "", ""
            return None
        self.pat_error, self.pat_notice, self.new_token = "", "settings.token_once", token
        self._load_tokens(ctx)
        return None

    @rx.event
    def revoke_token(self, token_id: str):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                token_service.revoke_token(session=session, owner_id=ctx.user.id, token_id=int(token_id),
                                           ip=self.router.session.client_ip or "")
        except (ServiceError, ValueError):
            pass
        else:
            self.pat_error, self.pat_notice, self.new_token = "", "settings.token_revoked", ""
        self._load_tokens(ctx)
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


def _token_row(row: dict) -> rx.Component:
    return rx.hstack(
        rx.icon("key-round", size=18, color="var(--gray-10)"),
        rx.vstack(
            rx.hstack(
                rx.text(row["name"], size="2", weight="medium", dir="auto", class_name="clip-line"),
                rx.badge(rx.cond(row["scope"] == "read", t("settings.scope_read"), t("settings.scope_read_write")),
                         color_scheme=rx.cond(row["scope"] == "read", "gray", "orange")),
                rx.cond(row["expired"] != "", rx.badge(t("settings.token_expired"), color_scheme="red")),
                align="center", spacing="2", wrap="wrap",
            ),
            rx.text(
                rx.el.code(row["prefix"], "…", dir="ltr"), " · ",
                rx.cond(row["last_used"] != "",
                        rx.fragment(t("settings.token_last_used"), " ", local_date(row["last_used"], with_time=True)),
                        t("settings.token_never_used")),
                rx.cond(row["expires"] != "",
                        rx.fragment(" · ", t("settings.token_expires"), " ", local_date(row["expires"]))),
                size="1", color_scheme="gray",
            ),
            spacing="1", min_width="0", flex="1",
        ),
        rx.button(t("settings.token_revoke"), size="1", variant="soft", color_scheme="red",
                  on_click=SettingsState.revoke_token(row["id"]), class_name="revoke-token"),
        align="center", width="100%", padding_y="0.5rem", border_bottom="1px solid var(--gray-a4)",
        class_name="token-row",
    )


def _expiry_label(days: int) -> rx.Var:
    return I18nState.t["settings.expiry_days"].replace("{n}", local_number(rx.Var.create(days)))


def _tokens_card() -> rx.Component:
    return card(
        rx.hstack(
            rx.heading(t("settings.api_tokens"), size="4"),
            rx.spacer(),
            rx.link(t("settings.token_docs"), href="/api/docs", is_external=True, size="2"),
            align="center", width="100%", margin_bottom="0.5rem",
        ),
        rx.text(t("settings.api_tokens_intro"), size="2", color_scheme="gray", margin_bottom="1rem"),
        rx.form(
            rx.vstack(
                message(SettingsState.pat_error, id="token-error"),
                message(SettingsState.pat_notice, kind="success", id="token-notice"),
                rx.cond(SettingsState.new_token != "",
                        rx.code(SettingsState.new_token, id="new-token", dir="ltr", class_name="new-token",
                                style={"word_break": "break-all", "user_select": "all"})),
                rx.grid(
                    field("settings.token_name", name="name", id="token-name", required=True, max_length=100),
                    rx.vstack(
                        rx.el.label(t("settings.token_scope"), html_for="token-scope", class_name="field-label"),
                        rx.select.root(
                            rx.select.trigger(id="token-scope", width="100%"),
                            rx.select.content(rx.select.item(t("settings.scope_read"), value="read"),
                                              rx.select.item(t("settings.scope_read_write"), value="read-write")),
                            name="scope", default_value="read", size="3",
                        ),
                        spacing="1", width="100%",
                    ),
                    rx.vstack(
                        rx.el.label(t("settings.token_expiry"), html_for="token-expiry", class_name="field-label"),
                        rx.select.root(
                            rx.select.trigger(id="token-expiry", width="100%"),
                            rx.select.content(
                                rx.select.item(t("settings.expiry_never"), value="0"),
                                *[rx.select.item(_expiry_label(d), value=str(d)) for d in (7, 30, 90, 365)]),
                            name="expires", default_value="90", size="3",
                        ),
                        spacing="1", width="100%",
                    ),
                    columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%",
                ),
                submit_button("settings.create_token", id="create-token"),
                spacing="3", width="100%",
            ),
            on_submit=SettingsState.create_token, reset_on_submit=True, method="post",
        ),
        rx.cond(SettingsState.pat_rows.length() == 0,
                rx.text(t("settings.tokens_none"), size="2", color_scheme="gray", margin_top="1rem"),
                rx.vstack(rx.foreach(SettingsState.pat_rows, _token_row), spacing="0", width="100%",
                          margin_top="1rem")),
    )


def settings_page() -> rx.Component:
    return frame(
        protected(
            rx.vstack(
                rx.heading(t("settings.title"), size="7"),
                rx.grid(_password_card(), _sessions_card(), columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4", width="100%"),
                _tokens_card(),
                spacing="4",
                width="100%",
            )
        ),
        max_width="1080px",
    )
