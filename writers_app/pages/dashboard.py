"""/dashboard: the writer's own pieces (the shell; the workspace issue fills it out)."""

from __future__ import annotations

import reflex as rx

from writers_app.components.layout import card, frame, protected
from writers_app.db import session_scope
from writers_app.services import tasks as task_service
from writers_app.state.auth import AuthState, auth_context
from writers_app.state.i18n import I18nState, t


class DashboardState(rx.State):
    tasks: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            self.tasks, self.loaded = [], False
            return
        with session_scope() as session:
            rows = task_service.list_recent_tasks(session=session, owner_id=ctx.user.id)
        self.tasks = [
            {"id": str(r.id), "title": r.title, "status": r.status, "words": str(r.word_count)}
            for r in rows
        ]
        self.loaded = True


def _empty_state() -> rx.Component:
    return card(
        rx.vstack(
            rx.icon("notebook-pen", size=40, color="var(--accent-9)"),
            rx.heading(t("dashboard.empty_title"), size="5"),
            rx.text(t("dashboard.empty_body"), color_scheme="gray", text_align="center"),
            align="center",
            spacing="3",
            padding_y="2.5rem",
        ),
        id="dashboard-empty",
    )


def _task_row(task: dict) -> rx.Component:
    return card(
        rx.hstack(
            rx.text(task["title"], weight="medium"),
            rx.spacer(),
            rx.badge(I18nState.t["status." + task["status"]]),
            rx.text(task["words"], " ", t("dashboard.words"), color_scheme="gray", size="2"),
            align="center",
            width="100%",
        ),
    )


def dashboard_page() -> rx.Component:
    return frame(
        protected(
            rx.vstack(
                rx.heading(t("dashboard.title"), size="7", id="dashboard-title"),
                rx.text(I18nState.t["dashboard.welcome"].replace("{name}", AuthState.display_name),
                        color_scheme="gray", id="dashboard-welcome"),
                rx.cond(
                    DashboardState.loaded & (DashboardState.tasks.length() == 0),
                    _empty_state(),
                    rx.vstack(rx.foreach(DashboardState.tasks, _task_row), width="100%"),
                ),
                spacing="4",
                width="100%",
            )
        )
    )
