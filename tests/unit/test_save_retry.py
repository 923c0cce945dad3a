"""A save the database could not take is answered "editor.retry" (the editor sends it again,
same id), never the generic error; other failures keep their answers."""

from __future__ import annotations

import pytest
from sqlalchemy import exc as sa_exc

from tests.factories import make_task, make_writer
from writers_app.models import Task
from writers_app.pages.editor import state as editor_state
from writers_app.services.errors import database_unavailable


def _payload(task, save_id="5f0c6b8e-0000-4000-8000-000000000001"):  # noqa: ANN001
    return {"task_id": task.id, "save_id": save_id, "base_revision": task.revision, "start": 0,
            "delete_count": None, "blocks": ["<p>Kept through the outage.</p>"], "explicit": False}


def test_database_errors_that_mean_try_again():
    refused = sa_exc.OperationalError("SELECT 1", {}, Exception("connection refused"))
    assert database_unavailable(refused)
    assert database_unavailable(sa_exc.InterfaceError("SELECT 1", {}, Exception("connection already closed")))
    assert database_unavailable(sa_exc.TimeoutError("QueuePool limit reached"))
    lost = sa_exc.DBAPIError("UPDATE task", {}, Exception("server closed the connection"), connection_invalidated=True)
    assert database_unavailable(lost)
    assert not database_unavailable(sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not database_unavailable(ValueError("a bug"))


@pytest.mark.parametrize("error", [
    sa_exc.OperationalError("UPDATE task", {}, Exception("the database system is shutting down")),
    sa_exc.DBAPIError("UPDATE task", {}, Exception("server closed the connection"), connection_invalidated=True),
])
def test_a_save_the_database_did_not_take_is_answered_retry(app_db, db, settings, monkeypatch, caplog, error):
    user = make_writer(db, settings)
    task = make_task(db, user, body_html="<p>Before.</p>")
    db.commit()

    def down(**_kwargs):  # noqa: ANN003
        raise error

    monkeypatch.setattr(editor_state.task_service, "save_blocks", down)
    ack = editor_state.apply_save(user.id, _payload(task), "5f0c6b8e-0000-4000-8000-000000000001")
    assert ack == {"save_id": "5f0c6b8e-0000-4000-8000-000000000001", "error": editor_state.RETRY}
    assert any(r.levelname == "WARNING" and "editor retries" in r.getMessage() for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records)  # a known outage, not a stack trace


def test_the_retried_save_is_stored_once(app_db, db, settings):
    user = make_writer(db, settings)
    task = make_task(db, user, body_html="<p>Before.</p>")
    db.commit()
    payload = _payload(task)
    first = editor_state.apply_save(user.id, payload, payload["save_id"])
    again = editor_state.apply_save(user.id, payload, payload["save_id"])  # its ack was lost: sent again
    assert first["error"] == "" and again == first
    db.expire_all()
    assert db.get(Task, task.id).revision == task.revision + 1


def test_a_bug_is_still_the_generic_error(app_db, db, settings, monkeypatch):
    user = make_writer(db, settings)
    task = make_task(db, user)
    db.commit()
    monkeypatch.setattr(editor_state.task_service, "save_blocks", lambda **_: 1 / 0)
    assert editor_state.apply_save(user.id, _payload(task), "x")["error"] == "error.server"
