"""/api/docs renders from the app's own assets with every non-local request blocked, and a
writer creates, uses and revokes a personal API token on the settings page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
from playwright.sync_api import expect

from tests.e2e.helpers import BROWSER_STORAGE, goto, login_and_wait

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def test_swagger_ui_renders_with_no_internet(app_server, page, context):
    blocked: list[str] = []

    def only_local(route) -> None:  # noqa: ANN001
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page.goto(app_server.base_url + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Writers API")
    expect(page.locator(".opblock").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    for expected in ("/api/v1/auth/token", "/api/v1/tasks", "/api/v1/tasks/{task_id}/export/{fmt}",
                     "/api/v1/webhooks", "/api/v1/users/me"):
        assert any(p.replace("\u200b", "") == expected for p in paths), (expected, paths)
    expect(page.locator(".btn.authorize")).to_be_visible()  # bearer auth is declared
    assert blocked == []  # nothing outside the app was even asked for
    assert httpx.get(app_server.base_url + "/api/docs/assets/LICENSE").text.lstrip().startswith("Apache License")


def test_personal_token_is_shown_once_works_and_can_be_revoked(app_server, page):
    email = app_server.create_user(name="Token Maker")
    login_and_wait(page, app_server.base_url, email)
    goto(page, app_server.base_url + "/settings")
    page.fill("#token-name", "My script")
    page.click("#create-token")
    shown = page.locator("#new-token")
    expect(shown).to_contain_text("wrt_")
    token = shown.inner_text().strip()
    expect(page.locator(".token-row")).to_have_count(1)
    expect(page.locator(".token-row")).to_contain_text("My script")
    expect(page.locator(".token-row")).to_contain_text(token[:10])

    headers = {"Authorization": f"Bearer {token}"}
    me = httpx.get(app_server.base_url + "/api/v1/users/me", headers=headers)
    assert me.status_code == 200 and me.json()["email"] == email
    # Read-only by default: writing is refused.
    refused = httpx.post(app_server.base_url + "/api/v1/tasks", headers=headers, json={"title": "x"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "api.read_only_token"

    goto(page, app_server.base_url + "/settings")  # shown once: gone after a reload
    expect(page.locator(".token-row")).to_have_count(1)
    expect(page.locator("#new-token")).to_have_count(0)
    assert token not in page.content()

    page.locator(".revoke-token").click()
    expect(page.locator(".token-row")).to_have_count(0)
    assert httpx.get(app_server.base_url + "/api/v1/users/me", headers=headers).status_code == 401


def test_the_real_server_answers_api_errors_in_the_json_shape(app_server):
    """Behind Reflex (which mounts its own app under the API), unknown /api/v1 paths, missing
    tokens and wrong methods still get the API's error shape; the browser routes keep theirs."""
    base = app_server.base_url
    for method, path, status, code in (("GET", "/api/v1/no-such-thing", 404, "error.not_found"),
                                       ("GET", "/api/v1/tasks", 401, "api.unauthorized"),
                                       ("PUT", "/api/v1/tasks", 405, "api.method_not_allowed")):
        answer = httpx.request(method, base + path)
        assert answer.status_code == status, (path, answer.status_code, answer.text[:200])
        assert answer.json()["error"]["code"] == code
    assert httpx.get(base + "/api/editor/tasks/1/body").json() == {"detail": "auth.session_expired"}


def test_a_token_typed_into_the_docs_never_reaches_browser_storage(app_server, page):
    """Swagger UI can persist "Authorize" into localStorage; ours must keep it in memory only:
    used for the call, then gone from every browser store and after a reload."""
    from sqlmodel import Session, select

    from tests.factories import make_token
    from writers_app.db import make_engine
    from writers_app.models import User

    email = app_server.create_user(name="Docs Reader")
    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        user_id = session.exec(select(User.id).where(User.email == email)).one()
        token = make_token(session, user_id, scope="read", name="docs")
        session.commit()
    engine.dispose()

    page.goto(app_server.base_url + "/api/docs")
    expect(page.locator(".btn.authorize")).to_have_class(re.compile(r"\bunlocked\b"))
    page.click(".btn.authorize")
    page.locator(".auth-container input").first.fill(token)
    page.click(".auth-btn-wrapper .authorize")
    page.click(".auth-btn-wrapper .btn-done")
    expect(page.locator(".btn.authorize")).to_have_class(re.compile(r"\blocked\b"))

    # The token is really used: "Try it out" on users/me answers 200 with this writer.
    operation = page.locator(".opblock", has=page.locator(".opblock-summary-path", has_text="/api/v1/users/me"))
    operation.locator(".opblock-summary").click()
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_contain_text("200")
    expect(operation.locator(".live-responses-table")).to_contain_text(email)

    stored = page.evaluate(BROWSER_STORAGE)
    assert token not in stored and token[4:20] not in stored
    assert "authorized" not in page.evaluate("() => Object.keys(window.localStorage).join(' ')")

    page.reload()
    expect(page.locator(".btn.authorize")).to_have_class(re.compile(r"\bunlocked\b"))
    assert token not in page.evaluate(BROWSER_STORAGE)
