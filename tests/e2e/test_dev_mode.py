"""`make dev` as a Python developer uses it: vite on PORT, the backend on BACKEND_PORT, hot reload.

The dev server runs in a temporary copy of the repository (its own `.web`, its own SQLite data
dir), so the page edit below never touches the repository. Checked: the login form posts to the
frontend port and lands on the dashboard (vite forwards /api to the backend, PUBLIC_URL follows
PORT); the app's own writes (the worker's heartbeat, every few seconds into SQLite) restart
nothing; an edited page module reloads the backend and the browser shows the change.

A backend restart is seen in the database: every backend worker process beats under its own
name ("worker:<host>:<pid>"), so a new name is a new backend process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from tests.conftest import TEST_SECRET, free_port, make_settings
from tests.e2e.conftest import ROOT, AppServer
from tests.e2e.helpers import at, login_and_wait
from writers_app.db import make_engine

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
START_DEADLINE = 420  # first dev start of a fresh copy: npm install + compile on 2 busy cores
RELOAD_DEADLINE = 240
IDLE_WINDOW = 25  # at least this long idle, and at least two heartbeats inside it
PAGE = Path("writers_app/pages/dashboard/page.py")
MARKER = "dev-mode-marker-7f3a"
EDIT = f'''

import dataclasses as _dc  # appended by tests/e2e/test_dev_mode.py: the dashboard gains a marker

from writers_app.components.pages import PAGES as _PAGES

_dev_test_original = dashboard_page


def _dev_test_page() -> rx.Component:
    return rx.fragment(_dev_test_original(), rx.text("{MARKER}", id="dev-test-marker"))


_PAGES[:] = [_dc.replace(p, draw=_dev_test_page) if p.route == routes.DASHBOARD else p for p in _PAGES]
'''


def copy_repo(dest: Path) -> None:
    """The tracked and untracked-but-not-ignored files (no .web, data, .venv), plus the venv."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file() and not src.is_symlink():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read_bytes())
    (dest / ".venv").symlink_to(Path(sys.prefix).resolve())


def worker_beats(database_url: str) -> dict[str, object]:
    """name -> seen_at of every embedded-worker heartbeat row."""
    from writers_app.models.system import Heartbeat

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return {b.name: b.seen_at for b in session.exec(select(Heartbeat).where(Heartbeat.kind == "worker"))}
    finally:
        engine.dispose()


def wait_for(condition, deadline: float, what: str, log: Path):  # noqa: ANN001, ANN201
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        result = condition()
        if result:
            return result
        time.sleep(1)
    pytest.fail(f"timed out waiting for {what}; dev server log:\n{log.read_text(errors='replace')[-4000:]}")


@pytest.fixture
def dev_server(tmp_path: Path, chromium_path):  # noqa: ANN001, ANN201
    repo = tmp_path / "repo"
    copy_repo(repo)
    data = repo / "data"
    data.mkdir()
    port, backend_port = free_port(), free_port()
    database_url = f"sqlite:///{data / 'writers.db'}"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REFLEX_", "PROMETHEUS_", "GRANIAN_")) and k not in ("PUBLIC_URL", "PORT")}
    env.update({
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "APP_ENV": "dev", "SECRET_KEY": TEST_SECRET, "DATABASE_URL": database_url, "REDIS_URL": "",
        "OUTBOX_DIR": str(data / "outbox"), "STORAGE_DIR": str(data / "storage"),
        "RATE_LIMIT_LOGIN_IP": "10000 per 5 minutes",
    })
    log_path = tmp_path / "dev.log"
    # PUBLIC_URL is not set: the Makefile derives it from PORT (http://localhost:PORT).
    base_url = f"http://localhost:{port}"
    settings = make_settings(tmp_path, database_url=database_url, outbox_dir=data / "outbox",
                             storage_dir=data / "storage", bcrypt_rounds=12)
    server = AppServer(base_url=base_url, settings=settings, env=env, log_path=log_path)
    started = time.monotonic()
    with log_path.open("wb") as log:
        # -o: the venv is a symlink to a ready one; its stamp file is older than this copy.
        server.proc = subprocess.Popen(
            ["make", "-o", ".venv/.installed", "dev", f"PORT={port}", f"BACKEND_PORT={backend_port}"],
            cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)

    def up() -> bool:
        if server.proc.poll() is not None:
            pytest.fail(f"make dev exited early:\n{log_path.read_text(errors='replace')[-4000:]}")
        try:
            # /healthz through the frontend port: vite forwards it to the backend.
            return httpx.get(base_url + "/healthz", timeout=5).status_code == 200 and \
                httpx.get(base_url + "/login", timeout=30).status_code == 200 and \
                httpx.get(f"http://127.0.0.1:{backend_port}/healthz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(up, START_DEADLINE, "make dev to answer", log_path)
        print(f"\nmake dev answered after {time.monotonic() - started:.1f} s")
        yield server, repo
    finally:
        original = subprocess.run(["git", "show", f"HEAD:{PAGE}"], cwd=ROOT, capture_output=True).stdout
        if original:
            (repo / PAGE).write_bytes(original)
        server.stop()
        # Everything in the group (vite, granian workers) is gone with it.
        try:
            os.killpg(server.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_make_dev_login_no_restart_loop_and_hot_reload(dev_server, context) -> None:  # noqa: ANN001
    server, repo = dev_server
    log = server.log_path
    url = server.settings.database_url
    email = server.create_user()

    page = context.new_page()
    login_and_wait(page, server.base_url, email)  # the real form, posted to the frontend port
    assert page.url.startswith(server.base_url)

    # Idle: the worker keeps writing its heartbeat into SQLite; nothing may restart.
    first = wait_for(lambda: worker_beats(url), 120, "the first worker heartbeat", log)
    assert len(first) == 1, first
    name, seen = next(iter(first.items()))
    window_start = time.monotonic()
    advanced: list[object] = [seen]

    def idle_window_done() -> bool:
        beats = worker_beats(url)
        if beats.get(name) is not None and beats[name] != advanced[-1]:
            advanced.append(beats[name])
        return set(beats) != {name} or (time.monotonic() - window_start >= IDLE_WINDOW and len(advanced) >= 3)

    wait_for(idle_window_done, 180, "two heartbeats in an idle window", log)
    assert set(worker_beats(url)) == {name}, "the backend restarted while idle (its own writes?)"
    output = log.read_text(errors="replace")
    assert "makemigrations" not in output
    assert "no built pages found" not in output
    expect(page.locator("#dashboard-title")).to_be_visible()

    # Edit a page module: the backend reloads, recompiles, vite serves the new page.
    edited = time.monotonic()
    with (repo / PAGE).open("a", encoding="utf-8") as f:
        f.write(EDIT)
    marker = page.locator("#dev-test-marker")

    def marker_shown() -> bool:
        if marker.count() and marker.is_visible():
            return True
        if len(worker_beats(url)) > 1:  # the new backend is up: reload if HMR did not already
            page.reload()
            page.wait_for_selector('#page-root[data-hydrated="true"]')
        return marker.count() > 0 and marker.is_visible()

    wait_for(marker_shown, RELOAD_DEADLINE, "the edited page in the browser", log)
    print(f"edit shown in the browser after {time.monotonic() - edited:.1f} s")
    expect(marker).to_have_text(MARKER)
    page.wait_for_url(at("/dashboard"))
    assert name in worker_beats(url) and len(worker_beats(url)) >= 2
