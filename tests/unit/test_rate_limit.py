"""Login and registration rate limits over the real HTTP routes: 429 with Retry-After, the
login page's message, the lock-out in the audit log, and access again after the window."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.conftest import make_settings
from tests.factories import PASSWORD, make_writer
from writers_app import db as db_module
from writers_app.models import AuditEvent
from writers_app.services import ratelimit


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path, rate_limit_login_account="3 per 2 seconds",
                         rate_limit_login_ip="6 per 2 seconds", rate_limit_register_ip="2 per 2 seconds",
                         rate_limit_register_account="20 per minute")


@pytest.fixture
def client(app_db, settings):
    from writers_app.api.app import create_api

    ratelimit.reset_memory()
    with db_module.session_scope() as session:
        make_writer(session, settings, email="me@example.com")
    return TestClient(create_api(), follow_redirects=False)


def _login(client: TestClient, password: str, email: str = "me@example.com"):
    return client.post("/api/auth/login", data={"email": email, "password": password, "next": "/dashboard"})


def _wait(response) -> None:
    time.sleep(int(response.headers["Retry-After"]) + 0.2)


def test_failed_logins_lock_the_account_until_the_window_passes(client):
    for _ in range(3):
        response = _login(client, "wrong password!")
        assert response.status_code == 303 and "auth.invalid_credentials" in response.headers["location"]
    # Now even the right password is refused, with a Retry-After and the login page's message.
    locked = _login(client, PASSWORD)
    assert locked.status_code == 429
    assert 1 <= int(locked.headers["Retry-After"]) <= 2
    assert "/login?error=auth.rate_limited" in locked.text and 'http-equiv="refresh"' in locked.text
    assert "writers_session" not in locked.headers.get("set-cookie", "")
    with db_module.session_scope() as session:
        lockouts = session.exec(select(AuditEvent).where(AuditEvent.action == "auth.lockout")).all()
    assert len(lockouts) == 1 and lockouts[0].detail["email"] == "me@example.com"

    _wait(locked)
    back = _login(client, PASSWORD)
    assert back.status_code == 303 and back.headers["location"] == "/dashboard"
    assert "writers_session=" in back.headers["set-cookie"]


def test_unknown_accounts_are_locked_out_the_same_way(client):
    for _ in range(3):
        assert _login(client, "wrong password!", email="nobody@example.com").status_code == 303
    assert _login(client, "wrong password!", email="nobody@example.com").status_code == 429
    # Another account from the same address is not locked (only the IP budget is shared).
    assert _login(client, PASSWORD).status_code == 303


def test_one_address_is_limited_across_accounts(client):
    statuses = [_login(client, "wrong password!", email=f"u{i}@example.com").status_code for i in range(7)]
    assert statuses[:6] == [303] * 6 and statuses[6] == 429


def test_registration_is_limited_per_address(client):
    def register(i: int):
        return client.post("/api/auth/register", data={
            "email": f"new{i}@example.com", "display_name": "New", "password": PASSWORD, "lang": "fa"})

    assert [register(i).status_code for i in range(2)] == [303, 303]
    refused = register(2)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "/register?error=auth.rate_limited" in refused.text
    assert "new2%40example.com" in refused.text  # what was typed comes back
    _wait(refused)
    assert register(3).status_code == 303


def test_storage_failure_lets_requests_through(client, monkeypatch):
    class Broken:
        def hit(self, *a):
            raise ConnectionError("redis down")
        test = hit

    monkeypatch.setattr(ratelimit, "_limiter", lambda settings: ratelimit._Limiter(None, Broken()))
    for _ in range(5):
        assert _login(client, "wrong password!").status_code == 303
