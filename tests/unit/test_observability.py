"""Request ids, the JSON access log (with the user id, never a secret), /metrics, security
headers, the CSP's script hashes and the websocket origin check."""

from __future__ import annotations

import io
import json
import logging

import pytest
from fastapi.testclient import TestClient
from pythonjsonlogger.json import JsonFormatter

from tests.conftest import TEST_SECRET, make_settings
from tests.factories import make_session_token, make_task, make_writer
from writers_app import db as db_module
from writers_app.api.middleware import HttpMiddleware, content_security_policy, inline_script_hashes, security_headers
from writers_app.logs import ContextFilter
from writers_app.services import ratelimit
from writers_app.websocket import origin_checker


@pytest.fixture
def logs():
    """Every log line of the test, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("{asctime}{levelname}{name}{message}", style="{"))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old)


@pytest.fixture
def client(app_db, settings):
    from writers_app.api.app import create_api

    ratelimit.reset_memory()
    return TestClient(HttpMiddleware(create_api()), follow_redirects=False)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


def test_access_log_carries_request_and_user_ids(client, settings, logs):
    with db_module.session_scope() as session:
        user = make_writer(session, settings)
        token = make_session_token(session, user, settings)
        task = make_task(session, user, title="T", body_html="<p>x</p>")
    response = client.get(f"/api/editor/tasks/{task.id}/body", cookies={"writers_session": token},
                          headers={"X-Request-ID": "req-12345678"})
    assert response.status_code == 200 and response.headers["x-request-id"] == "req-12345678"
    access = [r for r in _lines(logs) if r["name"] == "writers.access"]
    assert access[-1]["request_id"] == "req-12345678" and access[-1]["user_id"] == user.id
    assert access[-1]["route"] == "/api/editor/tasks/{task_id}/body" and access[-1]["status"] == 200
    assert access[-1]["path"] == f"/api/editor/tasks/{task.id}/body"


def test_no_secret_ever_reaches_the_logs(client, settings, logs):
    secret_password = "correct horse battery staple 42"
    client.post("/api/auth/register", data={"email": "s@example.com", "display_name": "S",
                                            "password": secret_password})
    client.post("/api/auth/login", data={"email": "s@example.com", "password": "wrong-" + secret_password})
    ok = client.post("/api/auth/login", data={"email": "s@example.com", "password": secret_password})
    cookie = ok.cookies.get("writers_session") or ok.headers["set-cookie"].split("writers_session=")[1].split(";")[0]
    client.post("/api/auth/logout", cookies={"writers_session": cookie})
    client.get("/login?token=reset-token-value-xyz")  # query strings never logged
    # Everything the server side logged (the test client's own httpx lines are not the app's).
    text = "\n".join(json.dumps(r) for r in _lines(logs) if r["name"] not in {"httpx", "httpcore"})
    assert "writers.access" in text and "audit" in text  # the flows above did log
    for secret in (secret_password, cookie, TEST_SECRET, "reset-token-value-xyz", "$2b$"):
        assert secret not in text


def test_metrics_endpoint_counts_requests_and_can_require_a_token(client, settings, monkeypatch):
    for _ in range(3):
        client.get("/healthz")
    text = client.get("/metrics").text
    line = next(x for x in text.splitlines()
                if x.startswith('writers_http_requests_total{method="GET",route="/healthz",status="200"}'))
    assert float(line.split()[-1]) >= 3
    assert "writers_active_users" in text and "writers_queue_depth" in text

    from pydantic import SecretStr

    monkeypatch.setattr(settings, "metrics_token", SecretStr("scrape-token-123"))
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer scrape-token-123"}).status_code == 200


def test_metrics_count_the_workers_whose_heartbeat_is_recent(client):
    from datetime import timedelta

    from writers_app.core.security import utcnow
    from writers_app.db import session_scope
    from writers_app.models import Heartbeat
    from writers_app.services import health

    def alive() -> float:
        line = next(x for x in client.get("/metrics").text.splitlines() if x.startswith("writers_workers_alive "))
        return float(line.split()[-1])

    assert alive() == 0
    with session_scope() as session:
        health.beat(session, name="worker:a", kind="worker")
        health.beat(session, name="worker:b", kind="worker")
        health.beat(session, name="sweeper", kind="sweeper")
    assert alive() == 2
    with session_scope() as session:  # one falls silent
        row = session.get(Heartbeat, "worker:b")
        row.seen_at = utcnow() - health.WORKER_STALE - timedelta(seconds=1)
        session.add(row)
    assert alive() == 1


def test_security_headers_and_hsts_only_in_production(tmp_path):
    dev = dict(security_headers(make_settings(tmp_path), "/dashboard/", "id"))
    assert dev[b"x-content-type-options"] == b"nosniff" and dev[b"x-frame-options"] == b"DENY"
    assert b"frame-ancestors 'none'" in dev[b"content-security-policy"]
    assert b"strict-transport-security" not in dev
    prod = dict(security_headers(make_settings(tmp_path, app_env="prod", metrics_token="m" * 32), "/", "id"))
    assert prod[b"strict-transport-security"].startswith(b"max-age=31536000")


def test_csp_allows_exactly_the_inline_scripts_of_the_build(tmp_path):
    import base64
    import hashlib

    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_bytes(
        b'<html><head><script src="/writers.js"></script><script>window.x = 1;</script></head>'
        b'<body><script type="module">import "/a.js";</script></body></html>')
    hashes = inline_script_hashes.__wrapped__(tmp_path)
    expected = {f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
                for body in (b"window.x = 1;", b'import "/a.js";')}
    assert set(hashes) == expected
    assert "'unsafe-inline'" not in content_security_policy().split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in content_security_policy()


def test_websocket_origin_check(tmp_path):
    check = origin_checker(make_settings(tmp_path, public_url="https://writers.example/"))
    env = {"wsgi.url_scheme": "https", "HTTP_HOST": "writers.example"}
    assert check("https://writers.example", env)
    assert check("http://10.0.0.5:3000", {"wsgi.url_scheme": "http", "HTTP_HOST": "10.0.0.5:3000"})  # same origin
    assert not check("https://evil.example", env)
    assert not check("http://writers.example", env)  # scheme matters
    assert check(None, env)  # no Origin: not a browser, no ambient cookies


def test_event_handlers_are_timed():
    import asyncio

    from reflex_base.event.processor import base_state_processor as processor

    from writers_app.metrics import EVENT_LATENCY
    from writers_app.state.event_timing import timed_event_processing

    calls = []

    async def original(*, handler, **kwargs):
        calls.append(handler)

    processor_before = processor.process_event
    processor.process_event = original
    try:
        timed_event_processing()

        class Handler:
            def fn(self):  # noqa: ANN201
                return None

        Handler.fn.__qualname__ = "SomeState.some_handler"
        handler = type("H", (), {"fn": Handler.fn})()
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright may own this thread's loop
            pool.submit(asyncio.run, processor.process_event(handler=handler, payload={}, state=None,
                                                             root_state=None)).result()
        assert calls == [handler]
        count = [s for m in EVENT_LATENCY.collect() for s in m.samples
                 if s.name.endswith("_count") and s.labels.get("handler") == "SomeState.some_handler"]
        assert count and count[0].value == 1
    finally:
        processor.process_event = processor_before


def test_forwarded_headers_are_believed_only_from_trusted_proxies():
    from writers_app.api.middleware import apply_forwarded, trusted_networks

    proxies = trusted_networks(("10.0.0.0/8", "127.0.0.1"))

    def scope(peer: str, forwarded: str, proto: str = "https") -> dict:
        return {"client": (peer, 1234), "scheme": "http",
                "headers": [(b"x-forwarded-for", forwarded.encode()), (b"x-forwarded-proto", proto.encode())]}

    behind = scope("10.1.2.3", "6.6.6.6, 203.0.113.9, 10.0.0.7")  # client claimed 6.6.6.6
    apply_forwarded(behind, proxies)
    assert behind["client"][0] == "203.0.113.9" and behind["scheme"] == "https"

    direct = scope("198.51.100.4", "1.2.3.4")  # not a proxy: its header is a lie
    apply_forwarded(direct, proxies)
    assert direct["client"][0] == "198.51.100.4" and direct["scheme"] == "http"


def test_rate_limits_use_the_real_client_behind_a_proxy(app_db, settings, monkeypatch):
    from writers_app.api.app import create_api

    monkeypatch.setattr(settings, "forwarded_allow_ips", ["127.0.0.0/8"])
    monkeypatch.setattr(settings, "rate_limit_login_ip", "2 per minute")
    ratelimit.reset_memory()
    app = HttpMiddleware(create_api())

    async def via_proxy(scope, receive, send):  # the test client's peer is "testclient": make it the proxy
        scope["client"] = ("127.0.0.1", 5555)
        await app(scope, receive, send)

    client = TestClient(via_proxy, follow_redirects=False)

    def attempt(ip: str) -> int:
        return client.post("/api/auth/login", data={"email": "x@example.com", "password": "p"},
                           headers={"X-Forwarded-For": ip}).status_code

    assert [attempt("203.0.113.1") for _ in range(3)] == [303, 303, 429]
    assert attempt("203.0.113.2") == 303  # another reader behind the same proxy is not blocked
