"""/admin/system: database, Redis and worker health, versions, configuration with secrets masked."""

from __future__ import annotations

import reflex as rx

from writers_app.components.layout import card, frame
from writers_app.db import session_scope
from writers_app.pages.admin import admin_nav, not_found_panel
from writers_app.services import health
from writers_app.services.errors import Forbidden
from writers_app.services.users import require_admin
from writers_app.settings import get_settings
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import t


class AdminSystemState(rx.State):
    checks: list[dict[str, str]] = []
    versions: list[dict[str, str]] = []
    config: list[dict[str, str]] = []
    allowed: bool = False
    checked: bool = False

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            require_admin(ctx.user)
        except Forbidden:
            self.checks, self.versions, self.config, self.allowed, self.checked = [], [], [], False, True
            return None
        settings = get_settings()
        with session_scope() as session:
            results = [health.check_database(session), health.check_redis(settings), health.check_workers(session)]
        self.checks = [{"name": c.name, "ok": "1" if c.ok else "", "detail": c.detail, "ms": f"{c.ms:.1f}"}
                       for c in results]
        self.versions = [{"name": k, "value": v} for k, v in health.versions().items()]
        self.config = [{"name": k, "value": v} for k, v in sorted(settings.public_summary().items())]
        self.allowed, self.checked = True, True
        return None


def _pair(row: dict) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.code(row["name"])), rx.table.cell(rx.el.span(row["value"], dir="ltr")))


def admin_system_page() -> rx.Component:
    return frame(rx.cond(AdminSystemState.checked, rx.cond(
        AdminSystemState.allowed,
        rx.vstack(
            rx.heading(t("admin.system"), size="7"), admin_nav(),
            card(rx.foreach(AdminSystemState.checks, lambda c: rx.hstack(
                rx.badge(rx.cond(c["ok"] != "", "OK", "DOWN"), color_scheme=rx.cond(c["ok"] != "", "green", "red")),
                rx.code(c["name"]), rx.text(c["detail"], size="2", dir="ltr"), rx.spacer(),
                rx.text(c["ms"], " ms", size="1", color_scheme="gray"), width="100%", class_name="health-check")),
                id="health-checks"),
            card(rx.text(t("admin.versions"), weight="medium"),
                 rx.table.root(rx.table.body(rx.foreach(AdminSystemState.versions, _pair)))),
            card(rx.text(t("admin.configuration"), weight="medium"),
                 rx.table.root(rx.table.body(rx.foreach(AdminSystemState.config, _pair)), id="config-table"),
                 overflow_x="auto"),
            spacing="4", width="100%", id="admin-system",
        ),
        not_found_panel(),
    )))
