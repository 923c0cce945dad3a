"""/api/v1 on PostgreSQL: someone else's resources answer 404 on every route, read-only tokens
cannot write, errors keep one shape, limits and caches."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.factories import PASSWORD, make_admin
from tests.integration.api_helpers import WRITE_METHODS, _api_operations, _create, _error
from writers_app.api.app import create_api
from writers_app.models import AuditEvent

pytestmark = pytest.mark.integration

# --- ownership matrix -------------------------------------------------------------------------

def _resources_of(api, writer) -> dict[str, int]:
    task = _create(api, writer, body="<p>Mine.</p>")
    current = task["revision"]
    api.client.patch(f"/api/v1/tasks/{task['id']}", headers=writer.headers,
                     json={"body_html": "<p>Mine, changed.</p>", "base_revision": current})
    revision = api.client.get(f"/api/v1/tasks/{task['id']}/revisions", headers=writer.headers).json()[0]["id"]
    hook = api.client.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/h"}, headers=writer.headers).json()
    token = api.client.get("/api/v1/tokens", headers=writer.headers).json()[0]["id"]
    return {"task": task["id"], "revision": revision, "webhook": hook["id"], "token": token}


OTHERS_RESOURCES = [
    ("GET", "/api/v1/tasks/{task}", None),
    ("PATCH", "/api/v1/tasks/{task}", {"title": "mine now"}),
    ("PATCH", "/api/v1/tasks/{task}", {"body_html": "<p>x</p>", "base_revision": 1}),
    ("DELETE", "/api/v1/tasks/{task}", None),
    ("POST", "/api/v1/tasks/{task}/restore", None),
    ("DELETE", "/api/v1/trash/{task}", None),
    ("POST", "/api/v1/tasks/{task}/analyse", None),
    ("GET", "/api/v1/tasks/{task}/analysis", None),
    ("GET", "/api/v1/tasks/{task}/revisions", None),
    ("GET", "/api/v1/tasks/{task}/revisions/{revision}", None),
    ("PATCH", "/api/v1/tasks/{task}/revisions/{revision}", {"name": "mine now"}),
    ("GET", "/api/v1/tasks/{task}/export/md", None),
    ("GET", "/api/v1/tasks/{task}/export/docx", None),
    ("GET", "/api/v1/tasks/{task}/export/pdf", None),
    ("DELETE", "/api/v1/webhooks/{webhook}", None),
    ("POST", "/api/v1/webhooks/{webhook}/test", None),
    ("DELETE", "/api/v1/tokens/{token}", None),
]


@pytest.mark.parametrize(("method", "template", "body"), OTHERS_RESOURCES,
                         ids=[f"{m} {p}" for m, p, _ in OTHERS_RESOURCES])
def test_writer_b_gets_404_on_each_of_writer_as_resources(api, method, template, body):
    a, b = api.writer(), api.writer()
    ids = _resources_of(api, a)
    url = template.format(**ids)
    answer = api.client.request(method, url, headers=b.headers, json=body)
    _error(answer, 404, "error.not_found")
    # ... and A's resource is untouched and still A's.
    assert api.client.get(f"/api/v1/tasks/{ids['task']}", headers=a.headers).json()["title"] == "A piece"
    assert len(api.client.get("/api/v1/webhooks", headers=a.headers).json()) == 1
    assert len(api.client.get("/api/v1/tokens", headers=a.headers).json()) == 1
    assert api.queued == [] and api.pings == []


def test_the_matrix_covers_every_route_with_an_owned_resource():
    routes = {(m, p) for m, p in _api_operations() if "{" in p}
    covered = {(m, t.replace("{task}", "{task_id}").replace("{revision}", "{revision_id}")
                .replace("{webhook}", "{webhook_id}").replace("{token}", "{token_id}")
                .replace("/export/md", "/export/{fmt}").replace("/export/docx", "/export/{fmt}")
                .replace("/export/pdf", "/export/{fmt}"))
               for m, t, _ in OTHERS_RESOURCES}
    assert routes == covered


# --- scopes -----------------------------------------------------------------------------------

def _write_routes() -> list[tuple[str, str]]:
    return sorted((m, p) for m, p in _api_operations() if m in WRITE_METHODS and p != "/api/v1/auth/token")


def test_write_routes_are_the_ones_expected():
    # A new write route joins the parametrised test below by itself; this only guards the derivation.
    assert len(_write_routes()) >= 9 and ("POST", "/api/v1/tasks/upload") in _write_routes()


@pytest.mark.parametrize(("method", "path"), _write_routes(), ids=[f"{m} {p}" for m, p in _write_routes()])
def test_a_read_only_token_cannot_write(api, method, path):
    writer = api.writer()
    ids = _resources_of(api, writer)
    reader = api.token_for(writer, scope="read")
    url = path.format(task_id=ids["task"], revision_id=ids["revision"], webhook_id=ids["webhook"],
                      token_id=ids["token"])
    kwargs = {"json": {"title": "x", "url": "http://127.0.0.1:9/x"}}
    if path.endswith("/upload"):
        kwargs = {"files": {"file": ("a.txt", b"some text", "text/plain")}}
    before = (api.client.get(f"/api/v1/tasks/{ids['task']}", headers=writer.headers).json(),
              api.client.get("/api/v1/tasks", headers=writer.headers).json(),
              api.client.get("/api/v1/webhooks", headers=writer.headers).json(),
              len(api.client.get("/api/v1/tokens", headers=writer.headers).json()))
    _error(api.client.request(method, url, headers=reader, **kwargs), 403, "api.read_only_token")
    after = (api.client.get(f"/api/v1/tasks/{ids['task']}", headers=writer.headers).json(),
             api.client.get("/api/v1/tasks", headers=writer.headers).json(),
             api.client.get("/api/v1/webhooks", headers=writer.headers).json(),
             len(api.client.get("/api/v1/tokens", headers=writer.headers).json()))
    assert before == after and api.queued == [] and api.pings == []
    # Reading is fine with the same token.
    assert api.client.get("/api/v1/tasks", headers=reader).status_code == 200


# --- error shape ------------------------------------------------------------------------------

def test_validation_errors_use_the_json_error_shape(api):
    writer = api.writer()
    error = _error(api.client.post("/api/v1/tasks", json={"title": 5, "extra": 1}, headers=writer.headers), 422,
                   "api.validation_failed")
    assert {tuple(d["loc"]) for d in error["details"]} == {("body", "title"), ("body", "extra")}
    _error(api.client.post("/api/v1/tasks", content=b"{not json", headers={**writer.headers,
                                                                          "Content-Type": "application/json"}), 422)
    _error(api.client.post("/api/v1/tasks", json={"title": "nul\u0000"}, headers=writer.headers), 422)
    _error(api.client.get("/api/v1/tasks/0", headers=writer.headers), 422)
    _error(api.client.get("/api/v1/tasks/99999999999", headers=writer.headers), 422)
    _error(api.client.get("/api/v1/no-such-thing", headers=writer.headers), 404, "error.not_found")
    _error(api.client.put("/api/v1/tasks", headers=writer.headers), 405, "api.method_not_allowed")


def test_browser_routes_keep_their_own_error_behaviour(api):
    answer = api.client.get("/api/editor/tasks/1/body")
    assert answer.status_code == 401 and answer.json() == {"detail": "auth.session_expired"}
    assert api.client.get("/no-such-page").json() == {"detail": "Not Found"}


def test_schema_exposes_no_secret_fields():
    schema = create_api().openapi()
    text = str(schema["components"]["schemas"])
    for forbidden in ("password_hash", "token_hash", "failure_detail", "body_text"):
        assert forbidden not in text
    assert "bearer" in schema["components"]["securitySchemes"]


def test_each_token_has_a_request_budget_then_429_with_retry_after(api, monkeypatch):
    from writers_app.services import ratelimit

    monkeypatch.setattr(api.settings, "rate_limit_api", "3 per 2 seconds")
    ratelimit.reset_memory()
    writer = api.writer()
    other = api.token_for(writer, scope="read")
    assert [api.client.get("/api/v1/users/me", headers=writer.headers).status_code for _ in range(3)] == [200] * 3
    refused = api.client.get("/api/v1/users/me", headers=writer.headers)
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 2
    assert refused.json()["error"]["code"] == "api.rate_limited"
    assert api.client.get("/api/v1/users/me", headers=other).status_code == 200  # its own budget
    import time

    time.sleep(int(refused.headers["Retry-After"]) + 0.2)
    assert api.client.get("/api/v1/users/me", headers=writer.headers).status_code == 200


def test_token_endpoint_shares_the_login_lockout(api, monkeypatch):

    from writers_app.services import ratelimit

    monkeypatch.setattr(api.settings, "rate_limit_login_account", "2 per minute")
    ratelimit.reset_memory()
    writer = api.writer()
    wrong = {"email": writer.email, "password": "not the password"}
    assert [api.client.post("/api/v1/auth/token", json=wrong).status_code for _ in range(2)] == [401, 401]
    locked = api.client.post("/api/v1/auth/token", json={"email": writer.email, "password": PASSWORD})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
    with api.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "auth.lockout")).all()
    assert any(e.detail.get("email") == writer.email and e.detail.get("via") == "api" for e in events)


def test_cached_answers_never_outlive_a_change(api):
    """Token answers and list pages are cached; revoking, deactivating, and every kind of write
    (the API's, the editor's, the worker's progress) is seen by the very next request."""
    from writers_app.services import api_tokens, processing, tasks, users

    writer = api.writer()
    second = api.token_for(writer, scope="read")
    page = lambda: api.client.get("/api/v1/tasks?limit=100", headers=writer.headers).json()["items"]  # noqa: E731
    assert page() == [] and page() == []  # the second answer came from the cache
    created = api.client.post("/api/v1/tasks", headers=writer.headers, json={"title": "New", "body_html": "<p>a</p>"})
    assert [t["title"] for t in page()] == ["New"]
    task_id = created.json()["id"]

    with api.session() as session:  # a save through the service, as the editor does it
        tasks.save_body(session=session, owner_id=writer.id, task_id=task_id, base_revision=0,
                        html="<p>a b c d</p>")
        session.commit()
    assert page()[0]["word_count"] == 4
    with api.session() as session:  # the worker's status and progress
        processing.request_analysis(session=session, owner_id=writer.id, task_ids=[task_id])
        session.commit()
    assert page()[0]["status"] == "queued"

    # Revoking a token that was just used (so its answer is cached) ends it at once.
    assert api.client.get("/api/v1/users/me", headers=second).status_code == 200
    token_id = api.client.get("/api/v1/tokens", headers=writer.headers).json()
    read_id = next(t["id"] for t in token_id if t["scope"] == "read")
    assert api.client.delete(f"/api/v1/tokens/{read_id}", headers=writer.headers).status_code == 204
    assert api.client.get("/api/v1/users/me", headers=second).status_code == 401

    # Deactivating the writer ends their cached tokens at once too.
    with api.session() as session:
        admin = make_admin(session, api.settings, display_name="Admin")
        session.commit()
        api.user_ids.append(admin.id)
        users.set_active(session=session, actor=admin, user_id=writer.id, active=False)
        session.commit()
    assert api.client.get("/api/v1/users/me", headers=writer.headers).status_code == 401
    assert api_tokens.RESOLVED_TTL_SECONDS <= 60
