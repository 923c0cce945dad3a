"""/api/v1 on PostgreSQL: every endpoint, ownership (404 for someone else's), scopes, auth."""

from __future__ import annotations

import io
import unicodedata
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import update
from sqlmodel import select

from tests.factories import PASSWORD
from tests.integration.api_helpers import _create, _error
from writers_app.services import cache
from writers_app.core.security import utcnow
from writers_app.models import ApiToken, AuditEvent, Task, User, WebhookDelivery

pytestmark = pytest.mark.integration

# --- auth -------------------------------------------------------------------------------------

def test_password_login_gives_a_short_lived_jwt_that_follows_the_account(api):
    writer = api.writer()
    answer = api.client.post("/api/v1/auth/token", json={"email": writer.email.upper(), "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "bearer" and 0 < body["expires_in"] <= api.settings.api_jwt_minutes * 60
    jwt_headers = {"Authorization": f"Bearer {body['access_token']}"}
    me = api.client.get("/api/v1/users/me", headers=jwt_headers)
    assert me.status_code == 200 and me.json()["email"] == writer.email
    assert "password_hash" not in me.json()
    # A JWT session may write.
    assert api.client.post("/api/v1/tasks", json={"title": "by jwt"}, headers=jwt_headers).status_code == 201
    # Deactivation ends it at once, like the browser session.
    with api.session() as session:
        session.exec(update(User).where(User.id == writer.id).values(is_active=False))
        session.commit()
    cache.reset_memory()  # as above; test_cached_answers_never_outlive_a_change deactivates through the service
    _error(api.client.get("/api/v1/users/me", headers=jwt_headers), 401, "api.unauthorized")
    _error(api.client.post("/api/v1/auth/token", json={"email": writer.email, "password": PASSWORD}), 401,
           "auth.invalid_credentials")


def test_failed_login_is_refused_and_audited_like_the_form(api):
    writer = api.writer()
    answer = api.client.post("/api/v1/auth/token", json={"email": writer.email, "password": "wrong password!"})
    error = _error(answer, 401, "auth.invalid_credentials")
    assert "password" in error["message"]
    assert answer.headers["www-authenticate"] == "Bearer"
    with api.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "auth.login_failed",
                                                       AuditEvent.target_user_id == writer.id)).all()
    assert len(events) == 1 and events[0].detail["reason"] == "password"
    _error(api.client.post("/api/v1/auth/token", json={"email": "nobody@example.com", "password": "x" * 12}), 401)


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer wrt_not-a-token", "Bearer not.a.jwt", "Basic abc"])
def test_missing_or_bad_credentials_are_401(api, header):
    headers = {"Authorization": header} if header else {}
    _error(api.client.get("/api/v1/tasks", headers=headers), 401, "api.unauthorized")


def test_revoked_expired_and_deactivated_tokens_are_401(api):
    writer = api.writer()
    assert api.client.get("/api/v1/users/me", headers=writer.headers).status_code == 200
    with api.session() as session:
        row = session.exec(select(ApiToken).where(ApiToken.user_id == writer.id)).one()
        assert row.last_used_at is not None  # recorded on use
        assert row.token_hash != writer.token and writer.token.startswith("wrt_") and len(writer.token) > 40

    # expired
    with api.session() as session:
        session.exec(update(ApiToken).where(ApiToken.user_id == writer.id).values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    cache.reset_memory()  # edited behind the services' back: drop the cached answer (services do it themselves)
    _error(api.client.get("/api/v1/users/me", headers=writer.headers), 401)

    # revoked (through the API, with a second token)
    other = api.token_for(writer, scope="read-write")
    tokens = api.client.get("/api/v1/tokens", headers=other).json()
    mine = next(t for t in tokens if t["name"] == "read-write")
    assert set(mine) == {"id", "name", "scope", "prefix", "created_at", "expires_at", "last_used_at"}
    assert api.client.delete(f"/api/v1/tokens/{mine['id']}", headers=other).status_code == 204
    _error(api.client.get("/api/v1/users/me", headers=other), 401)

    # deactivated
    third = api.token_for(writer, scope="read")
    assert api.client.get("/api/v1/users/me", headers=third).status_code == 200
    with api.session() as session:
        session.exec(update(User).where(User.id == writer.id).values(is_active=False))
        session.commit()
    cache.reset_memory()  # as above; test_cached_answers_never_outlive_a_change deactivates through the service
    _error(api.client.get("/api/v1/users/me", headers=third), 401)


def test_token_creation_and_revocation_are_audited_for_the_admin_filter(api):
    from writers_app.models import UserPublic
    from writers_app.services import audit

    writer = api.writer()
    other = api.token_for(writer, scope="read")
    token_id = api.client.get("/api/v1/tokens", headers=other).json()[0]["id"]
    assert api.client.delete(f"/api/v1/tokens/{token_id}", headers=writer.headers).status_code == 204
    admin = UserPublic(id=0, email="a@example.com", display_name="A", role="admin", is_active=True,
                       preferred_language="en", created_at=utcnow())
    with api.session() as session:
        created = audit.list_events(session=session, actor=admin, action="api.token_created", user_id=writer.id)
        revoked = audit.list_events(session=session, actor=admin, action="api.token_revoked", user_id=writer.id)
    assert len(created) == 2 and {e.detail["scope"] for e in created} == {"read", "read-write"}
    assert len(revoked) == 1 and revoked[0].detail["token_id"] == token_id
    assert "api.token_created" in audit.ACTIONS and "api.token_revoked" in audit.ACTIONS


# --- tasks ------------------------------------------------------------------------------------

def test_create_get_update_delete_a_task(api):
    writer = api.writer()
    created = _create(api, writer, body='<p onclick="x()">Hello <script>alert(1)</script>world</p>')
    assert "script" not in created["body_html"] and "onclick" not in created["body_html"]
    assert created["status"] == "draft" and created["word_count"] == 2
    task_id = created["id"]
    got = api.client.get(f"/api/v1/tasks/{task_id}", headers=writer.headers).json()
    assert got["body_html"] == created["body_html"]

    changed = api.client.patch(f"/api/v1/tasks/{task_id}", headers=writer.headers,
                               json={"title": "  New   title ", "word_goal": 500, "due_date": "2030-01-31"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["title"], changed.json()["word_goal"], changed.json()["due_date"]) == \
        ("New title", 500, "2030-01-31")
    cleared = api.client.patch(f"/api/v1/tasks/{task_id}", headers=writer.headers, json={"word_goal": None}).json()
    assert cleared["word_goal"] is None and cleared["due_date"] == "2030-01-31"

    revision = cleared["revision"]
    saved = api.client.patch(f"/api/v1/tasks/{task_id}", headers=writer.headers,
                             json={"body_html": "<p>Four five six seven.</p>", "base_revision": revision})
    assert saved.status_code == 200 and saved.json()["revision"] == revision + 1
    assert saved.json()["word_count"] == 4
    stale = api.client.patch(f"/api/v1/tasks/{task_id}", headers=writer.headers,
                             json={"body_html": "<p>Lost?</p>", "base_revision": revision})
    _error(stale, 409, "editor.conflict")
    _error(api.client.patch(f"/api/v1/tasks/{task_id}", headers=writer.headers, json={"body_html": "<p>x</p>"}),
           422, "api.validation_failed")
    _error(api.client.patch(f"/api/v1/tasks/{task_id}", headers=writer.headers, json={"word_goal": 0}), 422)

    assert api.client.delete(f"/api/v1/tasks/{task_id}", headers=writer.headers).status_code == 204
    _error(api.client.get(f"/api/v1/tasks/{task_id}", headers=writer.headers), 404, "error.not_found")
    _error(api.client.delete(f"/api/v1/tasks/{task_id}", headers=writer.headers), 404)


def test_list_filters_sorts_and_pages_with_a_cursor(api):
    writer = api.writer()
    for i in range(7):
        _create(api, writer, title=f"Piece {i} {'lighthouse' if i % 2 else 'garden'}")
    with api.session() as session:
        first = session.exec(select(Task).where(Task.owner_id == writer.id).order_by(Task.id)).first()
        session.exec(update(Task).where(Task.id == first.id).values(status="analyzed"))
        session.commit()

    seen, cursor = [], None
    while True:
        params = {"limit": 3, "sort": "title"} | ({"cursor": cursor} if cursor else {})
        page = api.client.get("/api/v1/tasks", params=params, headers=writer.headers)
        assert page.status_code == 200, page.text
        seen += [item["title"] for item in page.json()["items"]]
        assert "body_html" not in (page.json()["items"] or [{}])[0]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == 7

    found = api.client.get("/api/v1/tasks", params={"search": "house"}, headers=writer.headers).json()["items"]
    assert len(found) == 3 and all("lighthouse" in t["title"] for t in found)
    # The same Persian-aware folding as the dashboard: Arabic ي/ك and a ZWNJ typed, ی/ک and a space searched.
    persian = _create(api, writer, title="نامه", body="<p>كتابي كه مي\u200cخواهم</p>")
    for term in ("کتابی که می خواهم", "میخواهم", "كتاب"):
        found = api.client.get("/api/v1/tasks", params={"search": term}, headers=writer.headers).json()["items"]
        assert [t["id"] for t in found] == [persian["id"]], term
    analysed = api.client.get("/api/v1/tasks", params={"status": "analyzed"}, headers=writer.headers).json()
    assert [t["id"] for t in analysed["items"]] == [first.id]
    _error(api.client.get("/api/v1/tasks", params={"limit": 101}, headers=writer.headers), 422, "api.validation_failed")
    _error(api.client.get("/api/v1/tasks", params={"status": "nope"}, headers=writer.headers), 422)
    _error(api.client.get("/api/v1/tasks", params={"cursor": "bm90LWpzb24"}, headers=writer.headers), 400,
           "error.bad_input")
    # Another writer's list is empty: lists are always the caller's own.
    assert api.client.get("/api/v1/tasks", headers=api.writer().headers).json() == {"items": [], "next_cursor": None}


def test_upload_creates_a_queued_task_and_enqueues_it(api):
    writer = api.writer()
    answer = api.client.post("/api/v1/tasks/upload", headers=writer.headers,
                             files={"file": ("My draft.txt", "First line of the draft.\n".encode(), "text/plain")})
    assert answer.status_code == 201, answer.text
    task = answer.json()
    assert task["status"] == "queued" and task["title"] == "My draft"
    assert api.queued == [task["id"]]

    too_big = b"x" * (api.settings.upload_max_bytes + 200 * 1024)
    _error(api.client.post("/api/v1/tasks/upload", headers=writer.headers,
                           files={"file": ("big.txt", too_big, "text/plain")}), 413, "upload.too_large")
    _error(api.client.post("/api/v1/tasks/upload", headers=writer.headers,
                           files={"file": ("fake.pdf", b"not a pdf at all", "application/pdf")}), 415,
           "upload.type_mismatch")
    _error(api.client.post("/api/v1/tasks/upload", headers=writer.headers,
                           files={"file": ("empty.txt", b"", "text/plain")}), 422, "upload.empty")
    _error(api.client.post("/api/v1/tasks/upload", headers={**writer.headers, "Content-Type": "text/plain"},
                           content=b"hello"), 415, "api.unsupported_media_type")
    _error(api.client.post("/api/v1/tasks/upload", headers=writer.headers, data={"other": "x"},
                           files={"nofile": ("a.txt", b"a", "text/plain")}), 422)
    assert api.queued == [task["id"]]  # nothing else was queued


def test_upload_exactly_at_the_limit_is_accepted_one_byte_more_is_not(api):
    writer = api.writer()
    limit = api.settings.upload_max_bytes
    ok = api.client.post("/api/v1/tasks/upload", headers=writer.headers,
                         files={"file": ("edge.txt", b"a " * (limit // 2), "text/plain")})
    assert ok.status_code == 201, ok.text
    _error(api.client.post("/api/v1/tasks/upload", headers=writer.headers,
                           files={"file": ("edge.txt", b"a " * (limit // 2) + b"a", "text/plain")}), 413)


def test_reanalyse_then_read_the_analysis(api):
    from writers_app.services import processing

    writer = api.writer()
    task = _create(api, writer, body="<p>The lighthouse keeper wrote every night. He wrote slowly.</p>")
    _error(api.client.get(f"/api/v1/tasks/{task['id']}/analysis", headers=writer.headers), 404,
           "api.analysis_missing")
    queued = api.client.post(f"/api/v1/tasks/{task['id']}/analyse", headers=writer.headers)
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    assert api.queued == [task["id"]]
    processing.run_task(task["id"], settings=api.settings)  # what the worker does with it
    analysis = api.client.get(f"/api/v1/tasks/{task['id']}/analysis", headers=writer.headers)
    assert analysis.status_code == 200, analysis.text
    body = analysis.json()
    assert body["task_status"] == "analyzed" and body["current"] is True and body["words"] == 9
    assert "sections" in body["result"]


def test_revisions_and_exports(api):
    writer = api.writer()
    task = _create(api, writer, title="Export me", body="<p>First text.</p>")
    for n, text in enumerate(("<p>Second text.</p>", "<p>Third text.</p>")):
        current = api.client.get(f"/api/v1/tasks/{task['id']}", headers=writer.headers).json()["revision"]
        assert api.client.patch(f"/api/v1/tasks/{task['id']}", headers=writer.headers,
                                json={"body_html": text, "base_revision": current}).status_code == 200
    revisions = api.client.get(f"/api/v1/tasks/{task['id']}/revisions", headers=writer.headers).json()
    assert len(revisions) >= 2 and all("body_html" not in r for r in revisions)
    one = api.client.get(f"/api/v1/tasks/{task['id']}/revisions/{revisions[-1]['id']}", headers=writer.headers)
    assert one.status_code == 200 and "text" in one.json()["body_html"] and one.json()["title"] == "Export me"
    _error(api.client.get(f"/api/v1/tasks/{task['id']}/revisions/999999", headers=writer.headers), 404)

    for fmt, media in (("md", "text/markdown"), ("html", "text/html"), ("txt", "text/plain"),
                       ("docx", "application/vnd.openxmlformats"), ("pdf", "application/pdf")):
        answer = api.client.get(f"/api/v1/tasks/{task['id']}/export/{fmt}", headers=writer.headers)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
        assert "Export%20me." + fmt in answer.headers["content-disposition"]
        if fmt not in ("docx", "pdf"):
            assert "Third text." in answer.text
    _error(api.client.get(f"/api/v1/tasks/{task['id']}/export/odt", headers=writer.headers), 422)


def test_pdf_export_has_the_text_title_and_author(api):
    writer = api.writer()
    task = _create(api, writer, title="گزارش من", body="<p>متن فارسی نخست.</p><p>An English line.</p>")
    answer = api.client.get(f"/api/v1/tasks/{task['id']}/export/pdf", headers=writer.headers)
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(answer.content))
    text = " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split())
    assert "متن فارسی نخست." in text and "An English line." in text and "گزارش من" in text
    me = api.client.get("/api/v1/users/me", headers=writer.headers).json()
    assert reader.metadata.title == "گزارش من" and reader.metadata.author == me["display_name"]
    _error(api.client.get(f"/api/v1/tasks/{task['id']}/export/pdf", headers=api.writer().headers), 404)


# --- webhooks ---------------------------------------------------------------------------------

def test_webhooks_create_list_test_deliveries_delete(api):
    writer = api.writer()
    created = api.client.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=writer.headers)
    assert created.status_code == 201, created.text
    hook = created.json()
    assert len(hook["secret"]) >= 32
    listed = api.client.get("/api/v1/webhooks", headers=writer.headers).json()
    assert listed == [{k: v for k, v in hook.items() if k != "secret"}]
    tested = api.client.post(f"/api/v1/webhooks/{hook['id']}/test", headers=writer.headers)
    assert tested.status_code == 202 and api.pings == [(hook["id"], "ping", None)]
    with api.session() as session:
        session.add(WebhookDelivery(webhook_id=hook["id"], event="ping", status_code=204, ok=True))
        session.commit()
    deliveries = api.client.get("/api/v1/webhooks/deliveries", headers=writer.headers).json()
    assert [(d["event"], d["ok"]) for d in deliveries] == [("ping", True)]
    _error(api.client.post("/api/v1/webhooks", json={"url": "ftp://example.com/"}, headers=writer.headers), 400,
           "webhook.url_invalid")
    assert api.client.delete(f"/api/v1/webhooks/{hook['id']}", headers=writer.headers).status_code == 204
    assert api.client.get("/api/v1/webhooks", headers=writer.headers).json() == []
