"""The editor's history panel: list revisions, preview one, compare it with now, restore it,
name one ("sent to editor": a named version is never pruned)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from writers_app.components.dates import local_date, local_number
from writers_app.db import session_scope
from writers_app.pages.editor.analysis_panel import AnalysisState, zwnj_visible
from writers_app.pages.editor.state import EditorState
from writers_app.services import revisions as revision_service
from writers_app.services import tasks as task_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import I18nState, t

PREVIEW_CHARS = 60_000  # a preview shows the beginning of very long pieces
CHANGE_CHARS = 2000


@dataclass
class RevisionRow:
    id: int
    at: str
    words: int
    reason: str
    name: str = ""


@dataclass
class PartRow:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class ChangeRow:
    kind: str  # "added" or "removed" (a whole paragraph) or "changed" (the words in `parts`)
    text: str
    parts: list[PartRow]


def change_row(change) -> ChangeRow:  # noqa: ANN001 (a formats.compare.Change)
    """A change cut to CHANGE_CHARS of text, parts included: a preview, not the whole novel."""
    parts, left = [], CHANGE_CHARS
    for part in change.parts:
        if left <= 0:
            break
        parts.append(PartRow(kind=part.kind, text=part.text[:left]))
        left -= len(part.text)
    return ChangeRow(kind=change.kind, text=change.text[:CHANGE_CHARS], parts=parts)


class RevisionsState(rx.State):
    open: bool = False
    task: int = 0
    items: list[RevisionRow] = []
    chosen: str = ""
    preview_html: str = ""
    changes: list[ChangeRow] = []
    reload_seq: int = 0
    restored: bool = False  # shown as a notice above the editor (no server-sent script: CSP)
    naming: str = ""  # the id of the revision whose name is being edited
    name_draft: str = ""
    name_error: str = ""  # a translation key

    async def _context(self):
        ctx = auth_context(self)
        editor = await self.get_state(EditorState)
        return ctx, editor.task

    @rx.event
    async def show(self):
        ctx, task_id = await self._context()
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                rows = revision_service.list_revisions(session=session, owner_id=ctx.user.id, task_id=task_id)
        except NotFound:
            return None
        self.task, self.open, self.chosen, self.preview_html, self.changes = task_id, True, "", "", []
        self.restored, self.naming, self.name_error = False, "", ""
        self.items = [_row(r) for r in rows]
        return None

    @rx.event
    def start_naming(self, revision_id: str, name: str):
        self.naming, self.name_draft, self.name_error = revision_id, name, ""

    @rx.event
    def set_name_draft(self, value: str):
        self.name_draft = value[:1000]

    @rx.event
    def cancel_naming(self):
        self.naming, self.name_draft, self.name_error = "", "", ""

    @rx.event
    async def save_name(self, clear: bool = False):
        ctx, task_id = await self._context()
        if ctx is None:
            return login_redirect(self)
        if not self.naming.isdigit():
            return None
        try:
            with session_scope() as session:
                saved = revision_service.name_revision(session=session, owner_id=ctx.user.id, task_id=task_id,
                                                       revision_id=int(self.naming),
                                                       name=None if clear else self.name_draft)
        except NotFound:
            return None
        except ServiceError as error:
            self.name_error = error.code
            return None
        self.items = [RevisionRow(id=r.id, at=r.at, words=r.words, reason=r.reason, name=saved.name or "")
                      if r.id == saved.id else r for r in self.items]
        self.cancel_naming()
        return None

    @rx.event
    def open_changed(self, is_open: bool):
        if not is_open:
            self.hide()

    @rx.event
    def hide(self):
        self.open, self.preview_html, self.changes, self.items = False, "", [], []

    @rx.event
    async def choose(self, revision_id: str):
        ctx, task_id = await self._context()
        if ctx is None or not revision_id.isdigit():
            return login_redirect(self) if ctx is None else None
        try:
            with session_scope() as session:
                html = revision_service.preview_html(session=session, owner_id=ctx.user.id, task_id=task_id,
                                                     revision_id=int(revision_id))
                changes = revision_service.compare_revision(session=session, owner_id=ctx.user.id, task_id=task_id,
                                                        revision_id=int(revision_id))
        except NotFound:
            return None
        self.chosen, self.preview_html = revision_id, html[:PREVIEW_CHARS]
        self.changes = [change_row(c) for c in changes]
        return None

    @rx.event
    async def restore(self):
        ctx, task_id = await self._context()
        if ctx is None:
            return login_redirect(self)
        if not self.chosen.isdigit():
            return None
        try:
            with session_scope() as session:
                task_service.restore_revision(session=session, owner_id=ctx.user.id, task_id=task_id,
                                              revision_id=int(self.chosen))
        except NotFound:
            return None
        self.hide()
        (await self.get_state(AnalysisState)).stale = True  # the analysis read the text replaced
        self.reload_seq += 1  # the editor remounts and loads the restored text
        self.restored = True
        return None


def _row(r) -> RevisionRow:  # r: a RevisionPublic
    return RevisionRow(id=r.id, at=r.created_at.isoformat(), words=r.word_count, reason=r.reason, name=r.name or "")


def _name_form(row: RevisionRow) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.input(value=RevisionsState.name_draft, on_change=RevisionsState.set_name_draft, max_length=120,
                     placeholder=t("versions.name_placeholder"), aria_label=t("versions.name_action"),
                     dir="auto", width="100%", auto_focus=True, id="version-name-input"),
            rx.cond(RevisionsState.name_error != "",
                    rx.text(t(RevisionsState.name_error), color_scheme="red", size="1")),
            rx.hstack(
                rx.button(t("versions.save"), size="1", type="submit", id="version-name-save"),
                rx.button(t("versions.cancel"), size="1", variant="soft", color_scheme="gray", type="button",
                          on_click=RevisionsState.cancel_naming),
                rx.cond(row.name != "",
                        rx.button(t("versions.clear"), size="1", variant="ghost", color_scheme="red", type="button",
                                  on_click=RevisionsState.save_name(True), id="version-name-clear")),
                spacing="2", wrap="wrap",
            ),
            spacing="1", width="100%",
        ),
        on_submit=lambda _data: RevisionsState.save_name(False), reset_on_submit=False, width="100%",
        padding="0.3rem", class_name="version-name-form",
    )


def _item(row: RevisionRow) -> rx.Component:
    revision_id = row.id.to_string()
    return rx.vstack(
        rx.hstack(_choice(row, revision_id),
                  rx.icon_button(rx.icon("bookmark", size=14), size="1", variant="ghost",
                                 color_scheme=rx.cond(row.name != "", "amber", "gray"),
                                 title=t("versions.name_action"), aria_label=t("versions.name_action"),
                                 on_click=RevisionsState.start_naming(revision_id, row.name),
                                 class_name="version-name-action"),
                  align="center", spacing="1", width="100%"),
        rx.cond(RevisionsState.naming == revision_id, _name_form(row)),
        spacing="0", width="100%",
        border_inline_start=rx.cond(row.name != "", "3px solid var(--amber-9)", "3px solid transparent"),
        class_name=rx.cond(row.name != "", "revision-entry revision-named", "revision-entry"),
    )


def _choice(row: RevisionRow, revision_id) -> rx.Component:  # revision_id: a Var
    return rx.button(
        # A button lays its content out left to right whatever the page says: give the lines
        # the page's direction, and isolate the date and the count from the words around them.
        rx.vstack(
            rx.cond(row.name != "", rx.text(rx.el.bdi(row.name), size="2", weight="bold", class_name="revision-name",
                                            title=t("versions.named"))),
            rx.text(rx.el.bdi(local_date(row.at, with_time=True)), size="2", weight="medium"),
            rx.text(rx.el.bdi(local_number(row.words)), " ", t("dashboard.words"), " · ",
                    t("revisions.reason_" + row.reason), size="1", color_scheme="gray"),
            spacing="0", align="start", dir=I18nState.dir, text_align="start", width="100%",
        ),
        on_click=RevisionsState.choose(revision_id),
        variant=rx.cond(RevisionsState.chosen == revision_id, "soft", "ghost"),
        flex="1", min_width="0", justify="start", height="auto", padding_y="0.4rem", class_name="revision-item",
    )


def _part(part: PartRow) -> rx.Component:
    # Marked by colour, never by strike-through or underline: those hide Persian letters' dots.
    return rx.match(part.kind,
                    ("added", rx.el.ins(zwnj_visible(part.text), class_name="diff-added")),
                    ("removed", rx.el.del_(zwnj_visible(part.text), class_name="diff-removed")),
                    rx.el.span(part.text))


def _change(change: ChangeRow) -> rx.Component:
    return rx.box(
        rx.cond(change.kind == "changed",
                rx.text(rx.foreach(change.parts, _part), size="2", dir="auto", class_name="diff-words"),
                rx.text(rx.el.span(rx.cond(change.kind == "added", "+", "−"), class_name="diff-sign"),
                        rx.el.bdi(change.text), size="2", dir="auto")),
        background=rx.match(change.kind, ("added", "var(--green-a3)"), ("removed", "var(--red-a3)"), "var(--gray-a2)"),
        padding="0.35rem 0.6rem", border_radius="var(--radius-2)", width="100%", class_name="change-" + change.kind,
    )


def revisions_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("revisions.title")),
            rx.grid(
                rx.scroll_area(
                    rx.cond(RevisionsState.items.length() == 0, rx.text(t("revisions.none"), color_scheme="gray"),
                            rx.vstack(rx.foreach(RevisionsState.items, _item), spacing="1")),
                    max_height="60vh", id="revision-list", scrollbars="vertical",
                ),
                rx.cond(
                    RevisionsState.chosen != "",
                    rx.vstack(
                        rx.tabs.root(
                            rx.tabs.list(rx.tabs.trigger(t("revisions.preview"), value="preview"),
                                         rx.tabs.trigger(t("revisions.compare"), value="compare", id="compare-tab")),
                            # Radix's scroll area is left-to-right unless told: the text inside takes its own
                            # direction (a Persian piece reads from the right in either interface).
                            rx.tabs.content(rx.scroll_area(rx.box(rx.html(RevisionsState.preview_html), dir="auto",
                                                                  class_name="revision-preview rich-text", id="revision-preview"),
                                                           max_height="50vh", dir=I18nState.dir), value="preview"),
                            rx.tabs.content(rx.scroll_area(rx.cond(
                                RevisionsState.changes.length() == 0, rx.text(t("revisions.same"), color_scheme="gray"),
                                rx.vstack(rx.foreach(RevisionsState.changes, _change), spacing="1", id="revision-changes")),
                                max_height="50vh"), value="compare"),
                            default_value="preview", width="100%",
                        ),
                        rx.button(t("revisions.restore"), on_click=RevisionsState.restore, id="restore-revision"),
                        width="100%",
                    ),
                    rx.text(t("revisions.pick"), color_scheme="gray"),
                ),
                columns=rx.breakpoints(initial="1", md="14rem 1fr"),
                spacing="4",
            ),
            rx.dialog.close(rx.button(t("common.close"), variant="soft", color_scheme="gray", margin_top="1rem",
                                      on_click=RevisionsState.hide)),
            max_width="min(920px, 95vw)",
            dir=I18nState.dir,
        ),
        open=RevisionsState.open,
        on_open_change=RevisionsState.open_changed,
    )
