"""The editor's analysis panel: request an analysis, watch it move, read the results, and apply
Persian typography suggestions as ordinary (undoable, autosaved) edits in the editor."""

from __future__ import annotations

import asyncio
import uuid

import reflex as rx

from writers_app.components.dates import local_number
from writers_app.db import session_scope
from writers_app.pages.editor.analysis_rows import FindingRow, FixRow, NoteRow, StatRow, display_rows
from writers_app.pages.editor.state import EditorState
from writers_app.services import documents, processing, revisions
from writers_app.services import tasks as task_service
from writers_app.services.errors import ServiceError
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import I18nState, t

POLL_SECONDS = 0.5
POLL_LIMIT = 1200  # ten minutes of watching; a reload starts again
ZWNJ = "\u200c"  # the half-space, invisible unless the fix rows draw it


class AnalysisState(rx.State):
    status: str = ""
    stage: str = ""
    progress: int = 0
    failure: str = ""
    has_result: bool = False
    stale: bool = False
    analysed_revision: int = 0  # the body revision the shown analysis read
    stats: list[StatRow] = []
    findings: list[FindingRow] = []
    fixes: list[FixRow] = []
    command: dict[str, object] = {}
    highlights: list[dict[str, object]] = []
    show_highlights: bool = True
    _fix_targets: list[dict] = []
    _watching: bool = False

    async def _task_id(self) -> int:
        return (await self.get_state(EditorState)).task

    @rx.event
    async def load(self):
        ctx, task_id = auth_context(self), await self._task_id()
        if ctx is None or not task_id:
            return None
        self.command = {}  # a fix asked for on an earlier visit must never be replayed
        self._refresh(ctx.user.id, task_id)
        return AnalysisState.watch if self.status in ("queued", "processing") else None

    def _refresh(self, owner_id: int, task_id: int) -> None:
        with session_scope() as session:
            task = task_service.get_task(session=session, owner_id=owner_id, task_id=task_id)
            analysis = processing.get_analysis(session=session, owner_id=owner_id, task_id=task_id)
            self.status, self.stage, self.progress, self.failure = (task.status, task.stage, task.progress,
                                                                    task.failure_reason)
            self.has_result = analysis is not None
            if analysis is None:
                self.stats, self.findings, self.fixes, self._fix_targets, self.highlights = [], [], [], [], []
                return
            self.stale = processing.analysis_is_stale(session=session, owner_id=owner_id, task_id=task.id,
                                                      analysis=analysis)  # text or typography options changed
            self.analysed_revision = analysis.revision
            document = documents.load_document(task.id, task.revision, task.body_html)
        shown = display_rows(analysis.result, text=document.text, block_texts=document.texts, stale=self.stale)
        self.stats, self.findings, self.highlights = shown.stats, shown.findings, shown.highlights
        self.fixes, self._fix_targets = shown.fixes, shown.targets

    @rx.event
    async def request(self):
        ctx, task_id = auth_context(self), await self._task_id()
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                processing.request_analysis(session=session, owner_id=ctx.user.id, task_ids=[task_id])
        except ServiceError:
            return None
        self.status, self.progress, self.stage, self.failure = "queued", 0, "", ""
        return AnalysisState.watch

    @rx.event(background=True)
    async def watch(self):
        """Poll the task's progress until it is analysed or failed; the bar moves live."""
        async with self:
            if self._watching:
                return
            self._watching = True
            ctx, task_id = auth_context(self), await self._task_id()
        try:
            for _ in range(POLL_LIMIT):
                if ctx is None:
                    return
                await asyncio.sleep(POLL_SECONDS)
                async with self:
                    self._refresh(ctx.user.id, task_id)
                    if self.status not in ("queued", "processing"):
                        return
        finally:
            async with self:
                self._watching = False

    @rx.event
    def apply_fix(self, index: str):
        if auth_context(self) is None:
            return login_redirect(self)
        if index.isdigit() and int(index) < len(self._fix_targets):
            self.command = {"id": uuid.uuid4().hex, "fixes": [self._fix_targets[int(index)]]}
            self.fixes = [f for f in self.fixes if f.index != int(index)]
            self.stale = True  # the text is changing under the analysis
        return None

    @rx.event
    def toggle_highlights(self, value: bool):
        self.show_highlights = bool(value)

    @rx.event
    async def fix_all(self):
        ctx, task_id = auth_context(self), await self._task_id()
        if ctx is None:
            return login_redirect(self)
        try:  # the text as it is, kept first: "fix all" can be undone from the history
            with session_scope() as session:
                revisions.keep_before_fixes(session=session, owner_id=ctx.user.id, task_id=task_id)
        except ServiceError:
            return None
        self.command = {"id": uuid.uuid4().hex, "fixes": list(self._fix_targets)}
        self.fixes, self.stale = [], True
        return None


def stale_now() -> rx.Var:
    """The text changed since the analysis: known at load, or seen live in the editor's save
    acknowledgements (each carries the revision it made; revisions only grow)."""
    return AnalysisState.stale | (EditorState.ack["revision"].to(int) > AnalysisState.analysed_revision)


def _stat_value(row: StatRow) -> rx.Var:
    return rx.cond(
        row.key == "analysis.ui.keywords", row.value,
        rx.cond(row.value_key != "",
                t(row.value_key).replace("{n}", local_number(row.value)).replace("{h}", local_number(row.hours)),
                local_number(row.value)))


def _stat(row: StatRow) -> rx.Component:
    return rx.cond(
        row.heading,
        rx.text(t(row.key), size="2", weight="bold", margin_top="0.5rem", class_name="stat-heading"),
        rx.hstack(rx.text(t(row.key), size="1", color_scheme="gray"), rx.spacer(),
                  rx.text(_stat_value(row), size="2", weight="medium", dir="auto", text_align="end",
                          class_name="stat-value"),
                  width="100%", class_name="stat-row"),
    )


def _note(note: NoteRow) -> rx.Component:
    return rx.text(rx.el.strong(rx.cond(I18nState.is_fa, note.title_fa, note.title_en), class_name="check-title"),
                   " ", rx.cond(I18nState.is_fa, note.fa, note.en), size="2", class_name="note")


def _finding(row: FindingRow) -> rx.Component:
    # One entry per sentence: its words once, then every note on it.
    return rx.box(
        rx.cond(row.snippet != "", rx.text("«", rx.el.bdi(row.snippet), "»", size="1", color_scheme="gray",
                                           class_name="finding-snippet", custom_attrs={"data-user-content": ""})),
        rx.vstack(rx.foreach(row.notes, _note), spacing="1", width="100%"),
        padding_y="0.45rem", border_bottom="1px solid var(--gray-a4)", width="100%", class_name="finding",
    )


def zwnj_visible(text: rx.Var) -> rx.Component:
    """`text` with each half-space (ZWNJ) drawn as a small dotted mark: a change of one is seen."""
    return rx.foreach(text.split(ZWNJ), lambda piece, i: rx.fragment(rx.cond(i > 0, rx.el.span(
        "\u00a6", class_name="zwnj-mark", title=t("analysis.ui.zwnj"), custom_attrs={"data-zwnj": ""})), piece))


def _side(text: rx.Var, kind: str) -> rx.Component:
    """One side of a fix, isolated (its own direction), with ZWNJs visible."""
    return rx.el.bdi(zwnj_visible(text), class_name=f"fix-side fix-{kind}", dir="auto",
                     custom_attrs={"data-user-content": ""})


def _fix(row: FixRow) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(rx.cond(I18nState.is_fa, row.fa, row.en), size="1", color_scheme="gray"),
            # Reading order of the page: in Persian the original is on the right and the arrow
            # points left, to the fix; in English the other way round.
            rx.text(_side(row.original, "before"),
                    rx.el.span(rx.cond(I18nState.is_fa, "\u2190", "\u2192"), class_name="fix-arrow",
                               aria_hidden="true"),
                    _side(row.replacement, "after"), size="2", class_name="fix-change"),
            spacing="0", flex="1", min_width="0",
        ),
        rx.button(t("analysis.ui.apply"), size="1", variant="soft", on_click=AnalysisState.apply_fix(row.index.to_string()),
                  class_name="apply-fix"),
        align="center", width="100%", padding_y="0.3rem", class_name="fix-row",
    )


def analysis_panel() -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.heading(t("analysis.ui.title"), size="4"),
            rx.spacer(),
            rx.button(rx.icon("sparkles", size=14), t("analysis.ui.run"), size="2", on_click=AnalysisState.request,
                      loading=AnalysisState.status.contains("ing") | (AnalysisState.status == "queued"), id="run-analysis"),
            align="center", width="100%",
        ),
        rx.cond(
            (AnalysisState.status == "queued") | (AnalysisState.status == "processing"),
            rx.vstack(
                rx.progress(value=AnalysisState.progress, max=100, id="analysis-progress",
                            custom_attrs={"data-progress": AnalysisState.progress.to_string()}),
                rx.text(rx.cond(AnalysisState.stage != "", t("stage." + AnalysisState.stage),
                                t("status.queued")), " ", local_number(AnalysisState.progress), "%", size="1",
                        color_scheme="gray"),
                width="100%", margin_top="0.75rem",
            ),
        ),
        rx.cond(AnalysisState.status == "failed",
                rx.callout(t(AnalysisState.failure), color_scheme="red", icon="triangle_alert",
                           margin_top="0.75rem", id="analysis-failed")),
        rx.cond(stale_now() & AnalysisState.has_result,
                rx.callout(t("analysis.ui.stale"), icon="history", color_scheme="amber", size="1",
                           margin_top="0.5rem", id="analysis-stale", role="status")),
        rx.cond(
            AnalysisState.has_result,
            rx.vstack(
                rx.cond(AnalysisState.highlights.length() > 0, rx.vstack(
                    rx.hstack(rx.switch(checked=AnalysisState.show_highlights, on_change=AnalysisState.toggle_highlights,
                                        id="toggle-highlights"),
                              rx.text(t("analysis.ui.highlight"), size="2"), align="center"),
                    rx.hstack(*[rx.el.span(t(f"analysis.ui.hl_{k}"), class_name=f"hl-legend hl-{k}")
                                for k in ("very-hard", "hard", "passive", "adverb")], wrap="wrap", spacing="2"),
                    width="100%")),
                rx.vstack(rx.foreach(AnalysisState.stats, _stat), spacing="1", width="100%", id="analysis-stats"),
                rx.cond(AnalysisState.fixes.length() > 0, rx.vstack(
                    rx.hstack(rx.text(t("analysis.ui.typography"), weight="medium", size="2"), rx.spacer(),
                              rx.button(t("analysis.ui.fix_all"), size="1", on_click=AnalysisState.fix_all,
                                        id="fix-all"), width="100%", align="center"),
                    rx.vstack(rx.foreach(AnalysisState.fixes, _fix), spacing="0", width="100%"),
                    width="100%", id="typography-fixes")),
                rx.cond(AnalysisState.findings.length() > 0, rx.vstack(
                    rx.text(t("analysis.ui.notes"), weight="medium", size="2"),
                    rx.vstack(rx.foreach(AnalysisState.findings, _finding), spacing="0", width="100%"),
                    width="100%", id="analysis-findings")),
                spacing="4", width="100%", margin_top="0.75rem", id="analysis-result",
            ),
            rx.cond(AnalysisState.status == "draft",
                    rx.text(t("analysis.ui.empty"), size="2", color_scheme="gray", margin_top="0.5rem")),
        ),
        width="100%",
        id="analysis-panel",
    )
