"""PATCH /api/v1/tasks/{id}/revisions/{rid}: name, rename and clear a version; too long is 422
or `versions.name_too_long`; someone else's is 404."""

import pytest

from tests.integration.api_helpers import _create, _error

pytestmark = pytest.mark.integration


def test_name_rename_clear_a_version_and_others_get_404(api):
    writer, intruder = api.writer(), api.writer()
    task = _create(api, writer, title="Named", body="<p>First text.</p>")
    current = api.client.get(f"/api/v1/tasks/{task['id']}", headers=writer.headers).json()["revision"]
    assert api.client.patch(f"/api/v1/tasks/{task['id']}", headers=writer.headers,
                            json={"body_html": "<p>Second text.</p>", "base_revision": current}).status_code == 200
    rev = api.client.get(f"/api/v1/tasks/{task['id']}/revisions", headers=writer.headers).json()[-1]
    url = f"/api/v1/tasks/{task['id']}/revisions/{rev['id']}"
    for given, stored in (("sent to editor", "sent to editor"), (" فرستاده به ویراستار ", "فرستاده به ویراستار"),
                          ("", None), (None, None)):
        answer = api.client.patch(url, headers=writer.headers, json={"name": given})
        assert answer.status_code == 200 and answer.json()["name"] == stored, answer.text
        listed = api.client.get(f"/api/v1/tasks/{task['id']}/revisions", headers=writer.headers).json()
        assert [r["name"] for r in listed if r["id"] == rev["id"]] == [stored]
    _error(api.client.patch(url, headers=writer.headers, json={"name": "x" * 121}), 422)
    _error(api.client.patch(url, headers=writer.headers, json={"name": "a", "other": 1}), 422)
    _error(api.client.patch(url, headers=intruder.headers, json={"name": "mine"}), 404)
    _error(api.client.patch(f"/api/v1/tasks/{task['id']}/revisions/999999", headers=writer.headers,
                            json={"name": "x"}), 404)
