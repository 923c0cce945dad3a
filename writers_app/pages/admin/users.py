"""/admin: users (search, filter, details, deactivate, role, forced reset), for admins only.

Every handler resolves the caller and lets the service check the role: a writer or a visitor
calling one of these handlers directly gets the "not found" answer and changes nothing.
"""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.admin_nav import admin_nav, admin_table, auto, ltr
from writers_app.components.dates import local_date, local_number
from writers_app.components.layout import FONT_STACK, card, frame
from writers_app.components.not_found import not_found_panel
from writers_app.components.pages import NavEntry, page
from writers_app.core.ids import require_id
from writers_app.db import session_scope
from writers_app.pages.admin.rows import UserRow, user_row
from writers_app.services import users as user_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.settings import get_settings
from writers_app.state.admin import AdminPageState
from writers_app.state.i18n import I18nState, t


class AdminUsersState(AdminPageState, rx.State):
    users: list[UserRow] = []
    search: str = ""
    role_filter: str = ""
    active_filter: str = ""
    details: dict[str, str] = {}
    error: str = ""
    notice: str = ""

    def _clear(self) -> None:
        self.users, self.details = [], {}

    def _reload(self, actor) -> None:  # noqa: ANN001
        active = {"yes": True, "no": False}.get(self.active_filter)
        with session_scope() as session:
            rows = user_service.list_users(session=session, actor=actor, search=self.search or None,
                                           role=self.role_filter or None, active=active)
        self.users = [user_row(u) for u in rows]
        self._allow()

    def _run(self, work) -> None:  # noqa: ANN001
        """Do an admin action, then show the list again; refusal looks like a missing page."""
        try:
            self._as_admin(lambda actor: (work(actor), self._reload(actor)))
        except NotFound:
            self.error = "error.not_found"
        except ServiceError as exc:
            self.error, self.notice = exc.code, ""

    @rx.event
    def load(self):
        if (redirect := self._signed_out()) is not None:
            return redirect
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
                usage = user_service.user_details(session=session, actor=actor, user_id=require_id(user_id))
            user = usage.user
            self.details = {"id": str(user.id), "name": user.display_name, "email": user.email,
                            "role": user.role, "active": "yes" if user.is_active else "no",
                            "created": user.created_at.isoformat(),
                            "last_login": user.last_login_at.isoformat() if user.last_login_at else "",
                            "tasks": str(usage.tasks), "words": str(usage.words), "sessions": str(usage.open_sessions)}

        self._run(work)

    @rx.event
    def details_open(self, is_open: bool):
        if not is_open:
            self.details = {}

    def _ip(self) -> str:
        return self.router.session.client_ip

    @rx.event
    def set_active(self, user_id: str, active: bool):
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                user_service.set_active(session=session, actor=actor, user_id=require_id(user_id), active=bool(active),
                                        ip=self._ip())
            self.error, self.notice = "", "admin.done"

        self._run(work)

    @rx.event
    def set_role(self, user_id: str, role: str):
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                user_service.set_role(session=session, actor=actor, user_id=require_id(user_id), role=role, ip=self._ip())
            self.error, self.notice = "", "admin.done"

        self._run(work)

    @rx.event
    def force_reset(self, user_id: str):
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                user_service.force_password_reset(session=session, settings=get_settings(), actor=actor,
                                                  user_id=require_id(user_id), ip=self._ip())
            self.error, self.notice = "", "admin.reset_sent"

        self._run(work)


def _actions(user: UserRow) -> rx.Component:
    user_id = user.id.to_string()
    return rx.menu.root(
        rx.menu.trigger(rx.icon_button(rx.icon("ellipsis", size=16), variant="ghost", size="1",
                                       aria_label=t("admin.actions"), class_name="user-actions")),
        rx.menu.content(
            rx.menu.item(t("admin.details"), on_click=AdminUsersState.show(user_id)),
            rx.cond(user.active,
                    rx.menu.item(t("admin.deactivate"), color="red", class_name="deactivate",
                                 on_click=AdminUsersState.set_active(user_id, False)),
                    rx.menu.item(t("admin.reactivate"), class_name="reactivate",
                                 on_click=AdminUsersState.set_active(user_id, True))),
            rx.cond(user.role == "admin",
                    rx.menu.item(t("admin.make_writer"), on_click=AdminUsersState.set_role(user_id, "writer")),
                    rx.menu.item(t("admin.make_admin"), on_click=AdminUsersState.set_role(user_id, "admin"))),
            rx.menu.item(t("admin.force_reset"), on_click=AdminUsersState.force_reset(user_id)),
            dir=I18nState.dir,
        ),
    )


def _user_row(user: UserRow) -> rx.Component:
    """Clicking anywhere on the row opens the user's details (the menu's first item does too)."""
    return rx.table.row(
        rx.table.cell(auto(user.name, custom_attrs={"data-user-content": ""})),
        rx.table.cell(ltr(user.email, custom_attrs={"data-user-content": ""})),
        rx.table.cell(rx.badge(t("role." + user.role))),
        rx.table.cell(rx.cond(user.active, rx.badge(t("admin.active"), color_scheme="green"),
                              rx.badge(t("admin.inactive"), color_scheme="red"))),
        rx.table.cell(auto(local_date(user.created)), white_space="nowrap"),
        rx.table.cell(_actions(user), on_click=rx.stop_propagation),
        class_name="user-row", custom_attrs={"data-email": user.email},
        on_click=AdminUsersState.show(user.id.to_string()), cursor="pointer",
        _hover={"background": "var(--accent-a2)"},
    )


def _user_card(user: UserRow) -> rx.Component:
    """The same row on a phone: every field stacked in a card, nothing to scroll sideways to."""
    return rx.box(
        rx.hstack(rx.text(auto(user.name, custom_attrs={"data-user-content": ""}), weight="medium", flex="1",
                          min_width="0"),
                  _actions(user), on_click=rx.stop_propagation, align="center", width="100%"),
        rx.text(ltr(user.email, custom_attrs={"data-user-content": ""}), size="2", color_scheme="gray",
                class_name="clip-line"),
        rx.hstack(rx.badge(t("role." + user.role)),
                  rx.cond(user.active, rx.badge(t("admin.active"), color_scheme="green"),
                          rx.badge(t("admin.inactive"), color_scheme="red")),
                  rx.text(t("admin.created"), " ", auto(local_date(user.created)), size="1", color_scheme="gray"),
                  spacing="2", wrap="wrap", align="center", margin_top="0.35rem"),
        on_click=AdminUsersState.show(user.id.to_string()), cursor="pointer", width="100%",
        padding_y="0.6rem", border_bottom="1px solid var(--gray-a4)",
        class_name="user-card", custom_attrs={"data-email": user.email},
    )


def _filters() -> rx.Component:
    return rx.hstack(
        rx.debounce_input(rx.input(placeholder=t("admin.search_users"), dir="auto", value=AdminUsersState.search,
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


def _fact(label: str, value: rx.Component | rx.Var) -> rx.Component:
    return rx.vstack(rx.text(t(label), size="1", color_scheme="gray"), rx.text(value, size="2", as_="div"),
                     spacing="0", min_width="7rem")


def _details() -> rx.Component:
    """A dialog, so it shows wherever the row was clicked (a phone's list can be long)."""
    d = AdminUsersState.details
    return rx.dialog.root(rx.dialog.content(
        rx.hstack(rx.dialog.title(auto(d["name"], custom_attrs={"data-user-content": ""}), size="4", margin="0"),
                  rx.spacer(),
                  rx.dialog.close(rx.icon_button(rx.icon("x", size=16), variant="ghost", size="1",
                                                 aria_label=t("admin.close"), id="close-details")),
                  width="100%", align="center"),
        rx.text(ltr(d["email"], custom_attrs={"data-user-content": ""}), color_scheme="gray"),
        rx.flex(
            _fact("admin.role", rx.badge(t("role." + d["role"]))),
            _fact("admin.state", rx.cond(d["active"] == "yes", t("admin.active"), t("admin.inactive"))),
            _fact("admin.created", auto(local_date(d["created"], with_time=True))),
            _fact("admin.last_login", rx.cond(d["last_login"] != "", auto(local_date(d["last_login"], with_time=True)),
                                              t("admin.never"))),
            _fact("dashboard.total_pieces", local_number(d["tasks"])),
            _fact("dashboard.total_words", local_number(d["words"])),
            _fact("admin.open_sessions", local_number(d["sessions"])),
            gap="1rem 1.5rem", wrap="wrap", margin_top="0.75rem"),
        id="user-details", dir=I18nState.dir, lang=I18nState.lang, max_width="36rem", font_family=FONT_STACK,
    ), open=d.contains("id"), on_open_change=AdminUsersState.details_open)


@page(routes.ADMIN, access="admins", on_load=AdminUsersState.load, nav=NavEntry("nav.admin", routes.ADMIN, order=90, admins_only=True))
def admin_page() -> rx.Component:
    return frame(
        rx.cond(
            AdminUsersState.checked,
            rx.cond(
                AdminUsersState.allowed,
                rx.vstack(
                    rx.heading(t("nav.admin"), size="7"),
                    admin_nav(routes.ADMIN),
                    rx.cond(AdminUsersState.error != "", rx.callout(t(AdminUsersState.error),
                                                                     color_scheme="red", id="admin-error")),
                    rx.cond(AdminUsersState.notice != "", rx.callout(t(AdminUsersState.notice),
                                                                      color_scheme="green", id="admin-notice")),
                    _details(),
                    card(
                        _filters(),
                        rx.box(admin_table(["admin.name", "auth.email", "admin.role", "admin.state", "admin.created", ""],
                                           rx.table.body(rx.foreach(AdminUsersState.users, _user_row)),
                                           id="users-table"),
                               display=["none", "block"], width="100%"),
                        rx.box(rx.foreach(AdminUsersState.users, _user_card), display=["block", "none"],
                               width="100%", id="user-cards"),
                        min_width="0",
                    ),
                    spacing="4",
                    width="100%",
                    id="admin-users",
                ),
                not_found_panel(),
            ),
        )
    )
