"""The trash through /api/v1 on PostgreSQL: DELETE moves a task to the trash (then every read
of it is 404 and it is in no list), GET /trash lists it with its purge date, POST .../restore
brings it back unchanged, DELETE /trash/{id} deletes it for good. Another writer's is 404."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.integration.api_helpers import _create, _error

pytestmark = pytest.mark.integration


def test_delete_moves_to_the_trash_and_restore_brings_it_back(api):
    writer = api.writer()
    task = _create(api, writer, title="To the trash", body="<p>snow in the hills</p>")
    kept = _create(api, writer, title="Kept")
    url = f"/api/v1/tasks/{task['id']}"
    before = api.client.get(url, headers=writer.headers).json()

    assert api.client.delete(url, headers=writer.headers).status_code == 204
    for path in (url, f"{url}/revisions", f"{url}/analysis", f"{url}/export/md"):
        _error(api.client.get(path, headers=writer.headers), 404, "error.not_found")
    _error(api.client.patch(url, json={"title": "x"}, headers=writer.headers), 404)
    _error(api.client.delete(url, headers=writer.headers), 404)  # already in the trash
    listed = api.client.get("/api/v1/tasks", headers=writer.headers).json()["items"]
    assert [t["id"] for t in listed] == [kept["id"]]
    assert api.client.get("/api/v1/tasks?search=snow", headers=writer.headers).json()["items"] == []

    [item] = api.client.get("/api/v1/trash", headers=writer.headers).json()["items"]
    assert item["id"] == task["id"] and item["title"] == "To the trash"
    deleted, purge = datetime.fromisoformat(item["deleted_at"]), datetime.fromisoformat(item["purge_at"])
    assert purge - deleted == timedelta(days=api.settings.trash_days)

    restored = api.client.post(f"{url}/restore", headers=writer.headers)
    assert restored.status_code == 200 and restored.json()["id"] == task["id"]
    assert api.client.get(url, headers=writer.headers).json() == before
    assert api.client.get("/api/v1/trash", headers=writer.headers).json()["items"] == []
    _error(api.client.post(f"{url}/restore", headers=writer.headers), 404)  # no longer in the trash
    assert len(api.client.get("/api/v1/tasks?search=snow", headers=writer.headers).json()["items"]) == 1


def test_delete_forever_only_from_the_trash_and_only_your_own(api):
    writer, other = api.writer(), api.writer()
    task = _create(api, writer)
    _error(api.client.delete(f"/api/v1/trash/{task['id']}", headers=writer.headers), 404)  # live: trash it first
    assert api.client.delete(f"/api/v1/tasks/{task['id']}", headers=writer.headers).status_code == 204
    assert api.client.get("/api/v1/trash", headers=other.headers).json()["items"] == []
    _error(api.client.post(f"/api/v1/tasks/{task['id']}/restore", headers=other.headers), 404)
    _error(api.client.delete(f"/api/v1/trash/{task['id']}", headers=other.headers), 404)
    assert len(api.client.get("/api/v1/trash", headers=writer.headers).json()["items"]) == 1

    assert api.client.delete(f"/api/v1/trash/{task['id']}", headers=writer.headers).status_code == 204
    assert api.client.get("/api/v1/trash", headers=writer.headers).json()["items"] == []
    _error(api.client.post(f"/api/v1/tasks/{task['id']}/restore", headers=writer.headers), 404)


def test_the_trash_list_pages_and_refuses_a_bad_cursor(api):
    writer = api.writer()
    ids = [_create(api, writer, title=f"P{i}")["id"] for i in range(3)]
    for task_id in ids:
        api.client.delete(f"/api/v1/tasks/{task_id}", headers=writer.headers)
    first = api.client.get("/api/v1/trash?limit=2", headers=writer.headers).json()
    second = api.client.get(f"/api/v1/trash?limit=2&cursor={first['next_cursor']}", headers=writer.headers).json()
    assert sorted(t["id"] for t in first["items"] + second["items"]) == sorted(ids)
    assert second["next_cursor"] is None
    _error(api.client.get("/api/v1/trash?cursor=bm90LWpzb24=", headers=writer.headers), 400)
    _error(api.client.get("/api/v1/trash?limit=0", headers=writer.headers), 422)
