"""PostgreSQL restarted under the app (the loopback stack: two instances in Redis mode) while
20 writers save over the websocket, and once while a writer types in Chromium.

* 20 protocol-level writers (tests/support/reflex_client.py), 10 on each instance, save
  continuously; PostgreSQL is stopped (`pg_ctl stop -m fast`) and started again, then stopped
  with `-m immediate` (a crash: recovery on start) and started again.
* A save the server could not store is answered "editor.retry"; the writer sends the same save
  (same id) again with backoff, as the editor does. No answer at all: the same save again too.
* At the end every writer's piece in the database is exactly what its acknowledged saves made:
  same revision (one per acknowledged save, no more, no fewer) and the same text.
* The time from PostgreSQL being back to the first acknowledged save is printed and kept in
  the ledger (asserted only against a generous deadline: this is a busy machine).
* In Chromium, in English and then in Persian, a writer typing during the outage sees the
  translated "Not saved yet: reconnecting, retrying…" status, never a stack trace, and the text
  typed then is in the database once PostgreSQL is back.
"""

from __future__ import annotations

import re
import threading
import time

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.conftest import make_settings
from tests.e2e.conftest import CSP_WATCH
from tests.e2e.helpers import goto, login_and_wait
from tests.support.saves import wait_folded
from tests.factories import make_task, make_writer
from tests.reliability import ledger
from tests.reliability.writers import Tally, pieces_match, run_writers, seed_writers, wait
from writers_app.db import make_engine
from writers_app.i18n import translate
from writers_app.models import Task

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
WRITERS = 20
STACK_TRACE = re.compile(r"Traceback|OperationalError|psycopg|sqlalchemy|File \"/", re.I)


def _restart(stack, mode: str, tally: Tally, errors: list, down_s: float = 3.0) -> dict[str, float]:
    """Stop PostgreSQL (`fast` or `immediate`), keep it down `down_s`, start it; the figures."""
    stopped_at = time.monotonic()
    stack.cluster._run("pg_ctl", "-D", str(stack.cluster.data), "-m", mode, "-w", "-t", "60", "stop")
    retries_before = tally.retry_answers
    time.sleep(down_s)
    stack.cluster.start()
    up_at = time.monotonic()
    wait(lambda: errors or any(t > up_at for t in tally.ack_times), f"a save acknowledged after the {mode} restart")
    assert not errors, errors
    first_ack = min(t for t in tally.ack_times if t > up_at)
    figures = {"back_to_first_ack_s": first_ack - up_at, "stop_to_first_ack_s": first_ack - stopped_at,
               "retry_answers": tally.retry_answers - retries_before}
    with httpx.Client(timeout=5) as client:
        figures["back_to_readyz_s"] = wait(lambda: all(
            client.get(stack.app_url(i) + "/readyz").status_code == 200 for i in range(2)), "both /readyz 200")
    return figures


def test_twenty_writers_lose_no_acknowledged_save_through_two_postgres_restarts(stack, tmp_path):
    writers = seed_writers(stack.database_url, tmp_path, WRITERS, prefix="pg-restart")
    initial = {w.index: w.revision for w in writers}
    tally, ready, stop, errors = Tally(), threading.Event(), threading.Event(), []
    thread = threading.Thread(target=run_writers, args=(stack, writers, tally, ready, stop, errors), daemon=True)
    thread.start()
    assert ready.wait(180), "the writers did not get their sockets"
    assert not errors, errors
    try:
        wait(lambda: errors or tally.acknowledged >= 3 * WRITERS, "saves before the fault")
        fast_fault = ledger.fault("PostgreSQL stopped (-m fast) for 3 s under 20 saving writers")
        fast = _restart(stack, "fast", tally, errors)
        time.sleep(3)
        crash_fault = ledger.fault("PostgreSQL crashed (-m immediate) for 3 s under 20 saving writers")
        crash = _restart(stack, "immediate", tally, errors)
        time.sleep(3)
    finally:
        stop.set()
        thread.join(90)
    assert not thread.is_alive(), "the writers did not stop"
    assert not errors, errors
    assert not tally.refused, tally.refused  # never a generic error: retry, or stored

    # Every acknowledged save is in the database, and nothing else is.
    lost = WRITERS - pieces_match(stack.database_url, writers, tally, initial)
    ledger.saves(sent=tally.sent, acknowledged=tally.acknowledged, retried=tally.retried_saves,
                 checked=tally.acknowledged, lost=lost)
    print(f"saves: {tally.sent} sent, {tally.acknowledged} acknowledged, {tally.retried_saves} needed a retry "
          f"({tally.retry_answers} 'editor.retry' answers, {tally.no_answer} unanswered sends); "
          f"fast restart {fast}, immediate {crash}")
    for name, figures in (("fast", fast), ("immediate", crash)):
        for key, value in figures.items():
            ledger.figure(f"PostgreSQL {name} restart: {key}", value)
    assert lost == 0, f"{lost} of {WRITERS} pieces differ from their acknowledged saves"
    assert tally.retried_saves > 0  # the outages did hit saves in flight...
    assert fast["retry_answers"] > 0 and crash["retry_answers"] > 0  # ...and were answered "retry"
    assert tally.sent == tally.acknowledged  # ...and every one of them was stored in the end
    fast_fault.ok(f"first save acknowledged {fast['back_to_first_ack_s']:.1f} s after PostgreSQL was back")
    crash_fault.ok(f"first save acknowledged {crash['back_to_first_ack_s']:.1f} s after PostgreSQL was back")


def test_a_writer_in_chromium_sees_retrying_and_loses_nothing(stack, browser, tmp_path):
    settings = make_settings(tmp_path, database_url=stack.database_url, bcrypt_rounds=4)
    engine = make_engine(stack.database_url)
    with Session(engine) as session:
        user = make_writer(session, settings, display_name="Outage Writer")
        task_id = make_task(session, user, title="Through the outage", body_html="<p>Saved before.</p>").id
        email = user.email
        session.commit()
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1366, "height": 900}, locale="en-US")
    context.set_default_timeout(45_000)
    context.add_init_script(CSP_WATCH)
    try:
        page = context.new_page()
        login_and_wait(page, stack.public_url, email)
        goto(page, f"{stack.public_url}/tasks/{task_id}")
        status = page.locator("#save-status")
        expect(status).to_have_attribute("data-status", "saved")
        for lang, mode, words in (("en", "fast", "Typed while the database was down."),
                                  ("fa", "immediate", "در نبودِ پایگاه داده نوشته شد.")):
            if lang == "fa":
                page.click("#lang-switch")
                expect(page.locator("#page-root")).to_have_attribute("dir", "rtl")
                expect(status).to_have_attribute("data-status", "saved")
            fault = ledger.fault(f"PostgreSQL stopped (-m {mode}) while a writer types in Chromium ({lang})")
            stack.cluster._run("pg_ctl", "-D", str(stack.cluster.data), "-m", mode, "-w", "-t", "60", "stop")
            try:
                editor = page.get_by_test_id("editor-content")
                editor.click()
                page.keyboard.press("Control+End")
                page.keyboard.press("Enter")
                page.keyboard.type(words, delay=15)
                expect(status).to_have_attribute("data-status", "retrying", timeout=60_000)
                expect(status).to_have_text(translate("editor.retry", lang))
                page.screenshot(path=str(ledger.artifact(f"editor-retrying-{lang}.png")))
                assert not STACK_TRACE.search(page.inner_text("body")), page.inner_text("body")[:2000]
            finally:
                stack.cluster.start()
            expect(status).to_have_attribute("data-status", "saved", timeout=90_000)
            engine.dispose()
            wait_folded(engine, [task_id])
            with Session(engine) as session:
                stored = session.get(Task, task_id)
            assert words in stored.body_text and "Saved before." in stored.body_text
            assert int(status.get_attribute("data-revision")) == stored.revision
            ledger.checked("browser text typed during an outage", count=1)
            fault.ok("'retrying' shown (translated), no stack trace; the text typed meanwhile was stored after")
    finally:
        context.close()
        engine.dispose()
