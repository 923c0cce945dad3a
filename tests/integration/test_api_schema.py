"""Schemathesis over the whole /api/v1 schema on PostgreSQL: for every operation, generated
requests, valid and invalid, authenticated with a read-write token of a seeded writer, never
get a server error, and every response matches the schema (documented status code, content
type, body).

Driven through Hypothesis directly (schemathesis' pytest plugin does not run on pytest 9).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from writers_app.api.app import create_api

pytestmark = pytest.mark.integration

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
MAX_EXAMPLES = 25


def _load(app):  # noqa: ANN001, ANN202
    return schemathesis.openapi.from_asgi("/api/openapi.json", app).include(path_regex="^/api/v1/")


OPERATIONS = sorted(result.ok().label for result in _load(create_api()).get_all_operations())


def test_the_whole_api_is_covered():
    assert len(OPERATIONS) == 24  # 21 paths


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_conforms_to_the_schema(api, label):
    writer = api.writer()
    # Something to find: tasks with revisions, a webhook.
    for n in range(3):
        task = api.client.post("/api/v1/tasks", headers=writer.headers,
                               json={"title": f"Seeded {n}", "body_html": f"<p>Seeded text {n}.</p>"}).json()
        api.client.patch(f"/api/v1/tasks/{task['id']}", headers=writer.headers,
                         json={"body_html": "<p>Changed.</p>", "base_revision": task["revision"]})
    hook = api.client.post("/api/v1/webhooks", headers=writer.headers, json={"url": "http://127.0.0.1:9/seed"}).json()
    existing = {"task_id": task["id"], "webhook_id": hook["id"],
                "revision_id": api.client.get(f"/api/v1/tasks/{task['id']}/revisions",
                                              headers=writer.headers).json()[0]["id"],
                "token_id": api.client.get("/api/v1/tokens", headers=writer.headers).json()[0]["id"]}
    operation = next(r.ok() for r in _load(api.client.app).get_all_operations() if r.ok().label == label)
    strategies = [operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)]
    ids = {name: value for name, value in existing.items() if "{" + name + "}" in operation.path}
    if ids:  # random ids are almost always someone else's: aim at the writer's own resources too
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=ids))
    strategy = st.one_of(*strategies)

    @given(case=strategy)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:  # noqa: ANN001
        case.call_and_validate(headers=dict(writer.headers), checks=CHECKS)

    run()
