"""The open-sessions card: where the writer is signed in, and logging out everywhere else."""

from __future__ import annotations

import reflex as rx

from writers_app.components.dates import local_date_span, local_number
from writers_app.components.layout import card
from writers_app.db import session_scope
from writers_app.pages.settings.rows import SessionRow, session_row
from writers_app.services import sessions as session_service
from writers_app.services.sessions import AuthContext
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import t


class SessionsState(rx.State):
    sessions: list[SessionRow] = []
    sessions_notice: str = ""
    others_logged_out: int = 0

    def _load_sessions(self, ctx: AuthContext) -> None:
        with session_scope() as session:
            rows = session_service.list_open_sessions(session=session, user_id=ctx.user.id, current=ctx.session_id)
        self.sessions = [session_row(r, session_service.describe_user_agent(r.user_agent)) for r in rows]

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self.sessions_notice = ""
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


def _session_row(row: SessionRow) -> rx.Component:
    return rx.hstack(
        rx.icon("monitor-smartphone", size=18, color="var(--gray-10)"),
        rx.vstack(
            # Browser and system names ("Chrome 131 on Android 14") and addresses are Latin by nature.
            rx.text(rx.cond(row.agent != "", rx.el.bdi(row.agent, dir="ltr", custom_attrs={"data-latin": ""}),
                            t("settings.unknown_device")), size="2", class_name="clip-line"),
            rx.text(t("settings.signed_in_at"), " ", local_date_span(row.created, with_time=True), " · ",
                    rx.el.bdi(row.ip, dir="ltr", custom_attrs={"data-latin": ""}), size="1", color_scheme="gray"),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.cond(row.current, rx.badge(t("settings.this_device"), color_scheme="green")),
        align="center",
        width="100%",
        padding_y="0.5rem",
        border_bottom="1px solid var(--gray-a4)",
        class_name="session-row",
    )


def sessions_card() -> rx.Component:
    return card(
        rx.heading(t("settings.sessions"), size="4", margin_bottom="0.5rem"),
        rx.cond(
            SessionsState.sessions_notice != "",
            rx.callout(
                t("settings.others_logged_out").replace("{n}", local_number(SessionsState.others_logged_out)),
                icon="circle_check", color_scheme="green", id="sessions-notice",
            ),
        ),
        rx.vstack(rx.foreach(SessionsState.sessions, _session_row), spacing="0", width="100%"),
        rx.button(t("settings.logout_others"), on_click=SessionsState.logout_others, variant="outline",
                  color_scheme="red", margin_top="1rem", id="logout-others"),
    )
