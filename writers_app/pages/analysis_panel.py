"""The editor's analysis panel: request an analysis, watch it move, read the results, and apply
Persian typography suggestions as ordinary (undoable, autosaved) edits in the editor."""

from __future__ import annotations

import asyncio
import bisect
import re
import uuid

import reflex as rx

from writers_app.analysis import describe
from writers_app.components.dates import local_number
from writers_app.db import session_scope
from writers_app.services import documents, processing
from writers_app.services import tasks as task_service
from writers_app.services.errors import ServiceError
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import I18nState, t

MAX_FINDINGS = 150
POLL_SECONDS = 0.5
MAX_HIGHLIGHTS = 500
# Checks whose findings are drawn over the text itself, and the colour class of each.
HIGHLIGHTED = {"en.very_hard_sentences": "very-hard", "en.hard_sentences": "hard", "style.long_sentences": "hard",
               "en.passive_voice": "passive", "en.adverbs": "adverb"}


def _both(message: str, params: dict) -> dict[str, str]:
    return {"en": describe(message, params, "en"), "fa": describe(message, params, "fa")}


_SPACE = re.compile(r"\s")


def _word_around(text: str, start: int, end: int, reach: int = 24) -> tuple[str, str]:
    """The rest of the word(s) around a tiny fix, so "ی → ی‌" reads "میخواهم → می‌خواهم"."""
    left = start - 1 if start > 0 and _SPACE.match(text[start - 1]) else start  # a fix after a space
    while left > 0 and start - left < reach and not _SPACE.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and right - end < reach and not _SPACE.match(text[right]):
        right += 1
    return text[left:start], text[end:right]


class AnalysisState(rx.State):
    status: str = ""
    stage: str = ""
    progress: int = 0
    failure: str = ""
    has_result: bool = False
    stale: bool = False
    stats: list[dict[str, str]] = []
    findings: list[dict[str, str]] = []
    fixes: list[dict[str, str]] = []
    command: dict[str, object] = {}
    highlights: list[dict[str, object]] = []
    show_highlights: bool = True
    _fix_targets: list[dict] = []
    _watching: bool = False

    async def _task_id(self) -> int:
        from writers_app.pages.editor import EditorState

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
            self.stale = analysis.revision != task.revision
            document = documents.load_document(task.id, task.revision, task.body_html)
        self._show(analysis.result, document)

    def _show(self, result: dict, document: documents.Document) -> None:
        stats: list[dict[str, str]] = []
        for lang, section in result.get("sections", {}).items():
            s = section["statistics"]
            rows = [("analysis.ui.words", s["words"]), ("analysis.ui.sentences", s["sentences"]),
                    ("analysis.ui.paragraphs", s["paragraphs"]), ("analysis.ui.reading_minutes", s["reading_minutes"]),
                    ("analysis.ui.speaking_minutes", s["speaking_minutes"]),
                    ("analysis.ui.mean_sentence", s["mean_words_per_sentence"]),
                    ("analysis.ui.long_share", round(100 * s["long_sentence_share"]))]
            if section.get("readability"):
                r = section["readability"]
                rows += [("analysis.ui.flesch", r["flesch_reading_ease"]), ("analysis.ui.fk_grade", r["flesch_kincaid_grade"]),
                         ("analysis.ui.ari", r["automated_readability_index"])]
            stats.append({"lang": lang, "key": f"lang.{lang}", "value": "", "heading": "1"})
            stats += [{"lang": lang, "key": k, "value": str(v), "heading": ""} for k, v in rows]
            stats.append({"lang": lang, "key": "analysis.ui.keywords", "heading": "",
                          "value": "، ".join(k["term"] for k in section.get("keywords", [])[:8])})
        text = document.text
        starts, blocks = [], []
        pos = 0
        for index, block_text in enumerate(document.texts):
            if block_text:
                starts.append(pos)
                blocks.append(index)
                pos += len(block_text) + 2
        findings, fixes, targets, highlights = [], [], [], []
        for finding in result.get("findings", []):
            span = finding.get("span")
            kind = HIGHLIGHTED.get(finding["check_id"])
            if kind and span and not self.stale and len(highlights) < MAX_HIGHLIGHTS:
                slot = bisect.bisect_right(starts, span[0]) - 1
                if slot >= 0:
                    highlights.append({"block": blocks[slot], "offset": span[0] - starts[slot],
                                       "length": span[1] - span[0], "kind": kind,
                                       "text": text[span[0]:span[1]][:80]})
            snippet = text[span[0]:span[1]] if span and not self.stale else ""
            messages = _both(finding["message"], finding.get("params") or {})
            if finding.get("replacement") is not None and span and not self.stale:
                slot = bisect.bisect_right(starts, span[0]) - 1
                if slot >= 0:
                    before, after = _word_around(text, span[0], span[1])
                    fixes.append({"i": str(len(fixes)), "original": before + (finding.get("original") or "") + after,
                                  "replacement": before + finding["replacement"] + after, **messages})
                    targets.append({"block": blocks[slot], "offset": span[0] - starts[slot],
                                    "original": finding.get("original") or "", "replacement": finding["replacement"]})
            elif len(findings) < MAX_FINDINGS:
                findings.append({"check": finding["check_id"], "snippet": snippet[:160], **messages})
        self.findings, self.fixes, self._fix_targets = findings, fixes[:MAX_FINDINGS], targets[:MAX_FINDINGS]
        self.highlights = highlights
        self.stats = stats

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
            for _ in range(1200):
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
            self.fixes = [f for f in self.fixes if f["i"] != index]
        return None

    @rx.event
    def toggle_highlights(self, value: bool):
        self.show_highlights = bool(value)

    @rx.event
    def fix_all(self):
        if auth_context(self) is None:
            return login_redirect(self)
        self.command = {"id": uuid.uuid4().hex, "fixes": list(self._fix_targets)}
        self.fixes = []
        return None


def _stat(row: dict) -> rx.Component:
    return rx.cond(
        row["heading"] != "",
        rx.text(I18nState.t[row["key"]], size="2", weight="bold", margin_top="0.5rem", class_name="stat-heading"),
        rx.hstack(rx.text(I18nState.t[row["key"]], size="1", color_scheme="gray"), rx.spacer(),
                  rx.text(rx.cond(row["key"] == "analysis.ui.keywords", row["value"], local_number(row["value"])),
                          size="2", weight="medium", dir="auto"),
                  width="100%", class_name="stat-row"),
    )


def _finding(row: dict) -> rx.Component:
    return rx.box(
        rx.text(rx.cond(I18nState.is_fa, row["fa"], row["en"]), size="2"),
        rx.cond(row["snippet"] != "", rx.text("«", row["snippet"], "»", size="1", color_scheme="gray", dir="auto")),
        padding_y="0.35rem", border_bottom="1px solid var(--gray-a3)", class_name="finding",
    )


def _fix(row: dict) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(rx.cond(I18nState.is_fa, row["fa"], row["en"]), size="1", color_scheme="gray"),
            rx.text(rx.el.del_(row["original"]), " → ", rx.el.ins(row["replacement"]), size="2", dir="rtl"),
            spacing="0", flex="1", min_width="0",
        ),
        rx.button(t("analysis.ui.apply"), size="1", variant="soft", on_click=AnalysisState.apply_fix(row["i"]),
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
                rx.text(rx.cond(AnalysisState.stage != "", I18nState.t["stage." + AnalysisState.stage],
                                t("status.queued")), " ", local_number(AnalysisState.progress), "%", size="1",
                        color_scheme="gray"),
                width="100%", margin_top="0.75rem",
            ),
        ),
        rx.cond(AnalysisState.status == "failed",
                rx.callout(I18nState.t[AnalysisState.failure], color_scheme="red", icon="triangle_alert",
                           margin_top="0.75rem", id="analysis-failed")),
        rx.cond(AnalysisState.stale & AnalysisState.has_result,
                rx.text(t("analysis.ui.stale"), size="1", color_scheme="amber", margin_top="0.5rem")),
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
