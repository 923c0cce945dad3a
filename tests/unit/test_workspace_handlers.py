"""Another writer calling the workspace's Reflex handlers directly (the browser can call any
public handler with any arguments) can neither read, change, export, analyse nor delete a task."""

from __future__ import annotations

import pytest

from tests.factories import make_session_token, make_task, make_writer
from tests.support.aio import run as _run
from tests.support.states import tab_state
from writers_app import db as db_module
from writers_app.models import Task, TaskRevision
from writers_app.pages.dashboard.state import DashboardState
from writers_app.pages.editor.revisions import RevisionsState
from writers_app.pages.editor.state import EditorState
from writers_app.services import tasks


@pytest.fixture
def world(app_db, settings, queued_tasks):
    sent = queued_tasks
    with db_module.session_scope() as session:
        owner = make_writer(session, settings, email="o@example.com", display_name="O")
        intruder = make_writer(session, settings, email="i@example.com", display_name="I")
        token = make_session_token(session, intruder, settings)
        task = make_task(session, owner, title="Private", body_html="<p>secret words</p>")
        tasks.save_body(session=session, owner_id=owner.id, task_id=task.id, base_revision=0,
                        html="<p>secret words, saved</p>", explicit=True)
        revision = session.query(TaskRevision).filter_by(task_id=task.id).first().id
    yield token, task.id, revision, sent


def _stored(task_id):
    with db_module.session_scope() as session:
        task = session.get(Task, task_id)
        return None if task is None else (task.title, task.body_html, task.word_goal, task.due_date, task.status,
                                          task.revision)


def test_another_writer_gets_nothing_and_changes_nothing(world, signed_in):
    token, task_id, revision_id, sent = world
    before = _stored(task_id)
    editor = signed_in(EditorState, token=token, params={"task_id": str(task_id)})  # the intruder's tab

    EditorState.load.fn(editor)  # opening the URL: not found, and no title leaks
    assert editor.found is False and editor.title == "" and editor.task == 0

    editor.task = task_id  # even with the id planted in the tab's state...
    EditorState.rename.fn(editor, "mine now")
    EditorState.set_goal.fn(editor, "99")
    EditorState.set_due.fn(editor, "2030-01-01")
    assert editor.found is False

    revisions = tab_state(editor, RevisionsState)
    _run(RevisionsState.show.fn(revisions))
    _run(RevisionsState.choose.fn(revisions, str(revision_id)))
    revisions.chosen = str(revision_id)
    _run(RevisionsState.restore.fn(revisions))
    assert revisions.items == [] and revisions.preview_html == "" and revisions.changes == []

    dashboard = tab_state(editor, DashboardState)
    dashboard.selected = [str(task_id)]
    DashboardState.analyse_selected.fn(dashboard)
    dashboard.selected = [str(task_id)]
    DashboardState.delete_selected.fn(dashboard)
    DashboardState.load.fn(dashboard)
    assert all(item.id != task_id for item in dashboard.items)

    assert _stored(task_id) == before and sent == []


def test_the_export_route_refuses_another_writer(world):
    from fastapi.testclient import TestClient

    from writers_app.api.app import create_api

    token, task_id, _revision, _sent = world
    client = TestClient(create_api())
    for fmt in ("md", "html", "txt", "docx"):
        answer = client.get(f"/api/editor/tasks/{task_id}/export/{fmt}", cookies={"writers_session": token})
        assert answer.status_code == 404 and b"secret" not in answer.content
    assert client.get(f"/api/editor/tasks/{task_id}/body", cookies={"writers_session": token}).status_code == 404


def test_readyz_needs_a_recent_worker_heartbeat(world, monkeypatch):
    from datetime import timedelta

    from fastapi.testclient import TestClient

    from writers_app.api.app import create_api
    from writers_app.core.security import utcnow
    from writers_app.models import Heartbeat
    from writers_app.services import health

    client = TestClient(create_api())
    assert client.get("/healthz").json() == {"status": "ok"}
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["checks"]["worker"]["ok"] is False
    with db_module.session_scope() as session:
        health.beat(session, name="worker:test:1", kind="worker", mode="embedded")
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json()["checks"]["database"]["ok"] is True
    with db_module.session_scope() as session:  # the worker went quiet a minute ago
        session.get(Heartbeat, "worker:test:1").seen_at = utcnow() - timedelta(minutes=1)
    assert client.get("/readyz").status_code == 503
