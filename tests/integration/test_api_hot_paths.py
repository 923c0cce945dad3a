"""The API's hot paths on PostgreSQL (bench/README.md, "Requests after the trim"): a details-only
PATCH is one UPDATE ... RETURNING outside a transaction, a list read runs without BEGIN and
ROLLBACK, and endpoints take the principal the router admitted. What they answer and what they
leave behind must be exactly what the ORM path did."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import event
from sqlmodel import select

from tests.integration.api_helpers import _create, _error
from writers_app.api.app import create_api
from writers_app.api.v1 import ROUTERS
from writers_app.api.v1.deps import admitted_principal, current_principal
from writers_app.models import Task

pytestmark = pytest.mark.integration


def _statements(engine) -> list[str]:  # noqa: ANN001
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: seen.append(statement))
    return seen


def test_title_patch_answers_what_a_get_answers_and_drops_the_cached_list(api):
    writer = api.writer()
    task = _create(api, writer, title="Old title", body="<p>Some words here.</p>")
    before = api.client.get("/api/v1/tasks", headers=writer.headers).json()  # now cached
    assert [t["title"] for t in before["items"]] == ["Old title"]

    statements = _statements(api.engine)
    changed = api.client.patch(f"/api/v1/tasks/{task['id']}", headers=writer.headers,
                               json={"title": "  Ein   neuer Titel ", "due_date": "2031-05-01"})
    assert changed.status_code == 200, changed.text
    updates = [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "SELECT"))]
    assert len(updates) == 1 and updates[0].lstrip().upper().startswith("UPDATE")  # one statement, no re-read
    assert changed.json() == api.client.get(f"/api/v1/tasks/{task['id']}", headers=writer.headers).json()
    assert changed.json()["title"] == "Ein neuer Titel" and changed.json()["due_date"] == "2031-05-01"
    assert changed.json()["updated_at"] > task["updated_at"] and changed.json()["body_html"] == task["body_html"]

    after = api.client.get("/api/v1/tasks", headers=writer.headers).json()
    assert [t["title"] for t in after["items"]] == ["Ein neuer Titel"]
    assert after["items"][0] == {k: v for k, v in changed.json().items() if k != "body_html"}
    # The title's search copy follows, as the ORM's flush hook keeps it.
    found = api.client.get("/api/v1/tasks", params={"search": "NEUER"}, headers=writer.headers).json()["items"]
    assert [t["id"] for t in found] == [task["id"]]
    with api.session() as session:
        row = session.exec(select(Task).where(Task.id == task["id"])).one()
        assert row.title_search == "ein neuer titel" and row.body_text == "Some words here."


def test_details_patch_of_someone_elses_or_a_trashed_task_is_not_found_and_changes_nothing(api):
    writer, intruder = api.writer(), api.writer()
    task = _create(api, writer, title="Mine")
    _error(api.client.patch(f"/api/v1/tasks/{task['id']}", headers=intruder.headers, json={"title": "Theirs"}), 404)
    assert api.client.delete(f"/api/v1/tasks/{task['id']}", headers=writer.headers).status_code == 204
    _error(api.client.patch(f"/api/v1/tasks/{task['id']}", headers=writer.headers, json={"title": "Gone"}), 404)
    with api.session() as session:
        assert session.exec(select(Task.title).where(Task.id == task["id"])).one() == "Mine"


def test_connections_go_back_to_the_pool_in_transactions(api):
    writer = api.writer()
    task = _create(api, writer)
    for _ in range(3):
        assert api.client.patch(f"/api/v1/tasks/{task['id']}", headers=writer.headers,
                                json={"title": "Again"}).status_code == 200
        assert api.client.get("/api/v1/tasks", headers=writer.headers).status_code == 200
    with api.engine.connect() as connection:
        assert connection.connection.dbapi_connection.autocommit is False
    # A transaction on a pooled connection still rolls back.
    with api.session() as session:
        session.exec(select(Task).where(Task.id == task["id"])).one().title = "Rolled back"
        session.flush()
        session.rollback()
    assert api.client.get(f"/api/v1/tasks/{task['id']}", headers=writer.headers).json()["title"] == "Again"


def test_every_route_taking_the_principal_is_behind_the_router_level_check():
    protected = {id(router) for router, options in ROUTERS if current_principal in
                 [d.dependency for d in options.get("dependencies", [])]}
    asking = 0
    for router, _options in ROUTERS:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            takes = any(d.call is admitted_principal for d in route.dependant.dependencies)
            asking += takes
            assert not takes or id(router) in protected, route.path
    assert asking > 20
    create_api()  # builds with the dependency in place


def test_title_patch_of_a_piece_with_logged_saves_answers_the_last_acknowledged_body(api):
    """Saves in the save log (not folded yet) are folded before the answer, so the PATCH answers
    the body and revision the editor was acknowledged, as a GET would."""
    from writers_app.models import TaskSave
    from writers_app.services import tasks as task_service

    writer = api.writer()
    task = _create(api, writer, title="Logged", body="<p>One.</p><p>Two.</p>")
    with api.session() as session:
        saved = task_service.save_blocks(session=session, owner_id=writer.id, task_id=task["id"],
                                         base_revision=task["revision"], start=1, delete_count=1,
                                         blocks=["<p>Two and three.</p>"])
        session.commit()
        assert session.exec(select(TaskSave).where(TaskSave.task_id == task["id"])).first() is not None  # logged

    changed = api.client.patch(f"/api/v1/tasks/{task['id']}", headers=writer.headers, json={"title": "Renamed"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["revision"] == saved.revision and changed.json()["body_html"] == "<p>One.</p><p>Two and three.</p>"
    assert changed.json()["title"] == "Renamed" and changed.json()["word_count"] == saved.word_count
    assert changed.json() == api.client.get(f"/api/v1/tasks/{task['id']}", headers=writer.headers).json()
    with api.session() as session:
        assert session.exec(select(TaskSave).where(TaskSave.task_id == task["id"])).first() is None  # folded
        row = session.get(Task, task["id"])
        assert (row.title, row.revision, row.body_text) == ("Renamed", saved.revision, "One.\n\nTwo and three.")
