"""Scale-out on loopback (tests/support/stack.py): one frontend build served by two app
instances behind nginx with TLS, a separate worker, Prometheus scraping everything.

* Every file of the build answers 200, with its bytes, from each instance directly.
* A writer edits a piece through nginx; the instance serving their websocket is killed with
  SIGKILL while they type; the session carries on through the other instance, the last
  acknowledged save is what the database holds, no asset answers 404, and Prometheus saw
  every target up (and then the killed one down).
"""

from __future__ import annotations

import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.conftest import make_settings, require_or_skip
from tests.e2e.conftest import CSP_WATCH
from tests.e2e.helpers import goto, login_and_wait
from tests.support.saves import wait_folded
from tests.factories import make_writer
from tests.support import stack as stack_module
from tests.support.pgcluster import bindir
from writers_app.db import make_engine
from writers_app.models import Task

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
TOOLS = ("nginx", "prometheus", "prometheus-postgres-exporter", "prometheus-redis-exporter", "redis-server", "openssl")
FIGURES: dict[str, float] = {}


@pytest.fixture(scope="module")
def stack(request, chromium_path):
    missing = [t for t in TOOLS if not (shutil.which(t) or shutil.which(t, path="/usr/sbin:/sbin"))]
    if bindir() is None:
        missing.append("PostgreSQL server programs")
    if missing:
        require_or_skip("WRITERS_REQUIRE_SERVICES", f"not installed: {', '.join(missing)} (see .ci/run)")
    # One server set at a time on this 2-core machine: the suite's single server steps aside.
    request.getfixturevalue("servers").stop()
    started = stack_module.start(upstream_header=True, log=lambda m: print(m, flush=True))
    FIGURES.update(started.timings)
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(started.base, ignore_errors=True)
        print("scale-out figures:", {k: round(v, 1) if isinstance(v, float) else v for k, v in FIGURES.items()})


def test_every_file_of_the_one_build_answers_200_from_each_instance(stack):
    client_dir = stack.web / "build" / "client"
    paths = stack_module.bundle_files(stack.web)
    assert len(paths) > 100 and any(p.startswith("/assets/") for p in paths)

    def fetch_all(base: str) -> list[str]:
        wrong = []
        with httpx.Client(base_url=base, timeout=30, headers={"Accept-Encoding": "identity"}) as client:
            def one(path: str) -> None:
                response = client.get(path)
                if response.status_code != 200 or response.content != (client_dir / path[1:]).read_bytes():
                    wrong.append(f"{base}{path}: {response.status_code}, {len(response.content)} bytes")
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(one, paths))
        return wrong

    for index in range(len(stack.app_ports)):
        wrong = fetch_all(stack.app_url(index))
        assert not wrong, f"{len(wrong)} of {len(paths)} files wrong:\n" + "\n".join(wrong[:20])
    FIGURES["assets_fetched"] = len(paths) * len(stack.app_ports)


def _upstream(page) -> str:  # noqa: ANN001
    """The instance nginx sends this browser to (its sticky cookie decides, websocket included)."""
    return page.request.get(page.url.split("/tasks/")[0] + "/ping").headers["x-upstream"]


def _editor_text(page) -> str:  # noqa: ANN001
    return " ".join(page.get_by_test_id("editor-content").inner_text().split())


def test_a_writer_keeps_writing_when_their_instance_is_killed(stack, browser, tmp_path):
    settings = make_settings(tmp_path, database_url=stack.database_url, bcrypt_rounds=12)
    engine = make_engine(stack.database_url)
    with Session(engine) as session:
        email = make_writer(session, settings, display_name="Scale Writer").email
        session.commit()

    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 800}, locale="en-US")
    context.set_default_timeout(45_000)
    context.add_init_script(CSP_WATCH)
    problems: list[str] = []
    responses: list[str] = []

    def watch(page) -> None:  # noqa: ANN001
        page.on("console", lambda m: problems.append(m.text) if "CSP violation" in m.text
                or "Content Security Policy" in m.text else None)

    context.on("page", watch)
    context.on("response", lambda r: responses.append(f"{r.status} {r.url}"))
    try:
        page = context.new_page()
        sockets: list = []
        page.on("websocket", lambda ws: sockets.append(ws))
        login_and_wait(page, stack.public_url, email)
        goto(page, stack.public_url + "/dashboard")
        page.click("#new-task")
        page.wait_for_url(re.compile(r".*/tasks/\d+/?$"))
        task_id = int(re.search(r"/tasks/(\d+)", page.url).group(1))
        status = page.locator("#save-status")
        expect(status).to_have_attribute("data-status", "saved")

        # Prometheus sees all six targets up (both apps, worker, PostgreSQL, Redis, itself).
        FIGURES["prometheus_all_up_s"] = stack_module.wait_until(stack.all_targets_up, "every target up", 120)

        editor = page.get_by_test_id("editor-content")
        editor.click()
        page.keyboard.type("Before the crash, words are saved.")
        expect(status).to_have_attribute("data-status", "saved", timeout=60_000)
        first_revision = int(status.get_attribute("data-revision"))

        # Every acknowledgement from here on, on whichever #save-status the page shows.
        page.evaluate("""() => {
            window.__acks = [];
            window.__oldEditor = document.querySelector('[data-testid=editor-content]');
            new MutationObserver((records) => records.forEach((r) => {
                if (r.target.id === 'save-status') window.__acks.push(r.target.getAttribute('data-revision'));
            })).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-revision']});
        }""")
        victim = _upstream(page)
        index = stack.app_ports.index(int(victim.rsplit(":", 1)[1]))
        survivor_port = stack.app_ports[1 - index]
        sockets_before = len(sockets)
        killed_at = time.monotonic()
        stack.procs[f"app{index}"].kill()  # SIGKILL to its process group: no goodbye
        # The page opens a new websocket, through nginx, to the surviving instance.
        # (Playwright's sync API hands over events during its own calls: hence the short waits.)
        stack_module.wait_until(lambda: page.wait_for_timeout(100) or (len(sockets) > sockets_before
                                                                       and not sockets[-1].is_closed()),
                                "the page reconnects its websocket", 90)
        FIGURES["failover_reconnect_s"] = time.monotonic() - killed_at
        # On reconnecting, the page renders the editor anew (it reloads the acknowledged text and
        # focus leaves it): the writer clicks back at the end of the text and keeps typing.
        page.wait_for_function("() => document.querySelector('[data-testid=editor-content]') !== window.__oldEditor",
                               timeout=60_000)
        expect(status).to_have_attribute("data-status", "saved", timeout=60_000)
        assert int(status.get_attribute("data-revision")) == first_revision  # what was acknowledged
        editor.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(" Typed after the instance died, and more after it.", delay=20)
        expect(status).not_to_have_attribute("data-revision", str(first_revision), timeout=90_000)
        expect(status).to_have_attribute("data-status", "saved", timeout=90_000)
        FIGURES["failover_to_first_ack_s"] = time.monotonic() - killed_at
        assert int(status.get_attribute("data-revision")) > first_revision
        # nginx may try the dead one first, then the survivor answers ("dead, survivor").
        assert _upstream(page).split(", ")[-1] == f"127.0.0.1:{survivor_port}"

        page.keyboard.press("Enter")
        page.keyboard.type("A new paragraph on the surviving instance.", delay=20)
        expect(status).to_have_attribute("data-status", "saved", timeout=60_000)
        acked = int(status.get_attribute("data-revision"))
        acks = [int(a) for a in page.evaluate("window.__acks") if a]
        assert acks and acks == sorted(acks) and acks[-1] == acked, acks
        FIGURES["saves_acknowledged_after_kill"] = len(acks)

        # The last acknowledged save is what the database holds, word for word.
        engine.dispose()
        wait_folded(engine, [task_id])  # the survivor folds the log, the dead instance's saves too
        with Session(engine) as session:
            stored = session.get(Task, task_id)
        assert stored.revision == acked
        assert " ".join(stored.body_text.split()) == _editor_text(page)
        assert "Before the crash" in stored.body_text and "surviving instance." in stored.body_text

        # The page still works there: a reload shows the same text.
        page.reload()
        expect(status).to_have_attribute("data-status", "saved")
        assert _editor_text(page) == " ".join(stored.body_text.split())

        missing = [r for r in responses if r.startswith("404 ") or ("/assets/" in r and not r.startswith(("200", "304")))]
        assert not missing, missing
        FIGURES["responses_seen"] = len(responses)

        # Prometheus: the killed instance down, every other target still up.
        def killed_seen_down() -> bool:
            targets = stack.prometheus_targets()
            down = [t["scrapeUrl"] for t in targets if t["health"] != "up"]
            return down == [f"http://{victim}/metrics"]

        stack_module.wait_until(killed_seen_down, "Prometheus sees the killed instance down", 120)
    finally:
        context.close()
        engine.dispose()
    assert not problems, "Content-Security-Policy violations:\n" + "\n".join(problems)
