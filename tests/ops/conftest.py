"""Checks of deploy/: the Dockerfile, compose file, nginx, monitoring and Kubernetes configs,
each run by the real tool (hadolint, docker-compose, nginx, promtool, amtool,
kubernetes-validate, checkov) and each shown to fail on a broken copy.

The tools come from Debian (nginx, prometheus, prometheus-alertmanager, docker-compose) and
from requirements-ops.txt in a venv of their own (WRITERS_OPS_VENV, default
~/.cache/writers-ops-venv); .ci/run installs both. A missing tool skips, or fails with
WRITERS_REQUIRE_SERVICES=1 (CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_or_skip

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
OPS_VENV = Path(os.environ.get("WRITERS_OPS_VENV", Path.home() / ".cache" / "writers-ops-venv"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ops: checks of the deploy/ configuration with the real tools")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ops/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.ops)


def tool(name: str) -> str:
    """Path of a command-line tool: the ops venv first, then PATH (and /usr/sbin for nginx)."""
    candidate = OPS_VENV / "bin" / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found is None:
        require_or_skip("WRITERS_REQUIRE_SERVICES", f"{name} is not installed (see .ci/run)")
    return found


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def deploy_copy(tmp_path: Path) -> Path:
    """A copy of deploy/ to break at will (the real files are checked unchanged)."""
    target = tmp_path / "deploy"
    shutil.copytree(DEPLOY, target, ignore=shutil.ignore_patterns("certs", ".env"))
    return target


@pytest.fixture(scope="session")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed pair made by deploy/nginx/make-self-signed.sh."""
    if shutil.which("openssl") is None:
        require_or_skip("WRITERS_REQUIRE_SERVICES", "openssl is not installed")
    out = tmp_path_factory.mktemp("certs")
    result = run("sh", str(DEPLOY / "nginx" / "make-self-signed.sh"), "writers.test", str(out))
    assert result.returncode == 0, result.stderr
    return out
