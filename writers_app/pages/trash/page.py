"""/trash: the writer's deleted pieces, the latest first, each with the day it is purged, and
Restore / Delete forever (asked again in a dialog)."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.dates import local_date_span, local_digits, local_number
from writers_app.components.layout import card, frame, protected
from writers_app.components.pages import page
from writers_app.pages.trash.state import TrashRow, TrashState
from writers_app.state.i18n import t


def _title(row: TrashRow) -> rx.Component:
    return rx.cond(row.title != "", rx.el.span(row.title, custom_attrs={"data-user-content": ""}),
                   t("dashboard.untitled"))


def _row(row: TrashRow) -> rx.Component:
    task_id = row.id.to_string()
    return rx.flex(
        rx.vstack(
            rx.text(_title(row), weight="medium", class_name="clip-line trash-title", dir="auto", width="100%"),
            rx.hstack(
                rx.text(local_number(row.words), " ", t("dashboard.words"), size="1", color_scheme="gray"),
                rx.text(t("trash.deleted_on"), " ", local_date_span(row.deleted, with_time=True), size="1",
                        color_scheme="gray"),
                rx.text(t("trash.purge_on"), " ", local_date_span(row.purge, class_name="purge-date"), size="1",
                        color="var(--red-11)"),
                spacing="3", wrap="wrap",
            ),
            spacing="1", flex="1", min_width="0",
        ),
        rx.hstack(
            rx.button(rx.icon("undo-2", size=14), t("trash.restore"), size="1", variant="soft",
                      on_click=TrashState.restore(task_id), class_name="restore-task"),
            rx.button(rx.icon("trash-2", size=14), t("trash.delete_forever"), size="1", variant="soft",
                      color_scheme="red", on_click=TrashState.ask_delete(task_id), class_name="delete-forever"),
            spacing="2", flex_shrink="0",
        ),
        align=rx.breakpoints(initial="start", sm="center"),
        direction=rx.breakpoints(initial="column", sm="row"),
        gap="0.6rem", width="100%", padding_y="0.65rem", border_bottom="1px solid var(--gray-a4)",
        class_name="trash-row", custom_attrs={"data-task-id": task_id},
    )


def _empty() -> rx.Component:
    return rx.vstack(
        rx.icon("trash-2", size=40, color="var(--gray-9)"),
        rx.heading(t("trash.empty_title"), size="5"),
        rx.text(t("trash.empty_body"), color_scheme="gray", text_align="center"),
        align="center", spacing="3", padding_y="2.5rem", width="100%", id="trash-empty",
    )


def _confirm() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("trash.confirm_title")),
            rx.alert_dialog.description(
                rx.text(rx.el.bdi(rx.cond(TrashState.confirm_title != "", TrashState.confirm_title,
                                          t("dashboard.untitled")), custom_attrs={"data-user-content": ""}),
                        weight="medium", as_="div", margin_bottom="0.5rem"),
                t("trash.confirm_body"),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("common.cancel"), variant="soft", color_scheme="gray",
                                                 on_click=TrashState.cancel_delete, id="confirm-cancel")),
                rx.alert_dialog.action(rx.button(t("trash.delete_forever"), color_scheme="red",
                                                 on_click=TrashState.delete_forever, id="confirm-delete-forever")),
                spacing="3", justify="end", margin_top="1rem",
            ),
            id="confirm-dialog", max_width="28rem",
        ),
        open=TrashState.confirm_id != 0,
        on_open_change=TrashState.dialog_changed,
    )


@page(routes.TRASH, on_load=TrashState.load)
def trash_page() -> rx.Component:
    return frame(
        protected(
            rx.vstack(
                rx.link(t("trash.back"), href=routes.DASHBOARD, size="2", id="trash-back"),
                rx.heading(rx.hstack(rx.icon("trash-2", size=24), t("trash.title"), spacing="2", align="center"),
                           size="7", id="trash-title"),
                rx.text(t("trash.explain").replace("{days}", local_digits(TrashState.days)), color_scheme="gray"),
                rx.cond(TrashState.notice != "",
                        rx.callout(t(TrashState.notice), icon="info", color_scheme="gray", id="trash-notice",
                                   role="status", width="100%")),
                card(
                    rx.cond(
                        TrashState.loaded & (TrashState.items.length() == 0),
                        _empty(),
                        rx.vstack(rx.foreach(TrashState.items, _row), spacing="0", width="100%", id="trash-list"),
                    ),
                    rx.cond(TrashState.next_cursor != "",
                            rx.button(t("dashboard.load_more"), on_click=TrashState.load_more, variant="soft",
                                      margin_top="0.75rem", id="trash-more")),
                    width="100%",
                ),
                _confirm(),
                spacing="4",
                width="100%",
            )
        )
    )
