"""The server app's HTTP lane (writers_app/asgi.py): HTTP past Reflex's outer app, with Reflex's
context variables set; the websocket and the lifespan through Reflex's app as before."""

from __future__ import annotations

import asyncio
import contextvars
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi import FastAPI
from reflex.app import App
from reflex_base.registry import RegistrationContext
from starlette.applications import Starlette

from writers_app.api.middleware import HttpMiddleware
from writers_app.asgi import HttpLane, WritersApp


class _Recorder:
    def __init__(self) -> None:
        self.scopes: list[str] = []

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        self.scopes.append(scope["type"])


class _FakeReflexApp:
    def __init__(self) -> None:
        self.calls = 0

    def _set_contexts_internal(self) -> dict:
        self.calls += 1
        return {}


def _run_apart(make_coroutine):  # noqa: ANN001, ANN202
    """Run a coroutine on an event loop of its own, on a thread of its own, in a context with no
    Reflex context set, as the server runs each request (and apart from any loop this test
    process already runs: Playwright's sync API keeps one on the main thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(contextvars.Context().run, asyncio.run, make_coroutine()).result()


def _run(lane: HttpLane, kind: str) -> None:
    _run_apart(lambda: lane({"type": kind}, None, None))


def test_http_goes_to_our_stack_with_the_contexts_set_and_the_rest_to_reflex() -> None:
    reflex_asgi, ours, reflex_app = _Recorder(), _Recorder(), _FakeReflexApp()
    lane = HttpLane(reflex_asgi, ours, reflex_app)  # type: ignore[arg-type]
    _run(lane, "http")
    assert ours.scopes == ["http"] and reflex_asgi.scopes == [] and reflex_app.calls == 1
    _run(lane, "websocket")
    _run(lane, "lifespan")
    assert reflex_asgi.scopes == ["websocket", "lifespan"] and ours.scopes == ["http"]
    assert reflex_app.calls == 1


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """A WritersApp with a FastAPI app of one route inside HttpMiddleware, as writers_app.py
    builds it; the page compile is skipped (no pages here)."""
    monkeypatch.setattr(App, "_compile", lambda self, **_kw: None)
    api = FastAPI()
    seen: dict = {}

    @api.get("/hello")
    def hello() -> dict:
        seen["registration"] = RegistrationContext.get()
        return {"ok": True}

    transformers = [api, HttpMiddleware]
    # One App per RegistrationContext: this one gets a fork of the test session's.
    token = RegistrationContext.set(RegistrationContext.ensure_context().fork())
    try:
        app = WritersApp(api_transformer=transformers)
        asgi = app()
        yield app, asgi, transformers, seen
    finally:
        RegistrationContext.reset(token)


def _get(asgi, method: str, path: str, **kwargs) -> httpx.Response:  # noqa: ANN001
    async def call() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://t") as client:
            return await client.request(method, path, **kwargs)
    return _run_apart(call)


def test_the_server_app_is_the_lane_around_reflexs_app(served) -> None:  # noqa: ANN001
    app, asgi, transformers, _seen = served
    assert isinstance(asgi, HttpLane)
    assert isinstance(asgi.reflex_asgi, Starlette)  # Reflex's own app, for the websocket and lifespan
    assert isinstance(asgi.http_app, HttpMiddleware)  # the last transformer's answer
    assert app.api_transformer is transformers and len(transformers) == 2  # left as given


def test_our_routes_reflexs_routes_and_cors_answer_through_the_lane(served) -> None:  # noqa: ANN001
    app, asgi, _transformers, seen = served
    hello = _get(asgi, "GET", "/hello")
    assert hello.status_code == 200 and hello.json() == {"ok": True}
    assert hello.headers["x-request-id"] and hello.headers["x-content-type-options"] == "nosniff"
    assert seen["registration"] is app._registration_context  # set as Reflex's middleware sets it
    ping = _get(asgi, "GET", "/ping")  # Reflex's own route, mounted behind our FastAPI app
    assert ping.status_code == 200 and ping.json() == "pong"
    assert ping.headers["x-request-id"]
    assert _get(asgi, "GET", "/nothing-here").status_code == 404
    # CORS as Reflex configures it (its layer on our FastAPI app answers the preflight).
    origin = "http://localhost:3000"
    preflight = _get(asgi, "OPTIONS", "/hello",
                     headers={"Origin": origin, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == origin
    assert _get(asgi, "GET", "/hello", headers={"Origin": origin}).headers[
        "access-control-allow-origin"] == origin
