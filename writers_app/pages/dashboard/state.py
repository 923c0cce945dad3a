"""The dashboard's state: search, filter, sort, keyset pages, summary, chart and selection."""

from __future__ import annotations

import asyncio

import reflex as rx

from writers_app import routes
from writers_app.core.ids import parse_id
from writers_app.core.security import utcnow
from writers_app.db import session_scope
from writers_app.models import TaskStatus
from writers_app.pages.dashboard.chart_rows import ChartView, chart_rows
from writers_app.pages.dashboard.rows import TaskRow, task_row
from writers_app.services import processing, writing_stats
from writers_app.services import reads
from writers_app.services import search as search_service
from writers_app.services import tasks as task_service
from writers_app.services import trash as trash_service
from writers_app.services.errors import ServiceError
from writers_app.state.auth import auth_context, login_redirect

STATUSES = [s.value for s in TaskStatus]
SORTS = ["updated", "created", "title", "words"]
PENDING = ("queued", "processing")
WATCH_SECONDS = 1.0
WATCH_LIMIT = 900  # stop polling after ~15 minutes; a reload starts again


def _pending_ids(items: list[TaskRow]) -> list[int]:
    return [i.id for i in items if i.status in PENDING]


class DashboardState(rx.State):
    items: list[TaskRow] = []
    next_cursor: str = ""
    search: str = ""
    status_filter: str = ""
    sort: str = "updated"
    selected: list[str] = []
    total_words: int = 0
    total_tasks: int = 0
    by_status: dict[str, int] = {}
    chart: ChartView = ChartView()  # the words-per-day chart, drawn as SVG (chart.py)
    loaded: bool = False
    error: str = ""
    _watching: bool = False
    _trashed: list[int] = []  # what delete_selected moved to the trash (offered back: trash_actions.py)

    def _fetch(self, *, more: bool = False) -> None:
        ctx = auth_context(self)
        if ctx is None:
            self.items, self.loaded = [], False
            return
        try:
            with reads.read_session(ctx.user.id) as session:  # a replica when one is set
                page = search_service.list_tasks(
                    session=session, owner_id=ctx.user.id, status=self.status_filter or None,
                    search=self.search or None, sort=self.sort, cursor=self.next_cursor if more else None)
                analysed = processing.analysed_revisions(session=session, owner_id=ctx.user.id,
                                                         task_ids=[t.id for t in page.items])
                if not more:
                    summary = writing_stats.summary(session=session, owner_id=ctx.user.id)
                    self.total_words, self.total_tasks = summary.total_words, summary.total_tasks
                    self.by_status = summary.by_status
                    if (chart := chart_rows(summary.words_per_day)) != self.chart:  # ~8 KB: not resent per search
                        self.chart = chart
        except ServiceError as exc:
            self.error = exc.code
            return
        today = utcnow().date()
        rows = [task_row(task, today, analysed.get(task.id)) for task in page.items]
        self.items = self.items + rows if more else rows
        self.next_cursor = page.next_cursor or ""
        self.loaded, self.error = True, ""

    @rx.event
    def load(self):
        if auth_context(self) is None:
            return login_redirect(self)
        self.selected = []
        self._fetch()
        return DashboardState.watch if _pending_ids(self.items) else None

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
                    ctx, ids = auth_context(self), _pending_ids(self.items)
                if ctx is None or not ids:
                    return
                with session_scope() as session:
                    fresh = {t.id: t for t in processing.progress_of(session=session, owner_id=ctx.user.id,
                                                                     task_ids=ids)}
                    summary = writing_stats.summary(session=session, owner_id=ctx.user.id)
                today = utcnow().date()
                async with self:
                    self.items = [task_row(fresh[i.id], today) if i.id in fresh else i for i in self.items]
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
        ids = [i for i in map(parse_id, self.selected) if i is not None]  # any text a tab sends
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
    def clear_search(self):
        self.search = ""
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
        if parse_id(task_id) is None:
            return  # no piece has that id (a hand-made event): nothing to select
        chosen = set(self.selected)
        self.selected = sorted(chosen | {str(task_id)} if checked else chosen - {str(task_id)})

    @rx.event
    def delete_selected(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        ids = [i for i in map(parse_id, self.selected) if i is not None]  # any text a tab sends
        with session_scope() as session:
            self._trashed = trash_service.trash_tasks(session=session, owner_id=ctx.user.id, task_ids=ids)
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
        return rx.redirect(routes.editor_url(task.id))
