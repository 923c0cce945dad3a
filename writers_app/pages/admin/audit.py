"""/admin/audit: admin actions and security events, newest first, filterable, paginated."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.admin_nav import admin_nav
from writers_app.components.dates import local_date
from writers_app.components.layout import card, frame
from writers_app.components.not_found import not_found_panel
from writers_app.components.pages import page
from writers_app.db import session_scope
from writers_app.pages.admin.rows import AuditRow, audit_row
from writers_app.services import audit as audit_service
from writers_app.state.admin import AdminPageState
from writers_app.state.i18n import t

PAGE = 50


class AdminAuditState(AdminPageState, rx.State):
    events: list[AuditRow] = []
    action: str = ""
    has_more: bool = False

    def _clear(self) -> None:
        self.events = []

    def _fetch(self, *, more: bool = False) -> None:
        before = self.events[-1].id if more and self.events else None

        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                rows = audit_service.list_events(session=session, actor=actor, action=self.action or None,
                                                 before_id=before, limit=PAGE + 1)
            page = [audit_row(e) for e in rows[:PAGE]]
            self.events = self.events + page if more else page
            self.has_more = len(rows) > PAGE

        self._show(work)

    def _refresh(self) -> None:
        self._fetch()

    @rx.event
    def set_action(self, value: str):
        self.action = value if value in audit_service.ACTIONS else ""
        self._fetch()

    @rx.event
    def more(self):
        self._fetch(more=True)


def _row(event: AuditRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(local_date(event.at, with_time=True)),
        rx.table.cell(t(event.action)),
        rx.table.cell(event.actor), rx.table.cell(event.target),
        rx.table.cell(rx.el.span(event.ip, dir="ltr")),
        rx.table.cell(rx.el.span(event.detail, dir="ltr", class_name="clip-line")),
        class_name="audit-row", custom_attrs={"data-action": event.action},
    )


@page(routes.ADMIN_AUDIT, access="admins", on_load=AdminAuditState.load)
def admin_audit_page() -> rx.Component:
    return frame(rx.cond(AdminAuditState.checked, rx.cond(
        AdminAuditState.allowed,
        rx.vstack(
            rx.heading(t("admin.audit"), size="7"),
            admin_nav(),
            card(
                rx.select.root(rx.select.trigger(placeholder=t("admin.all_actions")), rx.select.content(
                    rx.select.item(t("admin.all_actions"), value="all"),
                    *[rx.select.item(t(a), value=a) for a in audit_service.ACTIONS]),
                    on_change=AdminAuditState.set_action),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in (
                        "admin.when", "admin.action", "admin.actor", "admin.target", "admin.ip", "admin.detail")])),
                    rx.table.body(rx.foreach(AdminAuditState.events, _row)), width="100%"),
                rx.cond(AdminAuditState.has_more, rx.button(t("dashboard.load_more"), on_click=AdminAuditState.more,
                                                            variant="soft", margin_top="0.5rem")),
                overflow_x="auto",
            ),
            spacing="4", width="100%", id="admin-audit",
        ),
        not_found_panel(),
    )))
