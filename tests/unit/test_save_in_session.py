"""The editor's one-statement save (`tasks.save_blocks_in_session`) on SQLite, the zero-setup
database: the session check binds the session id as SQLite stores it, the save is stored, and a
revoked session stores nothing. (tests/integration/test_save_in_session.py: PostgreSQL, all cases.)"""

from __future__ import annotations

import uuid

from sqlalchemy import event
from sqlmodel import Session, select

from tests.factories import make_task, make_writer
from writers_app.models import Task, TaskSave
from writers_app.pages.editor import state as editor_state
from writers_app.services import saves
from writers_app.services import sessions as session_service


def _save(token: str, task_id: int, base: int, text: str, start: int) -> dict:
    save_id = str(uuid.uuid4())
    return editor_state.apply_save(None, {"task_id": task_id, "save_id": save_id, "base_revision": base,
                                          "start": start, "delete_count": 1, "blocks": [f"<p>{text}</p>"],
                                          "blocks_before": 2, "blocks_after": 2}, save_id, token)


def test_the_one_statement_save_checks_the_session_on_sqlite(app_db, settings):
    with Session(app_db, expire_on_commit=False) as session:
        user = make_writer(session, settings)
        row, token = session_service.create_session(session=session, user=user, settings=settings)
        task = make_task(session, user, body_html="<p>A.</p><p>B.</p>")
        session.commit()
    first = _save(token, task.id, task.revision, "First.", 0)
    assert first["error"] == ""

    statements: list[str] = []
    event.listen(app_db, "before_cursor_execute", lambda _c, _cur, statement, *_a: statements.append(statement))
    second = _save(token, task.id, first["revision"], "Second.", 1)
    assert second["error"] == "" and len(statements) == 1 and "sessions" in statements[0]

    with Session(app_db) as session:
        session_service.revoke_session(session=session, session_id=row.id)
        session.commit()
    assert _save(token, task.id, second["revision"], "Not stored.", 0)["error"] == "auth.session_expired"
    with Session(app_db) as session:
        saves.fold(session, task.id)
        session.commit()
        stored = session.get(Task, task.id)
        assert (stored.revision, stored.body_text) == (second["revision"], "First.\n\nSecond.")
        assert session.exec(select(TaskSave)).all() == []


def test_remembered_claims_still_expire(app_db, settings, monkeypatch):
    """`claims_of_seen_user` keeps a token's decoded claims; their expiry is checked every time."""
    from datetime import timedelta

    with Session(app_db, expire_on_commit=False) as session:
        user = make_writer(session, settings)
        row, token = session_service.create_session(session=session, user=user, settings=settings)
        session_service.resolve_session(session=session, token=token, settings=settings)  # now "seen"
        session.commit()
    claims = session_service.claims_of_seen_user(token, settings)
    assert claims is not None and claims.session_id == row.id
    later = claims.expires_at + timedelta(seconds=1)
    monkeypatch.setattr(session_service, "utcnow", lambda: later)
    assert session_service.claims_of_seen_user(token, settings) is None


def test_a_deleted_piece_leaves_no_document_for_the_piece_that_reuses_its_id(app_db, settings):
    """SQLite gives a new row the highest id plus one: a piece deleted for good can come back
    under its id, revisions starting again, and must never be spliced from the old one's blocks."""
    from writers_app.services import documents
    from writers_app.services import tasks as task_service

    with Session(app_db, expire_on_commit=False) as session:
        user = make_writer(session, settings)
        _row, token = session_service.create_session(session=session, user=user, settings=settings)
        old = make_task(session, user, body_html="<p>Old A.</p><p>Old B.</p>")
        session.commit()
    assert _save(token, old.id, old.revision, "Old edit.", 0)["error"] == ""
    with Session(app_db) as session:
        task_service.delete_tasks(session=session, owner_id=user.id, task_ids=[old.id])
        session.commit()
    assert old.id not in documents.cache._revisions  # noqa: SLF001

    with Session(app_db, expire_on_commit=False) as session:
        new = make_task(session, user, body_html="<p>New A.</p><p>New B.</p>")
        session.commit()
    assert new.id == old.id and new.revision == old.revision  # the same key (id, revision) again
    saved = _save(token, new.id, new.revision, "New edit.", 1)
    assert saved["error"] == ""
    with Session(app_db) as session:
        saves.fold(session, new.id)
        session.commit()
        assert session.get(Task, new.id).body_text == "New A.\n\nNew edit."
