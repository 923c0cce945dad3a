"""Browser-facing protections and observability on the real server: security headers and the
Content-Security-Policy, the websocket's origin check, CORS, request ids, /metrics with event
handler and database timings, and the login page after too many failed attempts."""

from __future__ import annotations

import base64
import os
import socket

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import CORS_CLIENT
from tests.e2e.helpers import at, goto, login, login_and_wait

pytestmark = pytest.mark.e2e


def _handshake(base_url: str, origin: str | None) -> str:
    host, port = base_url.removeprefix("http://").split(":")
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}:{port}\r\n"
               f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               f"Sec-WebSocket-Version: 13\r\n" + (f"Origin: {origin}\r\n" if origin else "") + "\r\n")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request.encode())
        return sock.recv(4096).decode(errors="replace").split("\r\n", 1)[0]


def test_websocket_refuses_foreign_origins(app_server):
    assert " 101 " in _handshake(app_server.base_url, app_server.base_url)
    assert " 403 " in _handshake(app_server.base_url, "https://evil.example")
    assert " 403 " in _handshake(app_server.base_url, CORS_CLIENT)  # API CORS does not open the socket


def test_pages_carry_security_headers_and_a_request_id(app_server):
    page = httpx.get(app_server.base_url + "/login/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in page.headers  # plain HTTP in development
    assert len(page.headers["x-request-id"]) == 32
    echoed = httpx.get(app_server.base_url + "/healthz", headers={"X-Request-ID": "client-chosen-id-42"})
    assert echoed.headers["x-request-id"] == "client-chosen-id-42"
    junk = httpx.get(app_server.base_url + "/healthz", headers={"X-Request-ID": "bad id\twith tabs"})
    assert junk.headers["x-request-id"] != "bad id\twith tabs"
    # The server's own log line for it carries the id (JSON access log).
    log = app_server.log_path.read_text()
    assert '"request_id": "client-chosen-id-42"' in log and '"route": "/healthz"' in log


def test_cors_allows_only_the_configured_origins(app_server):
    preflight = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}
    allowed = httpx.options(app_server.base_url + "/healthz", headers={"Origin": CORS_CLIENT, **preflight})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == CORS_CLIENT
    foreign = httpx.options(app_server.base_url + "/healthz", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in foreign.headers
    simple = httpx.get(app_server.base_url + "/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


def test_metrics_show_requests_event_handlers_and_queries(app_server, page):
    email = app_server.create_user()
    login_and_wait(page, app_server.base_url, email)  # page load + Reflex events + queries
    text = httpx.get(app_server.base_url + "/metrics").text
    assert 'writers_http_requests_total{method="POST",route="/api/auth/login",status="303"}' in text
    assert 'writers_http_request_duration_seconds_count{method="POST",route="/api/auth/login"}' in text
    assert 'writers_event_handler_duration_seconds_count{handler="DashboardState.load"}' in text
    assert 'writers_db_query_duration_seconds_count{operation="select"}' in text
    active = next(line for line in text.splitlines() if line.startswith('writers_active_users{window="5m"}'))
    assert float(active.split()[-1]) >= 1
    assert "writers_queue_depth" in text
    for line in text.splitlines():  # never a raw URL as a label (unbounded cardinality)
        if line.startswith("writers_http_requests_total{"):
            route = line.split('route="')[1].split('"')[0]
            assert route.startswith("/") or route in {"page", "static", "other"}, route
            assert "?" not in route


def test_login_page_explains_a_lockout(app_server, page):
    email = app_server.create_user()
    for _ in range(8):  # the default budget of failed attempts per account
        login(page, app_server.base_url, email, "not the password at all")
        expect(page.locator("#login-error")).to_be_visible()
    login(page, app_server.base_url, email)  # even the right password now waits
    page.wait_for_url(at("/login", "error=auth.rate_limited"))
    expect(page.locator("#login-error")).to_contain_text("Too many attempts")
    expect(page.locator("#email")).to_have_value(email)  # what was typed is kept
    assert not any(c["name"] == "writers_session" for c in page.context.cookies())


def test_built_pages_have_no_module_preloads_and_hydrate(app_server, page):
    """writers_app/page_build.py: the served pages carry no modulepreload (nor any script preload:
    they delayed the first paint), and still hydrate with no error or warning."""
    html = httpx.get(app_server.base_url + "/login/").text
    assert 'rel="modulepreload"' not in html
    assert '<link rel="preload" as="script"' not in html
    assert '<script type="module"' in html  # the bootstrap that fetches the modules is there
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    goto(page, app_server.base_url + "/login")
    expect(page.locator('#page-root[data-hydrated="true"]')).to_be_attached()
    assert not problems, problems
