"""/admin: users (search, filter, details, deactivate, role, forced reset), for admins only.

Every handler resolves the caller and lets the service check the role: a writer or a visitor
calling one of these handlers directly gets the "not found" answer and changes nothing.
"""

from __future__ import annotations

import reflex as rx

from writers_app.components.dates import local_date, local_number
from writers_app.components.layout import card, frame
from writers_app.db import session_scope
from writers_app.services import users as user_service
from writers_app.services.errors import Forbidden, NotFound, ServiceError
from writers_app.settings import get_settings
from writers_app.state.auth import auth_context, current_user, login_redirect
from writers_app.state.i18n import I18nState, t


class AdminUsersState(rx.State):
    users: list[dict[str, str]] = []
    allowed: bool = False
    checked: bool = False
    search: str = ""
    role_filter: str = ""
    active_filter: str = ""
    details: dict[str, str] = {}
    error: str = ""
    notice: str = ""

    def _actor(self):  # noqa: ANN202
        return current_user(self)

    def _deny(self) -> None:
        self.users, self.details, self.allowed, self.checked = [], {}, False, True

    def _reload(self, actor) -> None:  # noqa: ANN001
        active = {"yes": True, "no": False}.get(self.active_filter)
        with session_scope() as session:
            rows = user_service.list_users(session=session, actor=actor, search=self.search or None,
                                           role=self.role_filter or None, active=active)
        self.users = [{"id": str(u.id), "email": u.email, "name": u.display_name, "role": u.role,
                       "active": "1" if u.is_active else "", "created": u.created_at.isoformat(),
                       "last_login": u.last_login_at.isoformat() if u.last_login_at else ""} for u in rows]
        self.allowed, self.checked = True, True

    def _run(self, work) -> None:  # noqa: ANN001
        """Do an admin action; refusal looks exactly like a page that does not exist."""
        actor = self._actor()
        try:
            work(actor)
            self._reload(actor)
        except Forbidden:
            self._deny()
        except NotFound:
            self.error = "error.not_found"
        except ServiceError as exc:
            self.error, self.notice = exc.code, ""

    @rx.event
    def load(self):
        if auth_context(self) is None:
            return login_redirect(self)
        self.error = self.notice = ""
        self.details = {}
        self._run(lambda actor: None)
        return None

    @rx.event
    def set_search(self, value: str):
        self.search = (value or "")[:200]
        self._run(lambda actor: None)

    @rx.event
    def set_role_filter(self, value: str):
        self.role_filter = value if value in ("admin", "writer") else ""
        self._run(lambda actor: None)

    @rx.event
    def set_active_filter(self, value: str):
        self.active_filter = value if value in ("yes", "no") else ""
        self._run(lambda actor: None)

    @rx.event
    def show(self, user_id: str):
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                usage = user_service.user_details(session=session, actor=actor, user_id=int(user_id))
            self.details = {"id": str(usage.user.id), "name": usage.user.display_name, "email": usage.user.email,
                            "tasks": str(usage.tasks), "words": str(usage.words), "sessions": str(usage.open_sessions)}

        self._run(work)

    def _ip(self) -> str:
        return self.router.session.client_ip

    @rx.event
    def set_active(self, user_id: str, active: bool):
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                user_service.set_active(session=session, actor=actor, user_id=int(user_id), active=bool(active),
                                        ip=self._ip())
            self.error, self.notice = "", "admin.done"

        self._run(work)

    @rx.event
    def set_role(self, user_id: str, role: str):
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                user_service.set_role(session=session, actor=actor, user_id=int(user_id), role=role, ip=self._ip())
            self.error, self.notice = "", "admin.done"

        self._run(work)

    @rx.event
    def force_reset(self, user_id: str):
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                user_service.force_password_reset(session=session, settings=get_settings(), actor=actor,
                                                  user_id=int(user_id), ip=self._ip())
            self.error, self.notice = "", "admin.reset_sent"

        self._run(work)


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


def admin_nav() -> rx.Component:
    return rx.hstack(
        rx.link(t("admin.users"), href="/admin", id="admin-nav-users"),
        rx.link(t("admin.tasks"), href="/admin/tasks", id="admin-nav-tasks"),
        rx.link(t("admin.jobs"), href="/admin/jobs", id="admin-nav-jobs"),
        rx.link(t("admin.system"), href="/admin/system", id="admin-nav-system"),
        rx.link(t("admin.audit"), href="/admin/audit", id="admin-nav-audit"),
        spacing="4", wrap="wrap",
    )


def _actions(user: dict) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(rx.icon_button(rx.icon("ellipsis", size=16), variant="ghost", size="1",
                                       aria_label=t("admin.actions"), class_name="user-actions")),
        rx.menu.content(
            rx.menu.item(t("admin.details"), on_click=AdminUsersState.show(user["id"])),
            rx.cond(user["active"] != "",
                    rx.menu.item(t("admin.deactivate"), color="red", class_name="deactivate",
                                 on_click=AdminUsersState.set_active(user["id"], False)),
                    rx.menu.item(t("admin.reactivate"), class_name="reactivate",
                                 on_click=AdminUsersState.set_active(user["id"], True))),
            rx.cond(user["role"] == "admin",
                    rx.menu.item(t("admin.make_writer"), on_click=AdminUsersState.set_role(user["id"], "writer")),
                    rx.menu.item(t("admin.make_admin"), on_click=AdminUsersState.set_role(user["id"], "admin"))),
            rx.menu.item(t("admin.force_reset"), on_click=AdminUsersState.force_reset(user["id"])),
            dir=I18nState.dir,
        ),
    )


def _user_row(user: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(user["name"]),
        rx.table.cell(rx.el.span(user["email"], dir="ltr")),
        rx.table.cell(rx.badge(I18nState.t["role." + user["role"]])),
        rx.table.cell(rx.cond(user["active"] != "", rx.badge(t("admin.active"), color_scheme="green"),
                              rx.badge(t("admin.inactive"), color_scheme="red"))),
        rx.table.cell(local_date(user["created"])),
        rx.table.cell(_actions(user)),
        class_name="user-row", custom_attrs={"data-email": user["email"]},
    )


def _filters() -> rx.Component:
    return rx.hstack(
        rx.debounce_input(rx.input(placeholder=t("admin.search_users"), value=AdminUsersState.search,
                                   on_change=AdminUsersState.set_search, id="user-search", flex="1",
                                   min_width="12rem"), debounce_timeout=300),
        rx.select.root(rx.select.trigger(placeholder=t("admin.role")), rx.select.content(
            rx.select.item(t("admin.all_roles"), value="all"), rx.select.item(t("role.writer"), value="writer"),
            rx.select.item(t("role.admin"), value="admin")), on_change=AdminUsersState.set_role_filter),
        rx.select.root(rx.select.trigger(placeholder=t("admin.state")), rx.select.content(
            rx.select.item(t("admin.all_states"), value="all"), rx.select.item(t("admin.active"), value="yes"),
            rx.select.item(t("admin.inactive"), value="no")), on_change=AdminUsersState.set_active_filter),
        wrap="wrap", width="100%", spacing="2",
    )


def _details() -> rx.Component:
    d = AdminUsersState.details
    return rx.cond(d.contains("id"), card(
        rx.heading(d["name"], size="4"), rx.text(d["email"], dir="ltr", color_scheme="gray"),
        rx.hstack(rx.text(t("dashboard.total_pieces"), ": ", local_number(d["tasks"])),
                  rx.text(t("dashboard.total_words"), ": ", local_number(d["words"])),
                  rx.text(t("admin.open_sessions"), ": ", local_number(d["sessions"])), spacing="4", wrap="wrap"),
        id="user-details"))


def admin_page() -> rx.Component:
    return frame(
        rx.cond(
            AdminUsersState.checked,
            rx.cond(
                AdminUsersState.allowed,
                rx.vstack(
                    rx.heading(t("nav.admin"), size="7"),
                    admin_nav(),
                    rx.cond(AdminUsersState.error != "", rx.callout(I18nState.t[AdminUsersState.error],
                                                                     color_scheme="red", id="admin-error")),
                    rx.cond(AdminUsersState.notice != "", rx.callout(I18nState.t[AdminUsersState.notice],
                                                                      color_scheme="green", id="admin-notice")),
                    _details(),
                    card(
                        _filters(),
                        rx.table.root(
                            rx.table.header(rx.table.row(
                                rx.table.column_header_cell(t("auth.display_name")),
                                rx.table.column_header_cell(t("auth.email")),
                                rx.table.column_header_cell(t("admin.role")),
                                rx.table.column_header_cell(t("admin.state")),
                                rx.table.column_header_cell(t("admin.created")),
                                rx.table.column_header_cell(""),
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
