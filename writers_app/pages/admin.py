"""/admin: the user list, for admins only (every handler re-checks the role on the server)."""

from __future__ import annotations

import reflex as rx

from writers_app.components.layout import card, frame
from writers_app.db import session_scope
from writers_app.services import users as user_service
from writers_app.services.errors import Forbidden
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import I18nState, t


class AdminUsersState(rx.State):
    users: list[dict[str, str]] = []
    allowed: bool = False
    checked: bool = False

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                rows = user_service.list_users(session=session, actor=ctx.user)
        except Forbidden:
            # A writer sees "not found", exactly as for a page that does not exist.
            self.users, self.allowed, self.checked = [], False, True
            return None
        self.users = [
            {"id": str(u.id), "email": u.email, "name": u.display_name, "role": u.role,
             "active": "1" if u.is_active else "", "created": u.created_at.strftime("%Y-%m-%d")}
            for u in rows
        ]
        self.allowed, self.checked = True, True
        return None


def not_found_panel() -> rx.Component:
    return card(
        rx.vstack(
            rx.heading(t("error.not_found"), size="6"),
            rx.text(t("error.not_found_body"), color_scheme="gray"),
            rx.link(t("common.back_home"), href="/"),
            spacing="3",
        ),
        id="not-found",
    )


def _user_row(user: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(user["name"]),
        rx.table.cell(rx.el.span(user["email"], dir="ltr")),
        rx.table.cell(rx.badge(I18nState.t["role." + user["role"]])),
        rx.table.cell(rx.el.span(user["created"], dir="ltr")),
    )


def admin_page() -> rx.Component:
    return frame(
        rx.cond(
            AdminUsersState.checked,
            rx.cond(
                AdminUsersState.allowed,
                rx.vstack(
                    rx.heading(t("nav.admin"), size="7"),
                    card(
                        rx.table.root(
                            rx.table.header(rx.table.row(
                                rx.table.column_header_cell(t("auth.display_name")),
                                rx.table.column_header_cell(t("auth.email")),
                                rx.table.column_header_cell(t("admin.role")),
                                rx.table.column_header_cell(t("admin.created")),
                            )),
                            rx.table.body(rx.foreach(AdminUsersState.users, _user_row)),
                            width="100%",
                        ),
                        overflow_x="auto",
                    ),
                    spacing="4",
                    width="100%",
                    id="admin-users",
                ),
                not_found_panel(),
            ),
        )
    )
