"""The editor's state. The body travels over HTTP (load) and as block deltas (save); this state
holds only small things: the title, the goal and the last save acknowledgement."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

import reflex as rx

from writers_app.db import autocommit, session_scope
from writers_app.settings import get_settings
from writers_app.pages.editor.payload import EditorSave, parse_save, save_id_of
from writers_app.services import sessions as session_service
from writers_app.services import tasks as task_service
from writers_app.services import trash as trash_service
from writers_app.services.errors import Conflict, NotFound, ServiceError, database_unavailable
from writers_app.state.auth import auth_context, login_redirect, session_token

log = logging.getLogger(__name__)
RETRY = "editor.retry"  # nothing was stored: the editor sends the very same save again, same id


def apply_save(owner_id: int | None, payload: dict, save_id: str, token: str | None = None) -> dict[str, Any]:
    """Store one save; its acknowledgement for the editor (numbers and an error key, no text).
    With `token`, the session behind it is checked in the save's own statement or transaction and
    names the owner: the common delta is one INSERT that is also the session check
    (`save_blocks_in_session`), anything else resolves the session first. A database that does
    not answer gets RETRY, never a generic error: the editor retries."""
    save = None
    try:
        save = parse_save(payload)
        if token is not None:
            claims = session_service.claims_of_seen_user(token, get_settings())
            ack = _save_in_session(claims, save, save_id) if claims is not None else None
            if ack is not None:
                return ack
        with session_scope() as session:
            if token is not None:
                ctx = session_service.resolve_session(session=session, token=token, settings=get_settings())
                if ctx is None:
                    return {"save_id": save_id, "error": "auth.session_expired"}
                owner_id = ctx.user.id
            result = task_service.save_blocks(
                session=session, owner_id=owner_id, task_id=save.task_id, base_revision=save.base_revision,
                start=save.start, delete_count=save.delete_count, blocks=save.blocks,
                blocks_before=save.blocks_before, blocks_after=save.blocks_after, explicit=save.explicit,
                save_id=save_id,
            )
        return {"save_id": save_id, "revision": result.revision, "words": result.word_count, "error": ""}
    except ServiceError as exc:
        ack = {"save_id": save_id, "error": exc.code}
        if exc.code == "editor.conflict" and save is not None and owner_id is not None:
            ack.update(_current_revision(owner_id, save.task_id))
        return ack
    except Exception as exc:
        if database_unavailable(exc):
            return _not_stored(save_id, owner_id or 0, exc)
        log.exception("save failed", extra={"user_id": owner_id, "save_id": save_id})
        return {"save_id": save_id, "error": "error.server"}


def _save_in_session(claims: session_service.TokenClaims, save: EditorSave, save_id: str) -> dict[str, Any] | None:
    """The common delta as one INSERT outside a transaction, which is also the session check;
    None: nothing stored, for the full path to check the session and say why."""
    try:
        with session_scope() as session:
            autocommit(session)  # one statement: no BEGIN and COMMIT round trips
            result = task_service.save_blocks_in_session(
                session=session, session_id=claims.session_id, owner_id=claims.user_id, task_id=save.task_id,
                base_revision=save.base_revision, start=save.start, delete_count=save.delete_count,
                blocks=save.blocks, blocks_before=save.blocks_before, blocks_after=save.blocks_after,
                explicit=save.explicit, save_id=save_id,
            )
    except Conflict:  # the row was about to be stored, so the session is open and the writer the owner
        return {"save_id": save_id, "error": "editor.conflict", **_current_revision(claims.user_id, save.task_id)}
    except ServiceError:  # too large, say: answered once the session is checked
        return None
    if result is None:
        return None
    return {"save_id": save_id, "revision": result.revision, "words": result.word_count, "error": ""}


def _not_stored(save_id: str, owner_id: int, exc: BaseException) -> dict[str, Any]:
    log.warning("save not stored: the database did not answer; the editor retries it",
                extra={"user_id": owner_id, "save_id": save_id, "error": type(exc).__name__})
    return {"save_id": save_id, "error": RETRY}


def _current_revision(owner_id: int, task_id: int) -> dict[str, int]:
    """After a conflict the editor needs the revision it lost to."""
    try:
        with session_scope() as session:
            return {"revision": task_service.get_task(session=session, owner_id=owner_id, task_id=task_id).revision}
    except ServiceError:
        return {}

# Persian and Arabic-Indic digits, as a Persian writer types them in the goal field.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


class EditorState(rx.State):
    task: int = 0
    found: bool = True
    title: str = ""
    word_goal: int = 0
    due_date: str = ""
    ack: dict[str, Any] = {}
    error: str = ""
    trashed_purge: str = ""  # not found because it is in the trash: the day it is purged (ISO)

    def _route_task_id(self) -> int:
        raw = self.router._page.params.get("task_id", "")  # the dynamic segment of /tasks/[task_id]
        # Past 64 bits no task has that id (and SQLite cannot even bind it): "not found".
        raw = str(raw)
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 19 and int(raw) < 2**63 else 0

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
            with session_scope() as session:
                trashed = trash_service.trashed_piece(session=session, owner_id=ctx.user.id,
                                                      task_id=self._route_task_id())
            self.trashed_purge = trashed.purge_at.isoformat() if trashed else ""
            return None
        self.found, self.task, self.trashed_purge = True, task.id, ""
        self.title, self.word_goal = task.title, task.word_goal or 0
        self.due_date = task.due_date.isoformat() if task.due_date else ""
        return None

    @rx.event
    def restore_trashed(self):
        """Out of the trash; the button's chain then loads the page again (EditorState.load, AnalysisState.load)."""
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        with session_scope() as session:
            trash_service.restore_tasks(session=session, owner_id=ctx.user.id, task_ids=[self._route_task_id()])
        return None

    @rx.event
    async def save(self, payload: dict):
        """Apply one save from the editor and acknowledge it (numbers only, never the text).

        A plain event, not a background one: the tab's state is loaded and stored once (a
        background event did it twice, with `async with self` before and after). The database
        work, the session check included, is one transaction on a worker thread, so the event
        loop serves other tabs meanwhile; this tab's next event waits for the ack, as the editor
        itself does."""
        save_id = save_id_of(payload)
        token = session_token(self)
        if not token:
            self.ack = {"save_id": save_id, "error": "auth.session_expired"}
            return
        self.ack = await asyncio.to_thread(apply_save, None, payload, save_id, token)

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
        value = (value or "").strip().translate(_DIGITS)
        for separator in ",\u066c\u060c ":  # grouping a writer may type: 1,500 / ۱٬۵۰۰
            value = value.replace(separator, "")
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
