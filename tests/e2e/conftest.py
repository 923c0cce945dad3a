"""The real prod server (`reflex run --env prod`) and Debian's Chromium through Playwright.

The server runs in its own process group and is killed as a group at the end. It talks to a
PostgreSQL database of its own when PostgreSQL is reachable (always in CI), else to SQLite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.conftest import TEST_SECRET, _postgres_admin_url, free_port, make_settings
from tests.factories import PASSWORD, make_admin, make_writer
from writers_app.db import make_engine
from writers_app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CORS_CLIENT = "https://client.example"  # the one origin the test servers allow to call the API
# Every browser wait is on a condition; its deadline is generous for a loaded 2-core machine.
expect.set_options(timeout=30_000)

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class AppServer:
    base_url: str
    settings: Settings
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen | None = None
    users: list[str] = field(default_factory=list)

    def create_user(self, *, name: str = "Test Writer", password: str = PASSWORD, admin: bool = False,
                    language: str = "en") -> str:
        engine = make_engine(self.settings.database_url)
        with Session(engine) as session:
            if admin:
                user = make_admin(session, self.settings, display_name=name, password=password)
            else:
                user = make_writer(session, self.settings, display_name=name, password=password, language=language)
            email = user.email
            session.commit()
        engine.dispose()
        return email

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def start_server(tmp: Path, *, database_url: str, extra_env: dict[str, str] | None = None) -> AppServer:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    data = tmp / "data"
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "REFLEX_USE_NPM": "1", "REFLEX_CHECK_LATEST_VERSION": "0", "TELEMETRY_ENABLED": "false",
        "APP_ENV": "dev", "SECRET_KEY": TEST_SECRET, "DATABASE_URL": database_url, "REDIS_URL": "",
        "PUBLIC_URL": base_url, "OUTBOX_DIR": str(data / "outbox"), "STORAGE_DIR": str(data / "storage"),
        "CORS_ALLOW_ORIGINS": CORS_CLIENT,
        # Every test logs in from 127.0.0.1: the per-address budget is for attackers, not for a
        # suite (the per-account lock-out keeps its default and has its own browser test).
        "RATE_LIMIT_LOGIN_IP": "10000 per 5 minutes", "RATE_LIMIT_REGISTER_IP": "10000 per hour",
        **(extra_env or {}),
    }
    if "PROMETHEUS_MULTIPROC_DIR" not in (extra_env or {}):
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # each server prepares its own
    settings = make_settings(tmp, database_url=database_url, outbox_dir=data / "outbox",
                             storage_dir=data / "storage", bcrypt_rounds=12)
    subprocess.run([str(BIN / "python"), "-m", "writers_app.cli", "migrate"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    log_path = tmp / "server.log"
    server = AppServer(base_url=base_url, settings=settings, env=env, log_path=log_path)
    with log_path.open("wb") as log:
        server.proc = subprocess.Popen(
            [str(BIN / "reflex"), "run", "--env", "prod", "--frontend-port", str(port),
             "--backend-port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + 420
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()[-4000:]}")
        try:
            if httpx.get(base_url + "/ping", timeout=2).status_code == 200 and \
                    httpx.get(base_url + "/login", timeout=5, follow_redirects=True).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(1)
    server.stop()
    raise RuntimeError(f"server did not start:\n{log_path.read_text()[-4000:]}")


def server_database_url(request: pytest.FixtureRequest, tmp: Path) -> str:
    if _postgres_admin_url() is not None:
        return request.getfixturevalue("postgres_url")
    if os.environ.get("WRITERS_REQUIRE_SERVICES") == "1":
        pytest.fail("PostgreSQL is required for the browser tests in CI")
    return f"sqlite:///{tmp / 'e2e.db'}"


class ServerManager:
    """One server at a time: every mode rebuilds the shared `.web` bundle for its own port."""

    def __init__(self, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
        self.request, self.tmp_path_factory = request, tmp_path_factory
        self.current: tuple[str, AppServer] | None = None

    def get(self, mode: str, extra_env: dict[str, str] | None = None) -> AppServer:
        if self.current and self.current[0] == mode:
            return self.current[1]
        self.stop()
        tmp = self.tmp_path_factory.mktemp(f"app-{mode}")
        server = start_server(tmp, database_url=server_database_url(self.request, tmp), extra_env=extra_env)
        self.current = (mode, server)
        return server

    def stop(self) -> None:
        if self.current:
            self.current[1].stop()
            self.current = None


@pytest.fixture(scope="session")
def servers(request, chromium_path, tmp_path_factory) -> Iterator[ServerManager]:
    manager = ServerManager(request, tmp_path_factory)
    yield manager
    manager.stop()


@pytest.fixture
def app_server(servers) -> AppServer:
    """The default set-up of `make run`: embedded mode, one server worker."""
    return servers.get("embedded")


# Every page of every browser test runs under the app's Content-Security-Policy; a violation
# (a blocked script, eval, style or connection) fails the test that caused it.
CSP_WATCH = """
document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI);
});
"""


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    context.set_default_timeout(45_000)
    context.add_init_script(CSP_WATCH)
    violations: list[str] = []

    def watch(page) -> None:  # noqa: ANN001
        page.on("console", lambda m: violations.append(f"{page.url}: {m.text}")
                if m.text.startswith("CSP violation") or "Content Security Policy" in m.text else None)

    context.on("page", watch)
    yield context
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(context):
    return context.new_page()
