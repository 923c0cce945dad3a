"""Document-only security headers go on documents, not on the ~30 scripts, styles and fonts of a page."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from writers_app.api.middleware import HttpMiddleware

DOCUMENT_ONLY = ("content-security-policy", "permissions-policy", "x-frame-options", "cross-origin-opener-policy")


def _serving(content_type: str):
    async def app(scope, receive, send):  # noqa: ANN001
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", content_type.encode())]})
        await send({"type": "http.response.body", "body": b"x"})

    return TestClient(HttpMiddleware(app))


@pytest.mark.parametrize("content_type", ["text/javascript; charset=utf-8", "text/css; charset=utf-8", "font/woff2",
                                          "image/x-icon"])
def test_a_subresource_gets_nosniff_and_a_request_id_but_no_document_headers(settings, use_settings, content_type):
    use_settings(settings)
    response = _serving(content_type).get("/assets/x")
    assert response.headers["x-content-type-options"] == "nosniff" and response.headers["x-request-id"]
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert not [name for name in DOCUMENT_ONLY if name in response.headers]


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/json", "image/svg+xml",
                                          "text/plain"])
def test_documents_and_anything_that_could_be_one_keep_every_header(settings, use_settings, content_type):
    use_settings(settings)
    response = _serving(content_type).get("/login/")
    assert all(name in response.headers for name in DOCUMENT_ONLY)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_an_answer_without_a_content_type_keeps_every_header(settings, use_settings):
    async def app(scope, receive, send):  # noqa: ANN001
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    use_settings(settings)
    response = TestClient(HttpMiddleware(app)).get("/x")
    assert all(name in response.headers for name in DOCUMENT_ONLY)
