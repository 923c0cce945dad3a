"""/admin/system: database, Redis and worker health, versions, configuration with secrets masked."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.admin_nav import admin_nav
from writers_app.components.dates import local_number
from writers_app.components.layout import card, frame
from writers_app.components.not_found import not_found_panel
from writers_app.components.pages import page
from writers_app.db import session_scope
from writers_app.pages.admin.rows import CheckRow, NameValue, check_row
from writers_app.services import health
from writers_app.services.access import require_admin
from writers_app.settings import get_settings
from writers_app.state.admin import AdminPageState
from writers_app.state.i18n import t


class AdminSystemState(AdminPageState, rx.State):
    checks: list[CheckRow] = []
    versions: list[NameValue] = []
    config: list[NameValue] = []

    def _clear(self) -> None:
        self.checks, self.versions, self.config = [], [], []

    @rx.event
    def load(self):
        if (redirect := self._signed_out()) is not None:
            return redirect
        if not self._as_admin(require_admin):
            return None
        settings = get_settings()
        with session_scope() as session:
            results = [health.check_database(session), health.check_redis(settings), health.check_workers(session)]
        self.checks = [check_row(c) for c in results]
        self.versions = [NameValue(name=k, value=v) for k, v in health.versions().items()]
        self.config = [NameValue(name=k, value=v) for k, v in sorted(settings.public_summary().items())]
        self._allow()
        return None


def _detail(check: CheckRow) -> rx.Component:
    """The check's detail in the reader's language; a bare name (a driver, an error class) as is."""
    return rx.cond(
        check.key != "",
        rx.text(t(check.key).replace("{alive}", local_number(check.alive)).replace("{seen}", local_number(check.seen)),
                size="2"),
        rx.text(check.detail, size="2", dir="ltr", custom_attrs={"data-latin": ""}),
    )


def _pair(row: NameValue) -> rx.Component:
    """Name and value side by side; on a phone the value wraps under its name instead of running
    off the card (a database URL or a path is one long word)."""
    return rx.flex(
        rx.code(row.name, flex_shrink="0", min_width=["0", "16rem"]),
        rx.el.span(row.value, dir="ltr", custom_attrs={"data-latin": ""}, overflow_wrap="anywhere", min_width="0",
                   font_size="var(--font-size-2)"),
        wrap="wrap", gap="0.25rem 1rem", align="baseline", padding_y="0.45rem",
        border_bottom="1px solid var(--gray-a3)", class_name="name-value", width="100%",
    )


@page(routes.ADMIN_SYSTEM, access="admins", on_load=AdminSystemState.load)
def admin_system_page() -> rx.Component:
    return frame(rx.cond(AdminSystemState.checked, rx.cond(
        AdminSystemState.allowed,
        rx.vstack(
            rx.heading(t("admin.system"), size="7"), admin_nav(routes.ADMIN_SYSTEM),
            card(rx.foreach(AdminSystemState.checks, lambda c: rx.flex(
                rx.badge(rx.cond(c.ok, t("admin.health_ok"), t("admin.health_down")), color_scheme=rx.cond(c.ok, "green", "red")),
                rx.code(c.name), _detail(c), rx.spacer(),
                rx.text(t("admin.milliseconds").replace("{n}", local_number(c.ms)), size="1", color_scheme="gray",
                        white_space="nowrap"),
                width="100%", class_name="health-check", wrap="wrap", gap="0.25rem 0.5rem", align="center")),
                id="health-checks"),
            card(rx.text(t("admin.versions"), weight="medium"),
                 rx.box(rx.foreach(AdminSystemState.versions, _pair), width="100%")),
            card(rx.text(t("admin.configuration"), weight="medium"),
                 rx.box(rx.foreach(AdminSystemState.config, _pair), id="config-table", width="100%")),
            spacing="4", width="100%", id="admin-system",
        ),
        not_found_panel(),
    )))
