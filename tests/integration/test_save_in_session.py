"""The editor's common save on PostgreSQL: a one-paragraph delta on the revision this process
acknowledged last is one INSERT, outside a transaction, that is also the sign-in check
(`tasks.save_blocks_in_session`). Whatever that statement does not store goes the full way
(session resolved, then `save_blocks`), so every answer stays what it was: a revoked session or a
deactivated writer stores nothing, someone else's piece is not found, a second save on one base
is a conflict, and `last_seen_at` is still kept up to date."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import event, update
from sqlmodel import select

from tests.factories import make_task
from writers_app.core.security import utcnow
from writers_app.models import Task, TaskSave, User
from writers_app.pages.editor import state as editor_state
from writers_app.services import saves
from writers_app.services import sessions as session_service

pytestmark = pytest.mark.integration


def _statements(engine) -> list[str]:  # noqa: ANN001
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: seen.append(statement))
    return seen


def _signed_in(api, writer) -> tuple[str, uuid.UUID]:  # noqa: ANN001
    with api.session() as session:
        row, token = session_service.create_session(session=session, user=session.get(User, writer.id),
                                                    settings=api.settings, user_agent="test", ip="127.0.0.1")
        session.commit()
        return token, row.id


def _piece(api, writer, paragraphs: int = 3):  # noqa: ANN001, ANN202
    with api.session() as session:
        task = make_task(session, writer.id, body_html="".join(f"<p>Paragraph {i}.</p>" for i in range(paragraphs)))
        session.commit()
        return task


def _save(token: str, task_id: int, base: int, text: str, *, start: int = 0, blocks: int = 3) -> dict:
    save_id = str(uuid.uuid4())
    payload = {"task_id": task_id, "save_id": save_id, "base_revision": base, "start": start, "delete_count": 1,
               "blocks": [f"<p>{text}</p>"], "blocks_before": blocks, "blocks_after": blocks}
    return editor_state.apply_save(None, payload, save_id, token)


def _stored(api, task_id: int) -> tuple[int, str, int]:  # noqa: ANN001
    """The piece as every reader sees it: its save log folded first."""
    with api.session() as session:
        saves.fold(session, task_id)
        session.commit()
        row = session.get(Task, task_id)
        logged = session.exec(select(TaskSave).where(TaskSave.task_id == task_id)).all()
        return row.revision, row.body_text, len(logged)


def test_a_delta_on_the_acknowledged_revision_is_one_statement(api):
    writer = api.writer()
    token, _session_id = _signed_in(api, writer)
    task = _piece(api, writer)
    first = _save(token, task.id, task.revision, "First edit.")  # full path: the session resolved, the user seen
    assert first["error"] == "" and first["revision"] == task.revision + 1

    statements = _statements(api.engine)
    second = _save(token, task.id, first["revision"], "Second edit.", start=1)
    assert second["error"] == "" and second["revision"] == first["revision"] + 1
    assert len(statements) == 1, statements  # no session SELECT, no head SELECT, no second statement
    assert statements[0].lstrip().upper().startswith("INSERT INTO TASK_SAVES") and "sessions" in statements[0]
    assert _stored(api, task.id) == (second["revision"], "First edit.\n\nSecond edit.\n\nParagraph 2.", 0)


@pytest.mark.parametrize("how", ["revoked", "deactivated", "expired"])
def test_a_closed_session_stores_nothing_even_for_a_user_seen_a_moment_ago(api, how):
    writer = api.writer()
    token, session_id = _signed_in(api, writer)
    task = _piece(api, writer)
    first = _save(token, task.id, task.revision, "Stored while signed in.")
    assert first["error"] == ""
    assert session_service.claims_of_seen_user(token, api.settings) is not None  # the one-statement path is open
    with api.session() as session:
        if how == "revoked":
            session_service.revoke_session(session=session, session_id=session_id)
        elif how == "deactivated":
            session.exec(update(User).where(User.id == writer.id).values(is_active=False))
        else:
            from writers_app.models import UserSession

            session.exec(update(UserSession).where(UserSession.id == session_id)
                         .values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()

    refused = _save(token, task.id, first["revision"], "Must not be stored.", start=1)
    assert refused == {"save_id": refused["save_id"], "error": "auth.session_expired"}
    assert _stored(api, task.id) == (first["revision"], "Stored while signed in.\n\nParagraph 1.\n\nParagraph 2.", 0)


def test_someone_elses_piece_is_not_found_and_unchanged(api):
    owner, intruder = api.writer(), api.writer(name="Intruder")
    owner_token, _ = _signed_in(api, owner)
    intruder_token, _ = _signed_in(api, intruder)
    task = _piece(api, owner)
    mine = _piece(api, intruder)
    assert _save(intruder_token, mine.id, mine.revision, "My own.")["error"] == ""  # the intruder is "seen"
    first = _save(owner_token, task.id, task.revision, "The owner's words.")  # cached at this revision
    assert first["error"] == ""

    attempt = _save(intruder_token, task.id, first["revision"], "Defaced.", start=1)
    assert attempt["error"] == "error.not_found" and "revision" not in attempt
    assert _stored(api, task.id) == (first["revision"], "The owner's words.\n\nParagraph 1.\n\nParagraph 2.", 0)


def test_two_saves_on_one_base_the_second_is_a_conflict_naming_the_revision_it_lost_to(api):
    writer = api.writer()
    token, _ = _signed_in(api, writer)
    task = _piece(api, writer)
    first = _save(token, task.id, task.revision, "First tab.")
    assert first["error"] == ""
    won = _save(token, task.id, first["revision"], "Second tab wins.", start=1)
    lost = _save(token, task.id, first["revision"], "Third tab loses.", start=2)  # the same base, the one-statement path
    assert won["error"] == ""
    assert lost["error"] == "editor.conflict" and lost["revision"] == won["revision"]
    assert _stored(api, task.id) == (won["revision"], "First tab.\n\nSecond tab wins.\n\nParagraph 2.", 0)


def test_last_seen_is_kept_up_to_date_once_a_minute(api):
    writer = api.writer()
    token, _ = _signed_in(api, writer)
    task = _piece(api, writer)
    first = _save(token, task.id, task.revision, "One.")
    assert first["error"] == ""
    long_ago = utcnow() - timedelta(hours=1)
    with api.session() as session:
        session.exec(update(User).where(User.id == writer.id).values(last_seen_at=long_ago))
        session.commit()

    second = _save(token, task.id, first["revision"], "Two.", start=1)  # within the minute: not looked at
    assert second["error"] == ""
    with api.session() as session:
        assert session.get(User, writer.id).last_seen_at == long_ago

    session_service._seen[writer.id] = time.monotonic() - session_service.SEEN_EVERY.total_seconds() - 1  # noqa: SLF001
    statements = _statements(api.engine)
    third = _save(token, task.id, second["revision"], "Three.", start=2)
    assert third["error"] == ""
    assert any("FROM sessions JOIN users" in s for s in statements), statements  # the full path ran
    with api.session() as session:
        assert session.get(User, writer.id).last_seen_at > long_ago
    assert _stored(api, task.id)[1] == "One.\n\nTwo.\n\nThree."
