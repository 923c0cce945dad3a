"""/dashboard: the writer's own pieces: search, filter, sort, keyset pages, summary and chart."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.dates import local_date_span, local_number, local_percent
from writers_app.components.layout import card, frame, protected
from writers_app.components.pages import NavEntry, page
from writers_app.pages.dashboard.chart import words_chart
from writers_app.pages.dashboard.rows import TaskRow
from writers_app.pages.dashboard.state import SORTS, STATUSES, DashboardState
from writers_app.pages.dashboard.trash_actions import DashboardTrashState, undo_message
from writers_app.pages.dashboard.uploads import upload_card
from writers_app.state.auth import AuthState
from writers_app.state.i18n import t


def _stat(label_key: str, value: rx.Var, id: str) -> rx.Component:
    return card(rx.vstack(rx.text(t(label_key), size="2", color_scheme="gray"),
                          rx.heading(local_number(value), size="6", id=id), spacing="1"))


def _summary() -> rx.Component:
    return rx.grid(
        _stat("dashboard.total_words", DashboardState.total_words, "total-words"),
        _stat("dashboard.total_pieces", DashboardState.total_tasks, "total-tasks"),
        _stat("status.analyzed", DashboardState.by_status["analyzed"], "count-analyzed"),
        _stat("status.draft", DashboardState.by_status["draft"], "count-draft"),
        columns=rx.breakpoints(initial="2", md="4"),
        spacing="3",
        width="100%",
    )


def _controls() -> rx.Component:
    return rx.hstack(
        rx.debounce_input(rx.input(placeholder=t("dashboard.search"), value=DashboardState.search,
                                   on_change=DashboardState.set_search, id="task-search", size="2", dir="auto",
                                   min_width="12rem", flex="1"), debounce_timeout=300),
        rx.select.root(
            rx.select.trigger(placeholder=t("dashboard.all_statuses"), id="status-filter"),
            rx.select.content(
                rx.select.item(t("dashboard.all_statuses"), value="all"),
                *[rx.select.item(t(f"status.{s}"), value=s) for s in STATUSES],
            ),
            value=rx.cond(DashboardState.status_filter == "", "all", DashboardState.status_filter),
            on_change=DashboardState.set_status_filter,
            size="2",
        ),
        rx.select.root(
            rx.select.trigger(id="sort-order"),
            rx.select.content(*[rx.select.item(t(f"dashboard.sort_{s}"), value=s) for s in SORTS]),
            value=DashboardState.sort,
            on_change=DashboardState.set_sort,
            size="2",
        ),
        rx.cond(
            DashboardState.selected.length() > 0,
            rx.button(rx.icon("sparkles", size=14), t("dashboard.analyse_selected"), variant="soft", size="2",
                      on_click=DashboardState.analyse_selected, id="analyse-selected"),
        ),
        rx.cond(
            DashboardState.selected.length() > 0,
            rx.button(rx.icon("trash-2", size=14), t("dashboard.delete_selected"), " (",
                      local_number(DashboardState.selected.length()), ")", color_scheme="red", variant="soft",
                      size="2", on_click=[DashboardState.delete_selected, DashboardTrashState.offer_undo],
                      id="delete-selected"),
        ),
        width="100%",
        wrap="wrap",
        spacing="2",
    )


def _task_row(task: TaskRow) -> rx.Component:
    task_id = task.id.to_string()
    return rx.hstack(
        rx.checkbox(checked=DashboardState.selected.contains(task_id),
                    on_change=lambda checked: DashboardState.toggle_selected(task_id, checked),
                    aria_label=t("dashboard.select")),
        rx.vstack(
            rx.link(rx.cond(task.title != "", rx.el.span(task.title, custom_attrs={"data-user-content": ""}),
                            t("dashboard.untitled")),
                    href=routes.editor_url(task.id), weight="medium", class_name="task-link clip-line", dir="auto"),
            rx.hstack(
                rx.text(local_number(task.words), rx.cond(task.goal != 0, " / " + local_number(task.goal), ""),
                        " ", t("dashboard.words"), size="1", color_scheme="gray"),
                rx.text(t("dashboard.edited"), " ", local_date_span(task.updated, with_time=True), size="1",
                        color_scheme="gray"),
                rx.cond(task.due != "", rx.text(t("dashboard.due"), " ", local_date_span(task.due), size="1",
                                                  color=rx.cond(task.overdue, "var(--red-11)", "var(--gray-11)"),
                                                  weight=rx.cond(task.overdue, "bold", "regular"),
                                                  class_name=rx.cond(task.overdue, "overdue", ""))),
                spacing="3",
                wrap="wrap",
            ),
            spacing="1",
            flex="1",
            min_width="0",
        ),
        rx.badge(t("status." + task.status),
                 rx.cond(task.status == "processing", " " + local_percent(task.progress), ""),
                 color_scheme=rx.match(task.status, ("analyzed", "green"), ("failed", "red"),
                                       ("processing", "amber"), ("queued", "blue"), "gray"),
                 title=rx.cond(task.failure != "", t(task.failure), ""),
                 class_name="status-badge", custom_attrs={"data-status": task.status}),
        # Analysed, but the text changed since: said beside the status, not instead of it.
        rx.cond(task.stale, rx.badge(rx.icon("history", size=12), t("analysis.ui.stale_badge"), color_scheme="amber",
                                     variant="soft", class_name="stale-badge")),
        rx.cond(task.status == "failed",
                rx.icon_button(rx.icon("rotate-ccw", size=14), size="1", variant="soft", color_scheme="red",
                               on_click=DashboardState.retry(task_id), aria_label=t("dashboard.retry"),
                               title=t("dashboard.retry"), class_name="retry-task")),
        rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="ghost", color_scheme="gray",
                       on_click=DashboardTrashState.delete_one(task_id), aria_label=t("trash.move"),
                       title=t("trash.move"), class_name="delete-task"),
        align="center",
        width="100%",
        padding_y="0.65rem",
        border_bottom="1px solid var(--gray-a4)",
        class_name="task-row",
    )


def _empty_state() -> rx.Component:
    """A writer with no piece yet, or a search or filter that finds none (with a way back)."""
    searching = (DashboardState.search != "") | (DashboardState.status_filter != "")
    return rx.vstack(
        # Two fixed icons, not one icon named by a var: that would load lucide's DynamicIcon (54 KB).
        rx.cond(searching, rx.icon("search-x", size=40, color="var(--accent-9)"),
                rx.icon("notebook-pen", size=40, color="var(--accent-9)")),
        rx.heading(rx.cond(searching, t("dashboard.no_match"), t("dashboard.empty_title")), size="5"),
        rx.text(rx.cond(searching, t("dashboard.no_match_body"), t("dashboard.empty_body")), color_scheme="gray",
                text_align="center"),
        rx.cond(searching, rx.button(rx.icon("x", size=14), t("dashboard.clear_search"), variant="soft",
                                     on_click=DashboardState.clear_search, id="clear-search")),
        align="center",
        spacing="3",
        padding_y="2.5rem",
        width="100%",
        id="dashboard-empty",
        custom_attrs={"data-kind": rx.cond(searching, "no-match", "new-writer")},
    )


@page(routes.DASHBOARD, on_load=[DashboardState.load, DashboardTrashState.clear], nav=NavEntry("nav.dashboard", routes.DASHBOARD, order=10))
def dashboard_page() -> rx.Component:
    return frame(
        protected(
            rx.vstack(
                rx.hstack(
                    rx.vstack(
                        rx.heading(t("dashboard.title"), size="7", id="dashboard-title"),
                        rx.text(t("dashboard.welcome").replace("{name}", AuthState.display_name),
                                color_scheme="gray", id="dashboard-welcome"),
                        spacing="1",
                    ),
                    rx.spacer(),
                    # On a phone the icon alone (named for screen readers): the heading keeps its line.
                    rx.link(rx.hstack(rx.icon("trash-2", size=16),
                                      rx.text(t("trash.title"), as_="span", display=rx.breakpoints(initial="none", sm="inline")),
                                      spacing="1", align="center"),
                            href=routes.TRASH, size="2", color_scheme="gray", white_space="nowrap", id="open-trash",
                            aria_label=t("trash.title"), title=t("trash.title")),
                    rx.button(rx.icon("plus", size=16), t("dashboard.new_piece"), on_click=DashboardState.new_task,
                              size="3", id="new-task"),
                    align="center",
                    spacing="4",
                    width="100%",
                ),
                # On a phone the pieces come first, the figures after (CSS order; desktop unchanged).
                rx.box(_summary(), order=rx.breakpoints(initial="2", sm="1"), width="100%"),
                rx.grid(words_chart(DashboardState.chart), upload_card(),
                        columns=rx.breakpoints(initial="1", md="3fr 2fr"), spacing="4", width="100%",
                        order=rx.breakpoints(initial="3", sm="2")),
                card(
                    _controls(),
                    undo_message(),
                    rx.cond(
                        DashboardState.loaded & (DashboardState.items.length() == 0),
                        _empty_state(),
                        rx.vstack(rx.foreach(DashboardState.items, _task_row), spacing="0", width="100%",
                                  id="task-list"),
                    ),
                    rx.cond(DashboardState.next_cursor != "",
                            rx.button(t("dashboard.load_more"), on_click=DashboardState.load_more, variant="soft",
                                      margin_top="0.75rem", id="load-more")),
                    order=rx.breakpoints(initial="1", sm="3"),
                ),
                spacing="4",
                width="100%",
            )
        )
    )
