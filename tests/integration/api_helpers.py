"""Helpers shared by the /api/v1 tests."""

from __future__ import annotations

from writers_app.api.app import create_api

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _api_operations() -> set[tuple[str, str]]:
    """(METHOD, path) of every /api/v1 operation, read from the app itself (its OpenAPI schema)."""
    return {(method.upper(), path) for path, ops in create_api().openapi()["paths"].items()
            if path.startswith("/api/v1/") for method in ops}


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def _create(api, writer, title="A piece", body="<p>One two three.</p>") -> dict:
    answer = api.client.post("/api/v1/tasks", json={"title": title, "body_html": body}, headers=writer.headers)
    assert answer.status_code == 201, answer.text
    return answer.json()
