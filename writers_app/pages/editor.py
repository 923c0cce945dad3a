"""/tasks/[task_id]: the editor. The body travels over HTTP (load) and as block deltas (save);
this state holds only small things: the title, the goal and the last save acknowledgement."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx

from writers_app.components.editor import writers_editor
from writers_app.components.layout import frame, protected
from writers_app.components.not_found import not_found_panel
from writers_app.pages.analysis_panel import AnalysisState, analysis_panel
from writers_app.pages.revisions import RevisionsState, revisions_dialog
from writers_app.db import session_scope
from writers_app.services import tasks as task_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import I18nState, t

log = logging.getLogger(__name__)


def _int(value: Any, *, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError("error.bad_input")
    return value


class EditorState(rx.State):
    task: int = 0
    found: bool = True
    title: str = ""
    word_goal: int = 0
    due_date: str = ""
    ack: dict[str, Any] = {}
    error: str = ""

    def _route_task_id(self) -> int:
        raw = self.router._page.params.get("task_id", "")  # the dynamic segment of /tasks/[task_id]
        return int(raw) if str(raw).isdigit() else 0

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self.ack, self.error = {}, ""
        try:
            with session_scope() as session:
                task = task_service.get_task(session=session, owner_id=ctx.user.id, task_id=self._route_task_id())
        except NotFound:
            self.found, self.task = False, 0
            return None
        self.found, self.task = True, task.id
        self.title, self.word_goal = task.title, task.word_goal or 0
        self.due_date = task.due_date.isoformat() if task.due_date else ""
        return None

    @rx.event(background=True)
    async def save(self, payload: dict):
        """Apply one save from the editor and acknowledge it (numbers only, never the text)."""
        async with self:
            ctx = auth_context(self)
        save_id = str(payload.get("save_id", ""))[:36]
        if ctx is None:
            async with self:
                self.ack = {"save_id": save_id, "error": "auth.session_expired"}
            return

        def work() -> task_service.SaveResult:
            blocks = payload.get("blocks")
            if not isinstance(blocks, list) or not all(isinstance(b, str) for b in blocks):
                raise ServiceError("error.bad_input")
            with session_scope() as session:
                return task_service.save_blocks(
                    session=session, owner_id=ctx.user.id, task_id=_int(payload.get("task_id")),
                    base_revision=_int(payload.get("base_revision")), start=_int(payload.get("start")),
                    delete_count=_int(payload.get("delete_count"), allow_none=True), blocks=blocks,
                    blocks_before=_int(payload.get("blocks_before"), allow_none=True),
                    blocks_after=_int(payload.get("blocks_after"), allow_none=True),
                    explicit=bool(payload.get("explicit")), save_id=save_id,
                )

        try:
            result = await asyncio.to_thread(work)
            ack = {"save_id": save_id, "revision": result.revision, "words": result.word_count, "error": ""}
        except ServiceError as exc:
            ack = {"save_id": save_id, "error": exc.code}
            if exc.code == "editor.conflict":
                with session_scope() as session:
                    try:
                        current = task_service.get_task(session=session, owner_id=ctx.user.id,
                                                        task_id=_int(payload.get("task_id")))
                        ack["revision"] = current.revision
                    except ServiceError:
                        pass
        except Exception:
            log.exception("save failed", extra={"user_id": ctx.user.id})
            ack = {"save_id": save_id, "error": "error.server"}
        async with self:
            self.ack = ack

    @rx.event
    def rename(self, value: str):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                task = task_service.update_details(session=session, owner_id=ctx.user.id, task_id=self.task,
                                                   title=value)
        except NotFound:
            self.found = False
            return None
        self.title = task.title
        return None

    @rx.event
    def set_goal(self, value: str):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        value = (value or "").strip()
        try:
            goal = int(value) if value else None
            with session_scope() as session:
                task = task_service.update_details(session=session, owner_id=ctx.user.id, task_id=self.task,
                                                   word_goal=goal, clear_goal=goal is None)
        except NotFound:
            self.found = False
            return None
        except (ValueError, ServiceError):
            self.error = "task.goal_invalid"
            return None
        self.error, self.word_goal = "", task.word_goal or 0
        return None


    @rx.event
    def set_due(self, value: str):
        from datetime import date

        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            due = date.fromisoformat(value) if value else None
            with session_scope() as session:
                task = task_service.update_details(session=session, owner_id=ctx.user.id, task_id=self.task,
                                                   due_date=due, clear_due=due is None)
        except NotFound:
            self.found = False
            return None
        except (ValueError, ServiceError):
            self.error = "task.due_invalid"
            return None
        self.error, self.due_date = "", task.due_date.isoformat() if task.due_date else ""
        return None


def _details() -> rx.Component:
    return rx.hstack(
        rx.input(default_value=EditorState.title, on_blur=EditorState.rename, placeholder=t("editor.title_placeholder"),
                 aria_label=t("editor.title_label"), id="task-title", size="3", flex="1", min_width="12rem",
                 max_length=300, key=EditorState.task.to_string() + "-title", font_weight="600"),
        rx.input(default_value=rx.cond(EditorState.word_goal > 0, EditorState.word_goal.to_string(), ""),
                 on_blur=EditorState.set_goal, placeholder=t("editor.word_goal"), aria_label=t("editor.word_goal"),
                 type="number", min=1, id="word-goal", size="3", width="9rem",
                 key=EditorState.task.to_string() + "-goal"),
        rx.input(default_value=EditorState.due_date, on_blur=EditorState.set_due, type="date",
                 aria_label=t("editor.due_date"), title=t("editor.due_date"), id="due-date", size="3",
                 width="11rem", key=EditorState.task.to_string() + "-due"),
        rx.button(rx.icon("history", size=16), t("editor.history"), variant="soft", size="3",
                  on_click=RevisionsState.show, id="open-history"),
        width="100%",
        wrap="wrap",
        spacing="3",
    )


def _exports() -> rx.Component:
    # Reflex renders anchors as React Router links; `reloadDocument` makes the browser really
    # request the URL, whose attachment answer it then downloads.
    return rx.hstack(
        rx.icon("download", size=14, color="var(--gray-10)"),
        rx.text(t("editor.export"), size="1", color_scheme="gray"),
        *[rx.el.a(label, href=f"/api/editor/tasks/{EditorState.task}/export/{fmt}", download="",
                  id=f"export-{fmt}", class_name="export-link", custom_attrs={"reloadDocument": True})
          for fmt, label in (("md", "Markdown"), ("docx", "Word"), ("html", "HTML"), ("txt", t("editor.export_text")))],
        align="center", spacing="2", wrap="wrap",
    )


def editor_page() -> rx.Component:
    return frame(
        protected(
            rx.cond(
                EditorState.found,
                rx.cond(
                    EditorState.task > 0,
                    rx.vstack(
                        rx.link(t("editor.back"), href="/dashboard", size="2"),
                        _details(),
                        rx.grid(rx.vstack(
                        rx.cond(EditorState.error != "",
                                rx.callout(I18nState.t[EditorState.error], color_scheme="red", icon="triangle_alert")),
                        rx.cond(RevisionsState.restored & (RevisionsState.task == EditorState.task),
                                rx.callout(I18nState.t["revisions.restored"], color_scheme="green",
                                           icon="circle_check", id="revision-restored", role="status")),
                        writers_editor(
                            task_id=EditorState.task, load_url=f"/api/editor/tasks/{EditorState.task}/body",
                            ack=EditorState.ack, labels=I18nState.t, lang=I18nState.lang, word_goal=EditorState.word_goal,
                            command=AnalysisState.command,
                            highlights=rx.cond(AnalysisState.show_highlights, AnalysisState.highlights, []),
                            on_save=EditorState.save,
                            key=EditorState.task.to_string() + "-" + RevisionsState.reload_seq.to_string(),
                        ),
                        _exports(),
                        spacing="3", min_width="0"),
                        # Beside the editor on wide screens, below it on phones.
                        analysis_panel(),
                        columns=rx.breakpoints(initial="1", lg="minmax(0, 2fr) minmax(18rem, 1fr)"),
                        spacing="4", width="100%", align_items="start"),
                        revisions_dialog(),
                        spacing="3",
                        width="100%",
                    ),
                ),
                not_found_panel(),
            )
        ),
        max_width="1320px",
    )
