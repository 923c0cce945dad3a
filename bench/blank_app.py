"""A blank Reflex 0.10.1 app, written into a temp dir and served the way ours is (the benches' floor).

`start_blank(tmp)` writes the app (Reflex's blank template page: a heading, a text, a button, the
colour-mode switch; one empty State) with the rxconfig settings that shape the bundle copied from
ours (Radix theme, no "built with" badge, no sitemap, lazy bundled libraries, telemetry off) and
serves it with `reflex run --env prod` on one port, as `make run` and tests/e2e serve ours.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"

RXCONFIG = '''
import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

config = rx.Config(
    app_name="blank_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    frontend_lazy_bundled_libraries=True,
    disable_plugins=[SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(
        accent_color="indigo", gray_color="slate", radius="large", has_background=True))],
)
'''

APP = '''
import reflex as rx


class State(rx.State):
    """The app state."""


def index() -> rx.Component:
    return rx.container(
        rx.color_mode.button(position="top-right"),
        rx.vstack(
            rx.heading("Welcome to Reflex!", size="9"),
            rx.text("Get started by editing ", rx.code("blank_app/blank_app.py"), size="5"),
            rx.button("Check out our docs!"),
            spacing="5", justify="center", min_height="85vh",
        ),
    )


app = rx.App()
app.add_page(index)
app.add_page(index, route="/login")
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    base_url: str
    proc: subprocess.Popen
    log_path: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def start_blank(tmp: Path, extra_env: dict[str, str] | None = None) -> Served:
    app_dir = tmp / "blank"
    (app_dir / "blank_app").mkdir(parents=True, exist_ok=True)
    (app_dir / "rxconfig.py").write_text(textwrap.dedent(RXCONFIG))
    (app_dir / "blank_app" / "__init__.py").write_text("")
    (app_dir / "blank_app" / "blank_app.py").write_text(textwrap.dedent(APP))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "REFLEX_USE_NPM": "1",
           "REFLEX_CHECK_LATEST_VERSION": "0", "TELEMETRY_ENABLED": "false", **(extra_env or {})}
    log_path = tmp / "blank.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([str(BIN / "reflex"), "run", "--env", "prod", "--frontend-port", str(port),
                                 "--backend-port", str(port)], cwd=app_dir, env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    served = Served(base_url, proc, log_path)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"blank app exited early:\n{log_path.read_text()[-4000:]}")
        try:
            if httpx.get(base_url + "/ping", timeout=2).status_code == 200 and \
                    httpx.get(base_url + "/", timeout=5).status_code == 200:
                return served
        except httpx.HTTPError:
            pass
        time.sleep(1)
    served.stop()
    raise RuntimeError(f"blank app did not start:\n{log_path.read_text()[-4000:]}")
