"""/_upload answers 400 (in the API's error shape) unless it names a handler that takes files:
Reflex's own route answered 500 for any other registered handler."""

import json

import pytest
from reflex_base.utils.format import format_event_handler

from tests.support.aio import run
from writers_app.api.middleware import HttpMiddleware, is_upload_handler


@pytest.fixture(scope="module")
def names():
    import writers_app.writers_app  # noqa: F401  (registers every state and handler)
    from writers_app.pages.dashboard.uploads import UploadState
    from writers_app.pages.password_reset import ForgotPasswordState
    from writers_app.pages.settings.password import PasswordState

    return {
        "upload": format_event_handler(UploadState.event_handlers["receive"]),
        "background": format_event_handler(ForgotPasswordState.event_handlers["submit"]),
        "plain": format_event_handler(PasswordState.event_handlers[next(iter(PasswordState.event_handlers))]),
    }


def _post_upload(handler_name: str) -> tuple[list[dict], bool]:
    reached = []

    async def downstream(scope, receive, send):
        reached.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "POST", "path": "/_upload", "headers": [
        (b"reflex-client-token", b"tab"), (b"reflex-event-handler", handler_name.encode())],
        "client": ("127.0.0.1", 1), "scheme": "http", "query_string": b""}
    run(HttpMiddleware(downstream)(scope, receive, send))
    return sent, bool(reached)


def test_our_upload_handler_takes_files(names):
    assert is_upload_handler(names["upload"])
    _sent, reached = _post_upload(names["upload"])
    assert reached


@pytest.mark.parametrize("which", ["background", "plain", "unknown", "empty"])
def test_other_handlers_are_refused_with_400(names, which):
    name = {"unknown": "state.nothing.here", "empty": ""}[which] if which in ("unknown", "empty") else names[which]
    assert not is_upload_handler(name)
    sent, reached = _post_upload(name)
    assert not reached
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"])["error"]["code"] == "error.bad_input"
