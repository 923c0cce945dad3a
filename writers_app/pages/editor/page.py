"""/tasks/[task_id]: the editor page: details, the editor itself, exports, analysis and history."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.dates import local_date_span, local_digits
from writers_app.components.editor import writers_editor
from writers_app.components.jalali_picker import date_field
from writers_app.components.layout import card, frame, protected
from writers_app.components.not_found import not_found_panel
from writers_app.components.pages import page
from writers_app.components.shortcuts import shortcuts_dialog
from writers_app.components.writing_prefs import prefs_attrs, prefs_menu
from writers_app.pages.editor.analysis_panel import AnalysisState, analysis_panel
from writers_app.pages.editor.revisions import RevisionsState, revisions_dialog
from writers_app.pages.editor.state import EditorState
from writers_app.state.i18n import I18nState, t
from writers_app.state.writing_prefs import WritingPrefsState


def _details() -> rx.Component:
    return rx.hstack(
        rx.input(default_value=EditorState.title, on_blur=EditorState.rename, placeholder=t("editor.title_placeholder"),
                 aria_label=t("editor.title_label"), id="task-title", dir="auto", size="3", flex="1", min_width="12rem",
                 max_length=300, key=EditorState.task.to_string() + "-title", font_weight="600"),
        # Text, not type="number": a Persian reader sees (and may type) Persian digits.
        rx.input(default_value=rx.cond(EditorState.word_goal > 0, local_digits(EditorState.word_goal), ""),
                 on_blur=EditorState.set_goal, placeholder=t("editor.word_goal"), aria_label=t("editor.word_goal"),
                 type="text", input_mode="numeric", id="word-goal", size="3", width="9rem",
                 key=EditorState.task.to_string() + "-goal" + I18nState.lang),
        date_field(EditorState.due_date, EditorState.set_due, id="due-date", label_key="editor.due_date",
                   key=EditorState.task.to_string() + "-due"),
        rx.button(rx.icon("history", size=16), t("editor.history"), variant="soft", size="3",
                  on_click=RevisionsState.show, id="open-history"),
        shortcuts_dialog(),
        width="100%",
        wrap="wrap",
        spacing="3",
        class_name="no-print focus-hide",
    )


def _exports() -> rx.Component:
    # Reflex renders anchors as React Router links; `reloadDocument` makes the browser really
    # request the URL, whose attachment answer it then downloads.
    return rx.hstack(
        rx.icon("download", size=14, color="var(--gray-10)"),
        rx.text(t("editor.export"), size="1", color_scheme="gray"),
        *[rx.el.a(label, href=routes.editor_export_url(EditorState.task, fmt), download="",
                  id=f"export-{fmt}", class_name="export-link", custom_attrs={"reloadDocument": True})
          for fmt, label in (("md", "Markdown"), ("docx", "Word"), ("pdf", "PDF"), ("html", "HTML"),
                             ("txt", t("editor.export_text")))],
        align="center", spacing="2", wrap="wrap", class_name="no-print focus-hide", id="editor-exports",
    )


def _in_trash() -> rx.Component:
    """Opened from a link or a bookmark after it was deleted: the way back, not a dead end."""
    return card(
        rx.vstack(
            rx.heading(rx.hstack(rx.icon("trash-2", size=22), t("trash.in_trash_title"), spacing="2", align="center"),
                       size="6"),
            rx.text(t("trash.in_trash_body"), color_scheme="gray"),
            rx.text(t("trash.purge_on"), " ", local_date_span(EditorState.trashed_purge), size="2",
                    color="var(--red-11)"),
            rx.hstack(
                rx.button(rx.icon("undo-2", size=14), t("trash.restore"), on_click=[EditorState.restore_trashed, EditorState.load, AnalysisState.load],
                          id="restore-piece"),
                rx.link(t("trash.title"), href=routes.TRASH, size="2"),
                spacing="4", align="center", wrap="wrap",
            ),
            spacing="3",
        ),
        id="piece-in-trash",
    )


@page(routes.EDITOR, on_load=[EditorState.load, AnalysisState.load, WritingPrefsState.load])
def editor_page() -> rx.Component:
    return frame(
        protected(
            rx.cond(
                EditorState.found,
                rx.cond(
                    EditorState.task > 0,
                    rx.vstack(
                        rx.link(t("editor.back"), href=routes.DASHBOARD, size="2", class_name="no-print focus-hide"),
                        _details(),
                        # Printing the page (assets/styles.css, @media print) shows the title as a
                        # heading above the text instead of the editing fields.
                        rx.heading(EditorState.title, as_="h1", dir="auto", class_name="print-only",
                                   id="print-title"),
                        rx.grid(rx.vstack(
                        rx.cond(EditorState.error != "",
                                rx.callout(t(EditorState.error), color_scheme="red", icon="triangle_alert",
                                           class_name="no-print")),
                        rx.cond(RevisionsState.restored & (RevisionsState.task == EditorState.task),
                                rx.callout(t("revisions.restored"), color_scheme="green", class_name="no-print",
                                           icon="circle_check", id="revision-restored", role="status")),
                        # The writer's font, size and line width, read by the style sheet and typewriter.js.
                        rx.box(writers_editor(
                            prefs_menu(),
                            task_id=EditorState.task, load_url=routes.editor_body_url(EditorState.task),
                            ack=EditorState.ack, labels=I18nState.t, lang=I18nState.lang, word_goal=EditorState.word_goal,
                            command=AnalysisState.command,
                            highlights=rx.cond(AnalysisState.show_highlights, AnalysisState.highlights, []),
                            on_save=EditorState.save,
                            key=EditorState.task.to_string() + "-" + RevisionsState.reload_seq.to_string(),
                        ), class_name="we-prefs", width="100%", custom_attrs=prefs_attrs()),
                        _exports(),
                        spacing="3", min_width="0"),
                        # Beside the editor on wide screens, below it on phones; never on paper.
                        rx.box(analysis_panel(), class_name="no-print focus-hide", min_width="0"),
                        columns=rx.breakpoints(initial="1", lg="minmax(0, 2fr) minmax(18rem, 1fr)"),
                        spacing="4", width="100%", align_items="start", class_name="editor-grid"),
                        revisions_dialog(),
                        spacing="3",
                        width="100%",
                    ),
                ),
                rx.cond(EditorState.trashed_purge != "", _in_trash(), not_found_panel()),
            )
        ),
        max_width="1320px",
    )
