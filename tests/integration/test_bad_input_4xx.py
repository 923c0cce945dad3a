"""Bad input answers 4xx, never 500: cursors with huge, infinite or float values, ids past 64 bits
on the editor's routes, webhook URLs with a bad port or a stray bracket (through /api/v1 on
PostgreSQL), and /_upload aimed at a handler that takes no files (tests/unit/test_upload_guard.py)."""

from __future__ import annotations

import base64

import pytest

from tests.factories import make_session_token
from tests.integration.api_helpers import _create, _error
from writers_app.models import User
from writers_app.services import sessions as session_service


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode()


CURSORS = [
    ("words", "[1e400, 1]"),  # infinity once parsed
    ("words", "[1, 1e400]"),
    ("words", f"[{2**70}, 1]"),  # past 64 bits
    ("words", f"[1, {2**64}]"),
    ("words", f"[1, -{2**64}]"),
    ("words", "[1.5, 1]"),
    ("updated", "[\"2024-01-01T00:00:00\", 1.5]"),
    ("title", f"[\"a\", {10**30}]"),
    ("title", "[\"a\", 1e20]"),
    ("updated", "[\"99999-01-01\", 1]"),
    ("words", "[true, 1]"),
]


@pytest.mark.parametrize("sort, raw", CURSORS)
def test_bad_cursors_are_refused(api, sort, raw):
    writer = api.writer()
    answer = api.client.get("/api/v1/tasks", params={"sort": sort, "cursor": _cursor(raw)}, headers=writer.headers)
    _error(answer, 400, "error.bad_input")


WEBHOOK_URLS = ["http://[::1/hook", "http://example.com:99999/", "http://example.com:abc/", "http://]x[/",
                "http://[zz::1]/"]


@pytest.mark.parametrize("url", WEBHOOK_URLS)
def test_bad_webhook_urls_are_refused(api, url):
    writer = api.writer()
    answer = api.client.post("/api/v1/webhooks", json={"url": url}, headers=writer.headers)
    _error(answer, 400, "webhook.url_invalid")


def _browser_cookie(api) -> dict[str, str]:
    writer = api.writer()
    with api.session() as session:
        token = make_session_token(session, session.get(User, writer.id), api.settings)
        session.commit()
    return {session_service.SESSION_COOKIE: token}


@pytest.mark.parametrize("path", [
    f"/api/editor/tasks/{2**63}/body", f"/api/editor/tasks/{2**64 + 5}/body", f"/api/editor/tasks/{10**30}/export/md",
    "/api/editor/tasks/-1/body", "/api/editor/tasks/0/export/docx",
])
def test_editor_routes_refuse_ids_past_64_bits(api, path):
    api.client.cookies.update(_browser_cookie(api))
    answer = api.client.get(path)
    assert answer.status_code == 404, answer.text


def test_editor_routes_still_serve_a_real_task(api):
    writer = api.writer()
    task = _create(api, writer)
    with api.session() as session:
        token = make_session_token(session, session.get(User, writer.id), api.settings)
        session.commit()
    api.client.cookies.update({session_service.SESSION_COOKIE: token})
    answer = api.client.get(f"/api/editor/tasks/{task['id']}/body")
    assert answer.status_code == 200 and "One two three" in answer.json()["html"]


@pytest.mark.parametrize("path", [f"/api/v1/tasks/{2**63}", f"/api/v1/tasks/1/revisions/{2**64}",
                                  f"/api/v1/webhooks/{2**63}/test"])
def test_api_ids_past_their_range_are_refused(api, path):
    writer = api.writer()
    method = api.client.post if path.endswith("/test") else api.client.get
    _error(method(path, headers=writer.headers), 422, "api.validation_failed")


def test_deep_html_through_the_api_is_refused(api):
    writer = api.writer()
    body = "<div>" * 40_000 + "x" + "</div>" * 40_000
    answer = api.client.post("/api/v1/tasks", json={"title": "Deep", "body_html": body}, headers=writer.headers)
    _error(answer, 400, "editor.too_deep")


@pytest.mark.parametrize("path", [f"/api/editor/tasks/{2**63}/spelling", f"/api/editor/tasks/{10**30}/spelling/suggestions",
                                  "/api/editor/tasks/-1/spelling", "/api/editor/tasks/0/spelling/suggestions"])
def test_spelling_routes_refuse_ids_past_64_bits(api, path):
    api.client.cookies.update(_browser_cookie(api))
    answer = api.client.post(path, json={"blocks": ["teh"], "word": "teh"})
    assert answer.status_code == 404, answer.text
