"""On SQLite (embedded mode) an integer past 64 bits cannot even be bound: the editor's routes
and list cursors refuse such ids as "not found" / bad input instead of answering 500."""

import base64

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_session_token, make_token, make_writer
from writers_app import db as db_module
from writers_app.models import User
from writers_app.services import sessions as session_service


@pytest.fixture
def client(app_db, settings):
    from writers_app.api.app import create_api

    with db_module.session_scope() as session:
        user = make_writer(session, settings)
        cookie = make_session_token(session, session.get(User, user.id), settings)
        token = make_token(session, user)
    client = TestClient(create_api(), raise_server_exceptions=False)
    client.cookies.update({session_service.SESSION_COOKIE: cookie})
    client.headers.update({"Authorization": f"Bearer {token}"})
    return client


@pytest.mark.parametrize("path", [
    f"/api/editor/tasks/{2**63}/body", f"/api/editor/tasks/{2**64 + 5}/export/md", f"/api/editor/tasks/{10**30}/body",
    "/api/editor/tasks/0/body", "/api/editor/tasks/-3/export/docx", "/api/editor/tasks/1e3/body",
])
def test_editor_routes_answer_404_for_ids_past_64_bits(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("raw", ["[1e400, 1]", f"[1, {2**64}]", f"[{2**70}, 2]", "[1.5, 1]"])
def test_list_cursors_past_64_bits_are_bad_input(client, raw):
    cursor = base64.urlsafe_b64encode(raw.encode()).decode()
    answer = client.get("/api/v1/tasks", params={"sort": "words", "cursor": cursor})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "error.bad_input"


@pytest.mark.parametrize("raw, expected", [(str(2**64), 0), (str(2**63), 0), ("9" * 19, 0), ("9" * 40, 0), ("٣", 0), ("12", 12), ("abc", 0)])
def test_the_editor_page_reads_ids_past_64_bits_as_no_task(signed_in, raw, expected):
    from writers_app.pages.editor.state import EditorState

    state = signed_in(EditorState, None, params={"task_id": raw})
    assert state._route_task_id() == expected
