"""/admin/jobs: queue depth, jobs in progress, failures with reason and traceback, retries,
the sweeper's last run and the workers' heartbeats."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.admin_nav import admin_nav
from writers_app.components.dates import local_date, local_number
from writers_app.components.layout import card, frame
from writers_app.components.not_found import not_found_panel
from writers_app.components.pages import page
from writers_app.core.ids import parse_id
from writers_app.db import session_scope
from writers_app.pages.admin.rows import QueueRow, TaskRow, WorkerRow, task_row, worker_row
from writers_app.services import admin as admin_service
from writers_app.state.admin import REFUSED_OR_BAD_ID, AdminPageState
from writers_app.state.i18n import t


class AdminJobsState(AdminPageState, rx.State):
    queues: list[QueueRow] = []
    processing_tasks: list[TaskRow] = []
    failed: list[TaskRow] = []
    workers: list[WorkerRow] = []
    sweeper_at: str = ""
    sweeper_resent: str = ""

    def _clear(self) -> None:
        self.queues, self.processing_tasks, self.failed, self.workers = [], [], [], []

    def _reload(self) -> None:
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                view = admin_service.jobs_overview(session=session, actor=actor)
            self.queues = [QueueRow(name=k, depth=v) for k, v in view.queue_depth.items()]
            self.processing_tasks = [task_row(x) for x in view.processing]
            self.failed = [task_row(x) for x in view.failed]
            self.workers = [worker_row(w) for w in view.workers]
            self.sweeper_at = view.sweeper_seen_at.isoformat() if view.sweeper_seen_at else ""
            self.sweeper_resent = str(view.sweeper_detail.get("resent", ""))

        self._show(work)

    def _refresh(self) -> None:
        self._reload()

    def _retry(self, ids_for) -> None:  # noqa: ANN001
        def work(actor) -> None:  # noqa: ANN001
            with session_scope() as session:
                admin_service.requeue(session=session, actor=actor, task_ids=ids_for(session, actor),
                                      ip=self.router.session.client_ip)

        if self._as_admin(work, refused=REFUSED_OR_BAD_ID):
            self._reload()

    @rx.event
    def retry(self, task_id: str):
        if (task := parse_id(task_id)) is None:
            return self._bad_id()
        self._retry(lambda session, actor: [task])
        return None

    @rx.event
    def retry_all(self):
        self._retry(lambda session, actor: admin_service.failed_task_ids(session=session, actor=actor))

    @rx.event
    def refresh(self):
        self._reload()


def _failed_row(task: TaskRow) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(rx.cond(task.title != "", task.title, t("dashboard.untitled")), weight="medium", dir="auto",
                    custom_attrs={"data-user-content": ""}),
            rx.text(task.owner, dir="ltr", size="1", color_scheme="gray", custom_attrs={"data-user-content": ""}),
            rx.spacer(),
            rx.button(t("dashboard.retry"), size="1", variant="soft", on_click=AdminJobsState.retry(task.id.to_string()),
                      class_name="retry-job"),
            width="100%", align="center", wrap="wrap",
        ),
        rx.text(t(task.reason), size="2", color_scheme="red"),
        rx.cond(task.detail != "", rx.el.details(rx.el.summary(t("admin.traceback")),
                                                    rx.el.pre(task.detail, class_name="traceback", dir="ltr"))),
        padding_y="0.5rem", border_bottom="1px solid var(--gray-a4)", class_name="failed-job", width="100%",
    )


@page(routes.ADMIN_JOBS, access="admins", on_load=AdminJobsState.load)
def admin_jobs_page() -> rx.Component:
    return frame(rx.cond(AdminJobsState.checked, rx.cond(
        AdminJobsState.allowed,
        rx.vstack(
            rx.hstack(rx.heading(t("admin.jobs"), size="7"), rx.spacer(),
                      rx.button(rx.icon("refresh-cw", size=14), t("webhook.refresh"), variant="soft",
                                on_click=AdminJobsState.refresh), width="100%", align="center"),
            admin_nav(routes.ADMIN_JOBS),
            rx.grid(
                card(rx.text(t("admin.queue_depth"), weight="medium"),
                     rx.foreach(AdminJobsState.queues, lambda q: rx.hstack(rx.code(q.name), rx.spacer(),
                                                                           rx.text(local_number(q.depth)), width="100%")),
                     id="queue-depth"),
                card(rx.text(t("admin.sweeper"), weight="medium"),
                     rx.text(rx.cond(AdminJobsState.sweeper_at != "", local_date(AdminJobsState.sweeper_at, with_time=True),
                                     t("admin.never")), size="2"),
                     rx.text(t("admin.resent"), ": ", local_number(AdminJobsState.sweeper_resent), size="1", color_scheme="gray")),
                card(rx.text(t("admin.workers"), weight="medium"),
                     rx.foreach(AdminJobsState.workers, lambda w: rx.vstack(
                         rx.text(w.name, size="1", dir="ltr", custom_attrs={"data-latin": ""}), rx.text(
                             t("admin.worker_mode." + w.mode), " · ", rx.el.bdi(local_date(w.seen, with_time=True)),
                             size="1", color_scheme="gray", class_name="worker-seen"), spacing="0")),
                     id="worker-heartbeats"),
                columns=rx.breakpoints(initial="1", md="3"), spacing="3", width="100%",
            ),
            card(rx.text(t("admin.in_progress"), weight="medium"),
                 rx.foreach(AdminJobsState.processing_tasks, lambda x: rx.text(x.title, " · ", x.owner, size="2", dir="auto", custom_attrs={"data-user-content": ""}))),
            card(rx.hstack(rx.text(t("admin.failed_jobs"), weight="medium"), rx.spacer(),
                           rx.button(t("admin.retry_all"), size="1", on_click=AdminJobsState.retry_all, id="retry-all"),
                           width="100%"),
                 rx.vstack(rx.foreach(AdminJobsState.failed, _failed_row), spacing="0", width="100%")),
            spacing="4", width="100%", id="admin-jobs",
        ),
        not_found_panel(),
    )))
