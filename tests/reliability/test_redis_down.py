"""Redis stopped under the app in Redis mode (the loopback stack: tab state, cache, rate
limits and the job queue all live in Redis) while writers edit, then started again, empty.

* 6 protocol-level writers save continuously; Redis is stopped (until the writer in Chromium
  has been told, at least 5 s) and started again with no data (no persistence: every tab's
  server-side state is gone with it). Events sent meanwhile get no answer: the writers send the
  same save again (same id), as the editor does after 5, 10, 15 s.
* A writer in Chromium types during the outage and is told, in words, that the text is kept
  in this browser ("Offline: kept in this browser"); never a stack trace.
* After Redis is back every save is stored: each piece holds exactly its acknowledged saves,
  and the text typed in Chromium during the outage is in the database.
"""

from __future__ import annotations

import shutil
import threading
import time

import pytest
import redis
from playwright.sync_api import expect
from sqlmodel import Session

from tests.conftest import make_settings
from tests.e2e.conftest import CSP_WATCH
from tests.e2e.helpers import goto, login_and_wait
from tests.factories import make_task, make_writer
from tests.reliability import ledger
from tests.reliability.test_database_restart import STACK_TRACE
from tests.reliability.writers import Tally, pieces_match, run_writers, seed_writers, wait
from writers_app.db import make_engine
from writers_app.i18n import translate
from writers_app.models import Task

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
WRITERS = 6
DOWN_S = 5  # at least; it lasts until the writer in Chromium has been told


def _stop_redis(stack) -> None:  # noqa: ANN001
    stack.procs["redis"].stop()


def _start_redis(stack) -> None:  # noqa: ANN001
    port = int(stack.redis_url.rsplit(":", 1)[1].split("/")[0])
    stack.spawn("redis", [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1",
                          "--save", "", "--appendonly", "no", "--dir", str(stack.base)])
    client = redis.Redis(port=port)
    wait(lambda: _pings(client), "redis-server answers")


def _pings(client) -> bool:  # noqa: ANN001
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


def test_writers_lose_nothing_while_redis_is_down(stack, browser, tmp_path):
    writers = seed_writers(stack.database_url, tmp_path, WRITERS, prefix="redis-down")
    initial = {w.index: w.revision for w in writers}
    tally, ready, stop, errors = Tally(), threading.Event(), threading.Event(), []
    settings = make_settings(tmp_path, database_url=stack.database_url, bcrypt_rounds=4)
    engine = make_engine(stack.database_url)
    with Session(engine) as session:
        user = make_writer(session, settings, display_name="Redis Outage Writer")
        task_id = make_task(session, user, title="Through the Redis outage", body_html="<p>Saved before.</p>").id
        email = user.email
        session.commit()
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1366, "height": 900}, locale="en-US")
    context.set_default_timeout(45_000)
    context.add_init_script(CSP_WATCH)
    thread = threading.Thread(target=run_writers, args=(stack, writers, tally, ready, stop, errors), daemon=True)
    try:
        page = context.new_page()
        login_and_wait(page, stack.public_url, email)
        goto(page, f"{stack.public_url}/tasks/{task_id}")
        status = page.locator("#save-status")
        expect(status).to_have_attribute("data-status", "saved")
        thread.start()
        assert ready.wait(180), "the writers did not get their sockets"
        wait(lambda: errors or tally.acknowledged >= 3 * WRITERS, "saves before the fault")
        assert not errors, errors

        fault = ledger.fault(f"Redis (state, cache, queue) stopped in Redis mode while writers edit, back empty")
        _stop_redis(stack)
        stopped_at = time.monotonic()
        try:
            editor = page.get_by_test_id("editor-content")
            editor.click()
            page.keyboard.press("Control+End")
            page.keyboard.press("Enter")
            page.keyboard.type("Typed while Redis was down.", delay=15)
            # The save got no answer: the writer is told it is kept in the browser, in words.
            expect(status).to_have_attribute("data-status", "offline", timeout=60_000)
            expect(status).to_have_text(translate("editor.offline", "en"))
            page.screenshot(path=str(ledger.artifact("editor-redis-down.png")))
            assert not STACK_TRACE.search(page.inner_text("body")), page.inner_text("body")[:2000]
            time.sleep(max(0.0, DOWN_S - (time.monotonic() - stopped_at)))
        finally:
            _start_redis(stack)
        up_at = time.monotonic()
        wait(lambda: errors or any(t > up_at for t in tally.ack_times), "a save acknowledged after Redis is back", 120)
        back_s = min(t for t in tally.ack_times if t > up_at) - up_at
        expect(status).to_have_attribute("data-status", "saved", timeout=90_000)
        time.sleep(2)
    finally:
        stop.set()
        if thread.is_alive():
            thread.join(90)
        context.close()
    assert not errors, errors
    assert not tally.refused, tally.refused
    lost = WRITERS - pieces_match(stack.database_url, writers, tally, initial)
    engine.dispose()
    with Session(engine) as session:
        stored = session.get(Task, task_id)
    browser_lost = int("Typed while Redis was down." not in stored.body_text)
    ledger.saves(sent=tally.sent, acknowledged=tally.acknowledged, retried=tally.retried_saves,
                 checked=tally.acknowledged, lost=lost)
    ledger.checked("browser text typed during an outage", count=1, lost=browser_lost)
    ledger.figure("Redis back: first save acknowledged after (s)", back_s)
    print(f"redis down: {tally.sent} sent, {tally.acknowledged} acknowledged, {tally.retried_saves} retried "
          f"({tally.retry_answers} retry answers, {tally.no_answer} unanswered); back after {back_s:.1f} s")
    assert lost == 0 and browser_lost == 0
    assert tally.sent == tally.acknowledged
    fault.ok(f"every save stored; first save acknowledged {back_s:.1f} s after Redis was back")
