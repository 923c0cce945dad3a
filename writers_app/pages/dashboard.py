"""/dashboard: the writer's own pieces: search, filter, sort, keyset pages, summary and chart."""

from __future__ import annotations

import asyncio

import reflex as rx

from writers_app.components.dates import DAY_TICK_FORMATTER, local_date, local_number
from writers_app.components.layout import card, frame, protected
from writers_app.pages.uploads import upload_card
from writers_app.core.security import utcnow
from writers_app.db import session_scope
from writers_app.models import TaskPublic, TaskStatus
from writers_app.services import processing
from writers_app.services import tasks as task_service
from writers_app.services.errors import ServiceError
from writers_app.state.auth import AuthState, auth_context, login_redirect
from writers_app.state.i18n import I18nState, t

STATUSES = [s.value for s in TaskStatus]
SORTS = ["updated", "created", "title", "words"]


def _row(task: TaskPublic, today) -> dict[str, str]:  # noqa: ANN001
    goal = task.word_goal or 0
    return {
        "id": str(task.id), "title": task.title, "status": task.status, "words": str(task.word_count),
        "goal": str(goal), "pct": str(min(100, round(task.word_count * 100 / goal)) if goal else 0),
        "due": task.due_date.isoformat() if task.due_date else "",
        "overdue": "1" if task.due_date and task.due_date < today and task.status != TaskStatus.ANALYZED else "",
        "updated": task.updated_at.isoformat(),
        "progress": str(task.progress), "failure": task.failure_reason,
    }


PENDING = ("queued", "processing")
WATCH_SECONDS = 1.0
WATCH_LIMIT = 900  # stop polling after ~15 minutes; a reload starts again


class DashboardState(rx.State):
    items: list[dict[str, str]] = []
    next_cursor: str = ""
    search: str = ""
    status_filter: str = ""
    sort: str = "updated"
    selected: list[str] = []
    total_words: int = 0
    total_tasks: int = 0
    by_status: dict[str, int] = {}
    chart: list[dict[str, int | str]] = []
    loaded: bool = False
    error: str = ""
    _watching: bool = False

    def _fetch(self, *, more: bool = False) -> None:
        ctx = auth_context(self)
        if ctx is None:
            self.items, self.loaded = [], False
            return
        try:
            with session_scope() as session:
                page = task_service.list_tasks(
                    session=session, owner_id=ctx.user.id, status=self.status_filter or None,
                    search=self.search or None, sort=self.sort, cursor=self.next_cursor if more else None)
                if not more:
                    summary = task_service.summary(session=session, owner_id=ctx.user.id)
                    self.total_words, self.total_tasks = summary.total_words, summary.total_tasks
                    self.by_status = summary.by_status
                    self.chart = [{"day": d.isoformat(), "words": w} for d, w in summary.words_per_day]
        except ServiceError as exc:
            self.error = exc.code
            return
        today = utcnow().date()
        rows = [_row(task, today) for task in page.items]
        self.items = self.items + rows if more else rows
        self.next_cursor = page.next_cursor or ""
        self.loaded, self.error = True, ""

    def _pending_ids(self) -> list[int]:
        return [int(i["id"]) for i in self.items if i["status"] in PENDING]

    @rx.event
    def load(self):
        if auth_context(self) is None:
            return login_redirect(self)
        self.selected = []
        self._fetch()
        return DashboardState.watch if self._pending_ids() else None

    @rx.event(background=True)
    async def watch(self):
        """While pieces are queued or processing, refresh their badges: no reload needed."""
        async with self:
            if self._watching:
                return
            self._watching = True
        try:
            for _ in range(WATCH_LIMIT):
                await asyncio.sleep(WATCH_SECONDS)
                async with self:
                    ctx, ids = auth_context(self), self._pending_ids()
                if ctx is None or not ids:
                    return
                with session_scope() as session:
                    fresh = {t.id: t for t in processing.progress_of(session=session, owner_id=ctx.user.id,
                                                                     task_ids=ids)}
                    summary = task_service.summary(session=session, owner_id=ctx.user.id)
                today = utcnow().date()
                async with self:
                    self.items = [_row(fresh[int(i["id"])], today) if int(i["id"]) in fresh else i
                                  for i in self.items]
                    self.by_status, self.total_words = summary.by_status, summary.total_words
        finally:
            async with self:
                self._watching = False

    @rx.event
    def retry(self, task_id: str):
        self.selected = [task_id]
        return DashboardState.analyse_selected

    @rx.event
    def analyse_selected(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        ids = [int(i) for i in self.selected if i.isdigit()]
        try:
            with session_scope() as session:
                processing.request_analysis(session=session, owner_id=ctx.user.id, task_ids=ids)
        except ServiceError as exc:
            self.error = exc.code
            return None
        self.selected = []
        self._fetch()
        return DashboardState.watch

    @rx.event
    def set_search(self, value: str):
        self.search = (value or "")[:200]
        self._fetch()

    @rx.event
    def set_status_filter(self, value: str):
        self.status_filter = value if value in STATUSES else ""
        self._fetch()

    @rx.event
    def set_sort(self, value: str):
        self.sort = value if value in SORTS else "updated"
        self._fetch()

    @rx.event
    def load_more(self):
        if self.next_cursor:
            self._fetch(more=True)

    @rx.event
    def toggle_selected(self, task_id: str, checked: bool):
        chosen = set(self.selected)
        chosen.add(task_id) if checked else chosen.discard(task_id)
        self.selected = sorted(chosen)

    @rx.event
    def delete_selected(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        ids = [int(i) for i in self.selected if i.isdigit()]
        with session_scope() as session:
            task_service.delete_tasks(session=session, owner_id=ctx.user.id, task_ids=ids)
        self.selected = []
        self._fetch()
        return None

    @rx.event
    def new_task(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        with session_scope() as session:
            task = task_service.create_task(session=session, owner_id=ctx.user.id)
        return rx.redirect(f"/tasks/{task.id}")


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


def _chart() -> rx.Component:
    return card(
        rx.text(t("dashboard.words_per_day"), size="2", weight="medium"),
        rx.recharts.bar_chart(
            rx.recharts.bar(data_key="words", fill="var(--accent-9)", radius=[3, 3, 0, 0]),
            rx.recharts.x_axis(data_key="day", tick_formatter=DAY_TICK_FORMATTER, interval="preserveStartEnd",
                               font_size=11, reversed=I18nState.is_fa),
            rx.recharts.y_axis(width=40, font_size=11, orientation=rx.cond(I18nState.is_fa, "right", "left")),
            rx.recharts.graphing_tooltip(),
            data=DashboardState.chart,
            height=180,
            width="100%",
        ),
        id="words-chart",
    )


def _controls() -> rx.Component:
    return rx.hstack(
        rx.debounce_input(rx.input(placeholder=t("dashboard.search"), value=DashboardState.search,
                                   on_change=DashboardState.set_search, id="task-search", size="2",
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
                      size="2", on_click=DashboardState.delete_selected, id="delete-selected"),
        ),
        width="100%",
        wrap="wrap",
        spacing="2",
    )


def _task_row(task: dict) -> rx.Component:
    return rx.hstack(
        rx.checkbox(checked=DashboardState.selected.contains(task["id"]),
                    on_change=lambda checked: DashboardState.toggle_selected(task["id"], checked),
                    aria_label=t("dashboard.select")),
        rx.vstack(
            rx.link(rx.cond(task["title"] != "", task["title"], t("dashboard.untitled")),
                    href="/tasks/" + task["id"], weight="medium", class_name="task-link clip-line"),
            rx.hstack(
                rx.text(local_number(task["words"]), rx.cond(task["goal"] != "0", " / " + local_number(task["goal"]), ""),
                        " ", t("dashboard.words"), size="1", color_scheme="gray"),
                rx.text(t("dashboard.edited"), " ", local_date(task["updated"], with_time=True), size="1",
                        color_scheme="gray"),
                rx.cond(task["due"] != "", rx.text(t("dashboard.due"), " ", local_date(task["due"]), size="1",
                                                  color=rx.cond(task["overdue"] != "", "var(--red-11)", "var(--gray-11)"),
                                                  weight=rx.cond(task["overdue"] != "", "bold", "regular"),
                                                  class_name=rx.cond(task["overdue"] != "", "overdue", ""))),
                spacing="3",
                wrap="wrap",
            ),
            spacing="1",
            flex="1",
            min_width="0",
        ),
        rx.badge(I18nState.t["status." + task["status"]],
                 rx.cond(task["status"] == "processing", " " + local_number(task["progress"]) + "%", ""),
                 color_scheme=rx.match(task["status"], ("analyzed", "green"), ("failed", "red"),
                                       ("processing", "amber"), ("queued", "blue"), "gray"),
                 title=rx.cond(task["failure"] != "", I18nState.t[task["failure"]], ""),
                 class_name="status-badge", custom_attrs={"data-status": task["status"]}),
        rx.cond(task["status"] == "failed",
                rx.icon_button(rx.icon("rotate-ccw", size=14), size="1", variant="soft", color_scheme="red",
                               on_click=DashboardState.retry(task["id"]), aria_label=t("dashboard.retry"),
                               title=t("dashboard.retry"), class_name="retry-task")),
        align="center",
        width="100%",
        padding_y="0.65rem",
        border_bottom="1px solid var(--gray-a4)",
        class_name="task-row",
    )


def _empty_state() -> rx.Component:
    return rx.vstack(
        rx.icon("notebook-pen", size=40, color="var(--accent-9)"),
        rx.heading(rx.cond(DashboardState.search != "", t("dashboard.no_match"), t("dashboard.empty_title")), size="5"),
        rx.text(t("dashboard.empty_body"), color_scheme="gray", text_align="center"),
        align="center",
        spacing="3",
        padding_y="2.5rem",
        width="100%",
        id="dashboard-empty",
    )


def dashboard_page() -> rx.Component:
    return frame(
        protected(
            rx.vstack(
                rx.hstack(
                    rx.vstack(
                        rx.heading(t("dashboard.title"), size="7", id="dashboard-title"),
                        rx.text(I18nState.t["dashboard.welcome"].replace("{name}", AuthState.display_name),
                                color_scheme="gray", id="dashboard-welcome"),
                        spacing="1",
                    ),
                    rx.spacer(),
                    rx.button(rx.icon("plus", size=16), t("dashboard.new_piece"), on_click=DashboardState.new_task,
                              size="3", id="new-task"),
                    align="center",
                    width="100%",
                ),
                _summary(),
                rx.grid(_chart(), upload_card(), columns=rx.breakpoints(initial="1", md="3fr 2fr"),
                        spacing="4", width="100%"),
                card(
                    _controls(),
                    rx.cond(
                        DashboardState.loaded & (DashboardState.items.length() == 0),
                        _empty_state(),
                        rx.vstack(rx.foreach(DashboardState.items, _task_row), spacing="0", width="100%",
                                  id="task-list"),
                    ),
                    rx.cond(DashboardState.next_cursor != "",
                            rx.button(t("dashboard.load_more"), on_click=DashboardState.load_more, variant="soft",
                                      margin_top="0.75rem", id="load-more")),
                ),
                spacing="4",
                width="100%",
            )
        )
    )
