"""deploy/Dockerfile, .dockerignore and deploy/entrypoint.sh."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ops.conftest import DEPLOY, ROOT, run, tool

DOCKERFILE = DEPLOY / "Dockerfile"


def hadolint(path: Path):
    return run(tool("hadolint"), "--failure-threshold", "warning", str(path))


def test_hadolint_passes_on_the_dockerfile():
    result = hadolint(DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_fails_on_a_broken_copy(tmp_path):
    broken = tmp_path / "Dockerfile"
    text = DOCKERFILE.read_text().replace("FROM python:3.11.7-slim AS build", "FROM python AS build")
    broken.write_text(text + "RUN apt-get update && apt-get install -y curl\n")
    result = hadolint(broken)
    assert result.returncode != 0
    assert "DL3006" in result.stdout or "DL3008" in result.stdout, result.stdout


def test_checkov_passes_on_the_dockerfile_and_fails_without_user_and_healthcheck(tmp_path):
    checkov = tool("checkov")
    ok = run(checkov, "-f", str(DOCKERFILE), "--framework", "dockerfile", "--quiet", "--compact",
             "--skip-download", "-o", "cli")
    assert ok.returncode == 0, ok.stdout
    broken = tmp_path / "Dockerfile"
    broken.write_text("\n".join(line for line in DOCKERFILE.read_text().splitlines()
                                if not line.startswith(("USER", "HEALTHCHECK", "    CMD"))) + "\n")
    bad = run(checkov, "-f", str(broken), "--framework", "dockerfile", "--quiet", "--compact",
              "--skip-download", "-o", "cli")
    assert bad.returncode != 0
    assert "CKV_DOCKER_2" in bad.stdout and "CKV_DOCKER_3" in bad.stdout, bad.stdout


def stages(text: str) -> list[str]:
    return re.findall(r"^FROM\s+(\S+)", text, flags=re.M)


def test_one_multi_stage_image_that_never_builds_at_start():
    text = DOCKERFILE.read_text()
    assert len(stages(text)) == 2, "a build stage and a small runtime stage"

    assert "reflex export --frontend-only" in text.split("# --- runtime")[0]
    runtime = text.split("# --- runtime")[1]
    assert "reflex export" not in runtime and "reflex run" not in runtime
    assert "npm" not in runtime
    assert re.search(r"^USER 10001", runtime, flags=re.M), "the runtime stage runs as a non-root user"
    assert re.search(r"^HEALTHCHECK .*\n?.*healthz", runtime, flags=re.M)
    assert "ENTRYPOINT" in runtime and 'CMD ["app"]' in runtime
    # The entrypoint serves the prebuilt bundle (cli serve), never `reflex run`.
    entry = (DEPLOY / "entrypoint.sh").read_text()
    assert "writers_app.cli serve" in entry and "reflex run" not in entry


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    for entry in (".venv", ".web", "data", ".git", "test-artifacts", ".env", "node_modules", "tests"):
        assert entry in ignored, entry


def test_entrypoint_is_valid_sh_and_knows_every_role():
    result = run("sh", "-n", str(DEPLOY / "entrypoint.sh"))
    assert result.returncode == 0, result.stderr
    entry = (DEPLOY / "entrypoint.sh").read_text()
    for role in ("app)", "worker)", "migrate)", "admin)"):
        assert f"  {role}" in entry, role
    assert "wait-db" in entry and "clear_metrics_dir" in entry


def _built_web(tmp_path: Path, origin: str = "http://writers-public-origin.invalid") -> Path:
    """A .web as the build stage leaves it: the origin chunk (and its .gz) and its template."""
    web = tmp_path / "web"
    assets = web / "build" / "client" / "assets"
    assets.mkdir(parents=True)
    chunk = (f"var e={{PING:`{origin}/ping`,EVENT:`{origin.replace('http', 'ws', 1)}/_event`,"
             f"UPLOAD:`{origin}/_upload`,TRANSPORT:`websocket`}};export{{e as t}};")
    (assets / "reflex-env-AbC123.js").write_text(chunk)
    (assets / "reflex-env-AbC123.js.gz").write_bytes(b"stale")
    (web / "origin-template").mkdir()
    (web / "origin-template" / "reflex-env-AbC123.js").write_text(chunk)
    return web


def _origin(web: Path, public_url: str):
    env = {"PATH": "/usr/bin:/bin", "WRITERS_WEB_DIR": str(web), "PUBLIC_URL": public_url}
    return run("sh", str(DEPLOY / "entrypoint.sh"), "origin", env=env)


def test_entrypoint_points_the_bundle_at_public_url(tmp_path):
    import gzip

    web = _built_web(tmp_path)
    chunk = web / "build" / "client" / "assets" / "reflex-env-AbC123.js"
    result = _origin(web, "https://writers.example.com:8443/some/path")
    assert result.returncode == 0, result.stderr
    text = chunk.read_text()
    assert "`wss://writers.example.com:8443/_event`" in text
    assert "`https://writers.example.com:8443/_upload`" in text
    assert "invalid" not in text
    assert gzip.decompress((chunk.parent / "reflex-env-AbC123.js.gz").read_bytes()).decode() == text
    # Again with another origin: it starts from the template, not from the last rewrite.
    assert _origin(web, "http://localhost:3000").returncode == 0
    assert "`ws://localhost:3000/_event`" in chunk.read_text()


def test_entrypoint_refuses_a_public_url_without_scheme(tmp_path):
    web = _built_web(tmp_path)
    result = _origin(web, "writers.example.com")
    assert result.returncode != 0
    assert "PUBLIC_URL must start with" in result.stderr


def test_entrypoint_roles_start_in_a_new_container_without_a_metrics_folder(tmp_path):
    """The image sets PROMETHEUS_MULTIPROC_DIR for every role; in a fresh container that folder
    does not exist yet, and wait-db (the first step of every role) imports prometheus_client."""
    import sys

    metrics = tmp_path / "writers-metrics"
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "PROMETHEUS_MULTIPROC_DIR": str(metrics),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "SECRET_KEY": "k" * 40, "APP_ENV": "test"}
    result = run("sh", str(DEPLOY / "entrypoint.sh"), "migrate", cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert metrics.is_dir()
