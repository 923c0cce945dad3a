"""deploy/k8s: kubernetes-validate (strict) on the built-in kinds, a schema of our own for
KEDA's ScaledObject, checkov with every skip explained, what the manifests must say, and the
Redis list name KEDA watches read from a real RedisBroker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.ops.conftest import DEPLOY, OPS_VENV, run, tool

K8S = DEPLOY / "k8s"
KEDA = K8S / "keda-scaledobject.yaml"
KEDA_SCHEMA = Path(__file__).parent / "schemas" / "keda-scaledobject.schema.json"
K8S_VERSION = "1.30.0"


def manifests(directory: Path = K8S) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def resources(directory: Path = K8S) -> list[dict]:
    return [doc for path in manifests(directory) for doc in yaml.safe_load_all(path.read_text()) if doc]


def kubernetes_validate(*paths: Path):
    return run(tool("kubernetes-validate"), "-k", K8S_VERSION, "--strict", "--quiet", *map(str, paths))


def test_kubernetes_validate_accepts_every_built_in_manifest():
    built_in = [p for p in manifests() if p != KEDA]
    result = kubernetes_validate(*built_in)
    assert result.returncode == 0, result.stdout + result.stderr
    # The KEDA CRD is unknown to it (a warning, not a check): validated below instead.
    assert "ScaledObject" in kubernetes_validate(KEDA).stdout + kubernetes_validate(KEDA).stderr


def test_kubernetes_validate_refuses_a_broken_copy(deploy_copy):
    app = deploy_copy / "k8s" / "app.yaml"
    app.write_text(app.read_text().replace("containerPort: 3000", "containerPort: \"http\"").replace(
        "revisionHistoryLimit: 5", "revisionHistoryLimit: 5\n  replica: 2"))
    result = kubernetes_validate(app)
    assert result.returncode != 0


def keda_validate(path: Path):
    """KEDA's ScaledObject against tests/ops/schemas (jsonschema from the ops venv)."""
    python = OPS_VENV / "bin" / "python"
    if not python.exists():
        tool("kubernetes-validate")  # skips/fails the same way as a missing tool
    script = ("import json, sys, yaml, jsonschema; schema = json.load(open(sys.argv[1])); "
              "jsonschema.validate(yaml.safe_load(open(sys.argv[2])), schema, "
              "format_checker=jsonschema.FormatChecker()); print('valid')")
    return run(str(python), "-c", script, str(KEDA_SCHEMA), str(path))


def test_the_keda_scaled_object_matches_its_schema_and_a_broken_copy_does_not(deploy_copy):
    ok = keda_validate(KEDA)
    assert ok.returncode == 0, ok.stderr
    broken = deploy_copy / "k8s" / "keda-scaledobject.yaml"
    broken.write_text(KEDA.read_text().replace("listName:", "list:"))
    bad = keda_validate(broken)
    assert bad.returncode != 0 and "ValidationError" in bad.stderr


def checkov(directory: Path):
    return run(tool("checkov"), "-d", str(directory), "--framework", "kubernetes", "--quiet", "--compact",
               "--skip-download", "-o", "json")


def test_checkov_passes_with_every_skip_explained():
    result = checkov(K8S)
    assert result.returncode == 0, result.stdout[-4000:]
    for resource in resources():
        for key, value in (resource["metadata"].get("annotations") or {}).items():
            if key.startswith("checkov.io/skip"):
                check, _, reason = value.partition("=")
                assert re.fullmatch(r"CKV2?_K8S_\d+", check) and len(reason) > 20, value


def test_checkov_fails_on_a_broken_copy(deploy_copy):
    worker = deploy_copy / "k8s" / "worker.yaml"
    worker.write_text(worker.read_text().replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true")
                      .replace("            capabilities: {drop: [ALL]}\n", ""))
    result = checkov(deploy_copy / "k8s")
    assert result.returncode != 0
    assert "CKV_K8S_20" in result.stdout


def by_kind(kind: str) -> list[dict]:
    return [r for r in resources() if r["kind"] == kind]


def test_the_manifests_say_what_the_deployment_needs():
    deployments = {d["metadata"]["name"]: d for d in by_kind("Deployment")}
    assert {"writers-app", "writers-worker"} <= deployments.keys()
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] >= 10000
        for container in pod["containers"]:
            assert container["resources"]["requests"], name
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
    app = deployments["writers-app"]["spec"]["template"]["spec"]["containers"][0]
    assert app["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert app["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert app["args"] == ["app"]
    assert deployments["writers-worker"]["spec"]["template"]["spec"]["containers"][0]["args"] == ["worker"]
    job = by_kind("Job")[0]["spec"]["template"]["spec"]
    assert job["containers"][0]["args"] == ["migrate"] and job["restartPolicy"] == "Never"
    annotations = by_kind("Ingress")[0]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert by_kind("HorizontalPodAutoscaler")[0]["spec"]["scaleTargetRef"]["name"] == "writers-app"
    assert {p["metadata"]["name"] for p in by_kind("PodDisruptionBudget")} == {"writers-app", "writers-worker"}
    assert by_kind("Service")
    # The example Secret holds placeholders only (a URL without credentials is no secret).
    for value in by_kind("Secret")[0]["stringData"].values():
        assert value == "" or "replace" in value.lower() or not re.search(r"://[^@/]*@", value), value
    scaled = by_kind("ScaledObject")[0]
    assert scaled["spec"]["scaleTargetRef"]["name"] == "writers-worker"


@pytest.mark.integration
def test_keda_watches_the_list_dramatiq_really_uses(redis_server):
    """Enqueue on a real RedisBroker (namespace "dramatiq", the app's queue name) and list the
    keys: the ScaledObject's listName is the list that holds the message."""
    import dramatiq
    import redis
    from dramatiq.brokers.redis import RedisBroker

    from writers_app import jobs

    client = redis.Redis.from_url(redis_server)
    client.flushdb()
    broker = RedisBroker(url=redis_server, namespace="dramatiq")
    try:
        queue = jobs.QUEUES[jobs.PROCESS_TASK]
        broker.declare_queue(queue)
        broker.enqueue(dramatiq.Message(queue_name=queue, actor_name=jobs.PROCESS_TASK, args=(1,),
                                        kwargs={}, options={}))
        lists = {k.decode() for k in client.keys("*") if client.type(k) == b"list"}
    finally:
        broker.close()
        client.flushdb()
    trigger = yaml.safe_load(KEDA.read_text())["spec"]["triggers"][0]["metadata"]
    assert lists == {trigger["listName"]} == {"dramatiq:analysis"}
    assert trigger["databaseIndex"] == "0"  # REDIS_QUEUE_DB's default
