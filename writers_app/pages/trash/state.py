"""The trash page's state: the writer's trashed pieces, Restore, and Delete forever (confirmed)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from writers_app.core.ids import parse_id
from writers_app.db import session_scope
from writers_app.models import TrashedTaskPublic
from writers_app.services import trash as trash_service
from writers_app.settings import get_settings
from writers_app.state.auth import auth_context, login_redirect


@dataclass
class TrashRow:
    id: int
    title: str
    words: int
    deleted: str  # ISO datetimes, drawn in the reader's calendar by components.dates
    purge: str


def trash_row(item: TrashedTaskPublic) -> TrashRow:
    return TrashRow(id=item.id, title=item.title, words=item.word_count, deleted=item.deleted_at.isoformat(),
                    purge=item.purge_at.isoformat())


class TrashState(rx.State):
    items: list[TrashRow] = []
    next_cursor: str = ""
    loaded: bool = False
    days: int = 30
    notice: str = ""  # a translation key: what the last action did
    confirm_id: int = 0  # the piece "Delete forever" asks about; 0: no dialog
    confirm_title: str = ""

    def _fetch(self, owner_id: int, *, more: bool = False) -> None:
        with session_scope() as session:
            page = trash_service.list_trash(session=session, owner_id=owner_id,
                                            cursor=self.next_cursor if more else None)
        rows = [trash_row(item) for item in page.items]
        self.items = self.items + rows if more else rows
        self.next_cursor, self.loaded = page.next_cursor or "", True

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self.days, self.notice, self.confirm_id = get_settings().trash_days, "", 0
        self._fetch(ctx.user.id)
        return None

    @rx.event
    def load_more(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        if self.next_cursor:
            self._fetch(ctx.user.id, more=True)
        return None

    @rx.event
    def restore(self, task_id: str):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        task = parse_id(task_id)  # any text a tab sends
        with session_scope() as session:
            done = trash_service.restore_tasks(session=session, owner_id=ctx.user.id,
                                               task_ids=[task] if task is not None else [])
        self.notice = "trash.restored" if done else "trash.gone"
        self._fetch(ctx.user.id)
        return None

    @rx.event
    def ask_delete(self, task_id: str):
        row = next((r for r in self.items if str(r.id) == str(task_id)), None)  # only a listed piece
        self.confirm_id, self.confirm_title = (row.id, row.title) if row else (0, "")

    @rx.event
    def cancel_delete(self):
        self.confirm_id, self.confirm_title = 0, ""

    @rx.event
    def dialog_changed(self, is_open: bool):
        if not is_open:  # Escape or a click outside: the same as Cancel
            self.confirm_id, self.confirm_title = 0, ""

    @rx.event
    def delete_forever(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        task, self.confirm_id, self.confirm_title = self.confirm_id, 0, ""
        with session_scope() as session:
            done = trash_service.delete_forever(session=session, owner_id=ctx.user.id, task_ids=[task] if task else [])
        self.notice = "trash.deleted" if done else "trash.gone"
        self._fetch(ctx.user.id)
        return None
