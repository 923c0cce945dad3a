"""/admin/tasks: every writer's pieces, with owner, status and size; search, re-analyse, delete."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.admin_nav import admin_nav, admin_table, auto, ltr
from writers_app.components.dates import local_date, local_number
from writers_app.components.layout import card, frame
from writers_app.components.not_found import not_found_panel
from writers_app.components.pages import page
from writers_app.core.ids import parse_id
from writers_app.db import session_scope
from writers_app.pages.admin.rows import TaskRow, task_row
from writers_app.services import admin as admin_service
from writers_app.state.admin import REFUSED_OR_BAD_ID, AdminPageState
from writers_app.state.i18n import t

class AdminTasksState(AdminPageState, rx.State):
    tasks: list[TaskRow] = []
    search: str = ""

    def _clear(self) -> None:
        self.tasks = []

    def _reload(self) -> None:
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                rows = admin_service.list_all_tasks(session=session, actor=actor, search=self.search or None)
            self.tasks = [task_row(r) for r in rows]

        self._show(work)

    def _refresh(self) -> None:
        self._reload()

    @rx.event
    def set_search(self, value: str):
        self.search = (value or "")[:200]
        self._reload()

    @rx.event
    def reanalyse(self, task_id: str):
        if (task := parse_id(task_id)) is None:
            return self._bad_id()

        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                admin_service.requeue(session=session, actor=actor, task_ids=[task],
                                      ip=self.router.session.client_ip)

        if self._as_admin(work, refused=REFUSED_OR_BAD_ID):
            self._reload()
        return None

    @rx.event
    def remove(self, task_id: str):
        if (task := parse_id(task_id)) is None:
            return self._bad_id()

        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                admin_service.delete_tasks(session=session, actor=actor, task_ids=[task],
                                           ip=self.router.session.client_ip)

        if self._as_admin(work, refused=REFUSED_OR_BAD_ID):
            self._reload()
        return None


def _title(task: TaskRow) -> rx.Component:
    return rx.cond(task.title != "", auto(task.title, custom_attrs={"data-user-content": ""}), t("dashboard.untitled"))


def _buttons(task: TaskRow) -> rx.Component:
    return rx.hstack(
        rx.button(t("dashboard.analyse_selected"), size="1", variant="soft",
                  on_click=AdminTasksState.reanalyse(task.id.to_string()), class_name="admin-reanalyse"),
        rx.button(t("dashboard.delete_selected"), size="1", variant="soft", color_scheme="red",
                  on_click=AdminTasksState.remove(task.id.to_string()), class_name="admin-delete"),
        spacing="1")


def _trashed(task: TaskRow) -> rx.Component:
    return rx.cond(task.trashed, rx.badge(rx.icon("trash-2", size=12), t("trash.badge"), color_scheme="gray",
                                          variant="outline", class_name="trashed-badge"))


def _task_card(task: TaskRow) -> rx.Component:
    """The same row on a phone: title on its own line, facts below, nothing squeezed into columns."""
    return rx.box(
        rx.text(_title(task), weight="medium", class_name="clip-line"),
        rx.text(ltr(task.owner, custom_attrs={"data-user-content": ""}), size="2", color_scheme="gray",
                class_name="clip-line"),
        rx.hstack(rx.badge(t("status." + task.status)), _trashed(task),
                  rx.text(local_number(task.words), " ", t("dashboard.words"), size="1", color_scheme="gray"),
                  rx.text(auto(local_date(task.updated, with_time=True)), size="1", color_scheme="gray"),
                  spacing="2", wrap="wrap", align="center", margin_y="0.35rem"),
        _buttons(task),
        width="100%", padding_y="0.6rem", border_bottom="1px solid var(--gray-a4)", class_name="admin-task-card",
    )


def _task_row(task: TaskRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_title(task)),
        rx.table.cell(ltr(task.owner, custom_attrs={"data-user-content": ""})),
        rx.table.cell(rx.hstack(rx.badge(t("status." + task.status)), _trashed(task), spacing="1", wrap="wrap")),
        rx.table.cell(local_number(task.words)),
        rx.table.cell(auto(local_date(task.updated, with_time=True)), white_space="nowrap"),
        rx.table.cell(_buttons(task)),
        class_name="admin-task-row",
    )


@page(routes.ADMIN_TASKS, access="admins", on_load=AdminTasksState.load)
def admin_tasks_page() -> rx.Component:
    return frame(rx.cond(AdminTasksState.checked, rx.cond(
        AdminTasksState.allowed,
        rx.vstack(
            rx.heading(t("admin.tasks"), size="7"), admin_nav(routes.ADMIN_TASKS),
            card(
                rx.debounce_input(rx.input(placeholder=t("admin.search_tasks"), dir="auto", value=AdminTasksState.search,
                                           on_change=AdminTasksState.set_search, id="admin-task-search"),
                                  debounce_timeout=300),
                rx.box(admin_table(["editor.title_label", "admin.owner", "admin.state", "admin.words_column",
                                    "dashboard.edited", ""],
                                   rx.table.body(rx.foreach(AdminTasksState.tasks, _task_row))),
                       display=["none", "block"], width="100%"),
                rx.box(rx.foreach(AdminTasksState.tasks, _task_card), display=["block", "none"], width="100%",
                       id="admin-task-cards"),
                min_width="0",
            ),
            spacing="4", width="100%", id="admin-tasks",
        ),
        not_found_panel(),
    )))
