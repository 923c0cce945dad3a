"""The dashboard's deletes: a piece goes to the trash, and the message that follows offers it
back ("Undo") until the next delete, a dismissal or leaving the page."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.dates import local_number
from writers_app.core.ids import parse_id
from writers_app.db import session_scope
from writers_app.pages.dashboard.state import DashboardState
from writers_app.services import trash as trash_service
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import t


class DashboardTrashState(rx.State):
    undo_count: int = 0  # pieces the Undo would bring back; 0: no message
    _undo: list[int] = []

    @rx.event
    def clear(self):
        self.undo_count, self._undo = 0, []

    @rx.event
    async def offer_undo(self):
        """After DashboardState.delete_selected: what it moved, offered back."""
        dashboard = await self.get_state(DashboardState)
        self._undo, dashboard._trashed = list(dashboard._trashed), []
        self.undo_count = len(self._undo)

    @rx.event
    async def delete_one(self, task_id: str):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        task = parse_id(task_id)  # any text a tab sends
        with session_scope() as session:
            self._undo = trash_service.trash_tasks(session=session, owner_id=ctx.user.id,
                                                   task_ids=[task] if task is not None else [])
        self.undo_count = len(self._undo)
        dashboard = await self.get_state(DashboardState)
        dashboard.selected = [s for s in dashboard.selected if s != str(task_id)]
        dashboard._fetch()
        return None

    @rx.event
    async def undo(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        with session_scope() as session:
            trash_service.restore_tasks(session=session, owner_id=ctx.user.id, task_ids=self._undo)
        self.undo_count, self._undo = 0, []
        (await self.get_state(DashboardState))._fetch()
        return None


def undo_message() -> rx.Component:
    """"Piece moved to the trash. [Undo] [Trash]": shown right after a delete, until dismissed."""
    count = DashboardTrashState.undo_count
    return rx.cond(
        count > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("trash-2", size=16)),
            rx.hstack(
                rx.callout.text(rx.cond(count == 1, t("trash.moved_one"),
                                        t("trash.moved_many").replace("{count}", local_number(count))),
                                id="trash-undo-text"),
                rx.spacer(),
                rx.button(rx.icon("undo-2", size=14), t("trash.undo"), size="1", variant="solid", color_scheme="indigo",
                          on_click=DashboardTrashState.undo, id="trash-undo"),
                rx.link(t("trash.title"), href=routes.TRASH, size="2", id="trash-undo-open"),
                rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", color_scheme="gray",
                               on_click=DashboardTrashState.clear, aria_label=t("trash.dismiss"),
                               title=t("trash.dismiss")),
                align="center", width="100%", wrap="wrap", spacing="3",
            ),
            color_scheme="gray", variant="surface", width="100%", margin_top="0.75rem", id="trash-undo-message",
            role="status",
        ),
    )
