"""/admin/audit: admin actions and security events, newest first, filterable, paginated."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.admin_nav import admin_nav, admin_table, auto, ltr
from writers_app.components.dates import local_date, local_number
from writers_app.components.layout import card, frame
from writers_app.components.not_found import not_found_panel
from writers_app.components.pages import page
from writers_app.db import session_scope
from writers_app.pages.admin.rows import AuditRow, DetailPart, audit_row
from writers_app.services import audit as audit_service
from writers_app.services import users as user_service
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
                emails = user_service.emails_by_id(session=session, actor=actor, user_ids=[
                    i for e in rows[:PAGE] for i in (e.actor_id, e.target_user_id) if i])
            page = [audit_row(e, emails) for e in rows[:PAGE]]
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


def _part(part: DetailPart) -> rx.Component:
    value = rx.match(part.kind,
                     ("key", rx.fragment(t(part.value))), ("number", rx.fragment(local_number(part.value))),
                     ("date", auto(local_date(part.value))), ("ltr", ltr(part.value, custom_attrs={"data-latin": ""})),
                     auto(part.value, custom_attrs={"data-user-content": ""}))
    return rx.el.span(t(part.label), " ", value, class_name="audit-detail", white_space="nowrap")


def _who(email: rx.Var) -> rx.Component:
    return rx.cond(email != "", ltr(email, custom_attrs={"data-latin": ""}), rx.text(t("audit.nobody"), as_="span",
                                                                                        color_scheme="gray"))


def _row(event: AuditRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(auto(local_date(event.at, with_time=True)), white_space="nowrap", class_name="audit-when"),
        rx.table.cell(t(event.action), white_space="nowrap"),
        rx.table.cell(_who(event.actor), class_name="audit-actor"),
        rx.table.cell(_who(event.target), class_name="audit-target"),
        rx.table.cell(ltr(event.ip, custom_attrs={"data-latin": ""})),
        rx.table.cell(rx.flex(rx.foreach(event.details, _part), gap="0.25rem 0.75rem", wrap="wrap")),
        class_name="audit-row", custom_attrs={"data-action": event.action},
    )


def _card(event: AuditRow) -> rx.Component:
    """The same event on a phone: what and when on the first line, who below, then the details;
    nothing to scroll sideways to."""
    gray = {"size": "1", "color_scheme": "gray"}
    return rx.box(
        rx.flex(rx.text(t(event.action), weight="medium", size="2"), rx.spacer(),
                rx.text(auto(local_date(event.at, with_time=True)), white_space="nowrap", class_name="audit-when", **gray),
                gap="0.5rem", align="baseline", width="100%", wrap="wrap"),
        rx.flex(rx.text(t("audit.by"), ": ", rx.el.span(_who(event.actor), class_name="audit-actor"), **gray),
                rx.text(t("audit.on"), ": ", rx.el.span(_who(event.target), class_name="audit-target"), **gray),
                rx.text(ltr(event.ip, custom_attrs={"data-latin": ""}), **gray),
                gap="0.25rem 0.75rem", wrap="wrap", min_width="0"),
        rx.flex(rx.foreach(event.details, _part), gap="0.25rem 0.75rem", wrap="wrap", font_size="var(--font-size-1)"),
        padding_y="0.55rem", border_bottom="1px solid var(--gray-a4)", width="100%", overflow_wrap="anywhere",
        class_name="audit-card", custom_attrs={"data-action": event.action},
    )


@page(routes.ADMIN_AUDIT, access="admins", on_load=AdminAuditState.load)
def admin_audit_page() -> rx.Component:
    return frame(rx.cond(AdminAuditState.checked, rx.cond(
        AdminAuditState.allowed,
        rx.vstack(
            rx.heading(t("admin.audit"), size="7"),
            admin_nav(routes.ADMIN_AUDIT),
            card(
                rx.select.root(rx.select.trigger(placeholder=t("admin.all_actions")), rx.select.content(
                    rx.select.item(t("admin.all_actions"), value="all"),
                    *[rx.select.item(t(a), value=a) for a in audit_service.ACTIONS]),
                    on_change=AdminAuditState.set_action),
                rx.box(admin_table(["admin.when", "admin.action", "audit.by", "audit.on", "admin.ip", "admin.detail"],
                                   rx.table.body(rx.foreach(AdminAuditState.events, _row))),
                       display=["none", "block"], width="100%"),
                rx.box(rx.foreach(AdminAuditState.events, _card), display=["block", "none"], width="100%",
                       id="audit-cards"),
                rx.cond(AdminAuditState.has_more, rx.button(t("dashboard.load_more"), on_click=AdminAuditState.more,
                                                            variant="soft", margin_top="0.5rem")),
            ),
            spacing="4", width="100%", id="admin-audit",
        ),
        not_found_panel(),
    )))
