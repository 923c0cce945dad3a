"""deploy/scripts/deploy.sh's decisions, with fake `docker`, `kubectl` and `curl` on PATH: shell
scripts that record their arguments (and WRITERS_IMAGE) and answer as the scenario wants."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.ops.conftest import DEPLOY, run

SCRIPT = DEPLOY / "scripts" / "deploy.sh"
OLD, NEW = "registry.example.com/writers:1.0.0", "registry.example.com/writers:1.1.0"

FAKE = """#!/bin/sh
echo "$(basename "$0") WRITERS_IMAGE=${WRITERS_IMAGE:-} $*" >> "$CALLS"
case "$(basename "$0") $*" in
  %s
esac
exit 0
"""


def fakes(bin_dir: Path, *, migrate_ok: bool = True, healthy: bool = True, rollout_ok: bool = True) -> None:
    bin_dir.mkdir()
    rules = {
        "docker": f'"docker compose run --rm migrate"*) exit {0 if migrate_ok else 1} ;;',
        "curl": f"curl*) exit {0 if healthy else 22} ;;",
        "kubectl": (f'*" wait "*) exit {0 if migrate_ok else 1} ;;\n'
                    f'  *" rollout status "*) exit {0 if rollout_ok else 1} ;;\n'
                    '  *" apply -f -"*) cat > /dev/null ;;'),
    }
    for name, rule in rules.items():
        path = bin_dir / name
        path.write_text(FAKE % rule)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    sleep = bin_dir / "sleep"  # the health check's pauses take no time here
    sleep.write_text("#!/bin/sh\nexit 0\n")
    sleep.chmod(0o755)


def deploy(tmp_path: Path, mode: str, image: str, *, previous: str | None = OLD, **scenario):
    fakes(tmp_path / "bin", **scenario)
    calls = tmp_path / "calls.log"
    calls.touch()
    state = tmp_path / "deployed-image"
    if previous:
        state.write_text(previous + "\n")
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}", "CALLS": str(calls),
           "STATE_FILE": str(state), "COMPOSE_DIR": str(DEPLOY), "HEALTH_TRIES": "3",
           "HEALTH_URL": "https://127.0.0.1:8443/readyz"}
    result = run("sh", str(SCRIPT), mode, image, env=env)
    return result, calls.read_text().splitlines(), state


def test_compose_healthy_new_version_is_kept(tmp_path):
    result, calls, state = deploy(tmp_path, "compose", NEW)
    assert result.returncode == 0, result.stderr
    assert calls[0] == f"docker WRITERS_IMAGE={NEW} compose run --rm migrate"
    assert calls[1] == f"docker WRITERS_IMAGE={NEW} compose up -d --no-deps app worker"
    assert calls[2].startswith("curl ") and "https://127.0.0.1:8443/readyz" in calls[2]
    assert len(calls) == 3  # no rollback
    assert state.read_text().strip() == NEW


def test_compose_failing_health_check_rolls_back_to_the_previous_tag(tmp_path):
    result, calls, state = deploy(tmp_path, "compose", NEW, healthy=False)
    assert result.returncode == 1
    assert [c for c in calls if c.startswith("curl")] and len([c for c in calls if c.startswith("curl")]) == 3
    assert calls[-1] == f"docker WRITERS_IMAGE={OLD} compose up -d --no-deps app worker"
    assert state.read_text().strip() == OLD  # still the version that runs
    assert "rolling back to " + OLD in result.stderr


def test_compose_failing_migration_starts_nothing(tmp_path):
    result, calls, state = deploy(tmp_path, "compose", NEW, migrate_ok=False)
    assert result.returncode == 2
    assert calls == [f"docker WRITERS_IMAGE={NEW} compose run --rm migrate"]
    assert state.read_text().strip() == OLD


def test_compose_failing_check_without_a_previous_version_fails(tmp_path):
    result, calls, state = deploy(tmp_path, "compose", NEW, previous=None, healthy=False)
    assert result.returncode == 1
    assert not any("up -d" in c and NEW not in c for c in calls)
    assert not state.exists()


def test_kubectl_healthy_rollout(tmp_path):
    result, calls, _ = deploy(tmp_path, "kubectl", NEW)
    assert result.returncode == 0, result.stderr
    joined = "\n".join(calls)
    assert "wait --for=condition=complete" in joined
    assert f"set image deployment/writers-app app={NEW}" in joined
    assert f"set image deployment/writers-worker worker={NEW}" in joined
    assert "rollout status deployment/writers-app" in joined and "rollout undo" not in joined


def test_kubectl_failed_rollout_is_undone(tmp_path):
    result, calls, _ = deploy(tmp_path, "kubectl", NEW, rollout_ok=False)
    assert result.returncode == 1
    assert calls[-2:] == ["kubectl WRITERS_IMAGE= -n writers rollout undo deployment/writers-app",
                          "kubectl WRITERS_IMAGE= -n writers rollout undo deployment/writers-worker"]


def test_kubectl_failing_migration_rolls_out_nothing(tmp_path):
    result, calls, _ = deploy(tmp_path, "kubectl", NEW, migrate_ok=False)
    assert result.returncode == 2
    assert not any("set image" in c or "rollout" in c for c in calls)


@pytest.mark.parametrize("args", [[], ["compose"], ["swarm", NEW]])
def test_usage(args):
    assert run("sh", str(SCRIPT), *args).returncode == 64
