"""deploy/compose.yaml: parsed by docker-compose itself, then checked service by service."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.ops.conftest import DEPLOY, run, tool

REQUIRED_ENV = ("SECRET_KEY", "PUBLIC_URL", "POSTGRES_PASSWORD", "METRICS_TOKEN", "GRAFANA_ADMIN_PASSWORD")
ONE_OFF = {"migrate": "a one-off job that exits when done: it has no server to probe"}
MONITORING = {"prometheus", "alertmanager", "grafana", "loki", "promtail", "postgres-exporter", "redis-exporter"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY$|DATA_SOURCE_NAME|DATABASE_URL", re.I)


def compose_config(directory: Path) -> dict:
    """`docker-compose config` (every profile) with an .env made from .env.example."""
    env = (directory / ".env.example").read_text()
    for name in REQUIRED_ENV:
        env = re.sub(rf"^{name}=.*$", f"{name}=test-value-{name.lower()}", env, flags=re.M)
    (directory / ".env").write_text(env)
    result = run(tool("docker-compose"), "-f", str(directory / "compose.yaml"), "--profile", "monitoring",
                 "config", cwd=directory)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def problems(compose: dict, raw: dict) -> list[str]:
    """What a production compose file must not lack. `raw` is the file as written (before
    interpolation) to find secrets written in plain text."""
    found = []
    services = compose["services"]
    for name, svc in services.items():
        if "image" not in svc and "build" not in svc:
            found.append(f"{name}: neither image nor build")
        if "healthcheck" not in svc and name not in ONE_OFF:
            found.append(f"{name}: no healthcheck")
        if not svc.get("restart"):
            found.append(f"{name}: no restart policy")
        for dep, spec in (svc.get("depends_on") or {}).items():
            if not isinstance(spec, dict) or spec.get("condition") not in {"service_healthy", "service_completed_successfully"}:
                found.append(f"{name}: depends_on {dep} without a health/completion condition")
    for name, svc in raw["services"].items():
        env = svc.get("environment") or {}
        items = env.items() if isinstance(env, dict) else (e.split("=", 1) for e in env if "=" in e)
        for key, value in items:
            value = str(value)
            if SECRET_NAME.search(key) and value and "${" not in value:
                found.append(f"{name}: {key} written in plain text")
            if re.search(r"://[^:/@\s]+:(?!\$\{)[^@\s]+@", value):
                found.append(f"{name}: {key} has a password in a URL")
    for name in ("app", "worker", "migrate", "db", "redis", "nginx", *MONITORING):
        if name not in services:
            found.append(f"missing service {name}")
    return found


def raw_with_anchors(path: Path) -> dict:
    return yaml.safe_load(path.read_text())  # YAML anchors/merge keys resolved, ${...} kept


def test_compose_parses_and_every_service_is_production_ready(deploy_copy):
    compose = compose_config(deploy_copy)
    assert problems(compose, raw_with_anchors(deploy_copy / "compose.yaml")) == []
    services = compose["services"]
    assert services["migrate"]["command"] == ["migrate"]
    assert services["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "/readyz" in " ".join(services["app"]["healthcheck"]["test"])
    assert "--appendonly" in services["redis"]["command"] and "yes" in services["redis"]["command"]
    assert any("pgdata" in str(v) and "/var/lib/postgresql/data" in str(v) for v in services["db"]["volumes"])
    # app and worker are scalable: no fixed container name, no published host port.
    for name in ("app", "worker"):
        assert "container_name" not in services[name] and "ports" not in services[name]
        assert services[name]["image"] == services["migrate"]["image"]  # one image, every role
    for name in MONITORING:
        assert services[name].get("profiles") == ["monitoring"], name


def test_env_example_names_every_variable_compose_and_settings_use():
    from writers_app.settings import Settings

    example = (DEPLOY / ".env.example").read_text()
    named = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", example, flags=re.M))
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", (DEPLOY / "compose.yaml").read_text()))
    assert used <= named, used - named
    set_by_compose = {"DATABASE_URL", "REDIS_URL", "APP_ENV", "FORWARDED_ALLOW_IPS",
                      "STORAGE_DIR", "OUTBOX_DIR"}  # compose.yaml / the Dockerfile set these
    settings_vars = {name.upper() for name in Settings.model_fields}
    assert settings_vars - named - set_by_compose == set()
    for secret in REQUIRED_ENV:
        assert re.search(rf"^{secret}=$", example, flags=re.M) or secret == "PUBLIC_URL", \
            f"{secret} must be empty in the example"


@pytest.mark.parametrize("mutation, expected", [
    (lambda c: c["services"]["app"].pop("healthcheck"), "app: no healthcheck"),
    (lambda c: c["services"]["worker"].pop("restart"), "worker: no restart policy"),
    (lambda c: c["services"]["db"]["environment"].update(POSTGRES_PASSWORD="hunter2"),
     "db: POSTGRES_PASSWORD written in plain text"),
    (lambda c: c["services"]["postgres-exporter"]["environment"].update(
        DATA_SOURCE_NAME="postgresql://writers:hunter2@db:5432/writers"), "postgres-exporter: DATA_SOURCE_NAME"),
    (lambda c: c["services"]["app"].update(depends_on=["db"]), "app: depends_on db without"),
])
def test_the_compose_check_fails_on_a_broken_copy(deploy_copy, mutation, expected):
    path = deploy_copy / "compose.yaml"
    raw = raw_with_anchors(path)
    mutation(raw)
    # Written back without anchors (yaml.safe_dump expands them): still a valid compose file.
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    compose = compose_config(deploy_copy)
    assert any(p.startswith(expected) for p in problems(compose, raw_with_anchors(path))), problems(compose, raw)


def test_docker_compose_itself_refuses_a_broken_copy(deploy_copy):
    path = deploy_copy / "compose.yaml"
    path.write_text(path.read_text().replace("condition: service_healthy", "condition: when_ready", 1))
    (deploy_copy / ".env").write_text((deploy_copy / ".env.example").read_text().replace("SECRET_KEY=\n", "SECRET_KEY=x\n"))
    result = run(tool("docker-compose"), "-f", str(path), "config", cwd=deploy_copy)
    assert result.returncode != 0
