""".github/workflows/ci.yml: yamllint clean, and the jobs, services and steps the pipeline needs."""

from __future__ import annotations

import yaml

from tests.ops.conftest import DEPLOY, ROOT, run, tool

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def test_yamllint_passes_on_the_workflow():
    result = run(tool("yamllint"), "-c", str(DEPLOY / ".yamllint.yml"), "-s", str(WORKFLOW))
    assert result.returncode == 0, result.stdout


def test_the_pipeline_tests_checks_then_builds_and_pushes():
    flow = yaml.safe_load(WORKFLOW.read_text())
    assert {"push", "pull_request"} <= set(flow[True] if True in flow else flow["on"])  # `on:` parses as True
    jobs = flow["jobs"]
    assert {"tests", "config-checks", "image"} <= set(jobs)

    tests = jobs["tests"]
    services = tests["services"]
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert "--health-cmd" in services["postgres"]["options"] and "--health-cmd" in services["redis"]["options"]
    runs = "\n".join(step.get("run", "") for step in tests["steps"])
    assert "pytest" in runs and "chromium" in runs
    assert flow["env"]["WRITERS_REQUIRE_SERVICES"] == "1" and flow["env"]["WRITERS_REQUIRE_BROWSER"] == "1"

    checks = "\n".join(step.get("run", "") for step in jobs["config-checks"]["steps"])
    assert "pytest tests/ops" in checks and "yamllint" in checks

    image = jobs["image"]
    assert set(image["needs"]) == {"tests", "config-checks"}
    assert image["if"] == "github.event_name == 'push'"
    build = next(s for s in image["steps"] if s.get("uses", "").startswith("docker/build-push-action@"))
    assert build["with"]["file"] == "deploy/Dockerfile" and build["with"]["push"] is True
    assert image["permissions"]["packages"] == "write"
    assert any(s.get("uses", "").startswith("docker/login-action@") for s in image["steps"])
