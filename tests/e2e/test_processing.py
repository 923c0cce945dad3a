"""Processing in Chromium (embedded worker): live progress, results without reload, fixes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import goto, login_and_wait, stored_task
from tests.factories import make_task
from writers_app.db import make_engine
from writers_app.models import Task
from writers_app.services import auth

pytestmark = pytest.mark.e2e

# Every value the progress bar shows, recorded in the page as it changes.
RECORD_PROGRESS = """
window.__progress = [];
new MutationObserver(() => {
  const bar = document.querySelector('#analysis-progress');
  const value = bar && bar.getAttribute('data-progress');
  if (value !== null && value !== undefined && window.__progress.at(-1) !== value) window.__progress.push(value);
}).observe(document.body, {subtree: true, childList: true, attributes: true});
"""


def _seed_long_piece(server, email: str, paragraphs: int) -> int:
    sentence = "The quiet river carried the old boat slowly past the sleeping village. "
    body = "".join(f"<p>{sentence * 12}</p>" for _ in range(paragraphs))
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task = make_task(session, owner, title="A long piece", body_html=body)
        session.commit()
    engine.dispose()
    return task.id


def test_progress_moves_live_and_the_result_appears_without_reload(app_server, page):
    email = app_server.create_user()
    task_id = _seed_long_piece(app_server, email, paragraphs=3000)  # ~430k words: seconds of work
    login_and_wait(page, app_server.base_url, email)
    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    page.evaluate(RECORD_PROGRESS)
    url_before = page.url
    page.click("#run-analysis")
    expect(page.locator("#analysis-result")).to_be_visible(timeout=60_000)
    seen = page.evaluate("window.__progress")
    assert len(set(seen)) >= 2, seen  # the bar moved through several values, live
    assert [int(v) for v in seen] == sorted(int(v) for v in seen)
    expect(page.locator("#analysis-stats")).to_contain_text("Flesch")
    assert page.url == url_before  # no reload, no navigation


def test_typography_suggestion_applies_in_the_editor(app_server, page):
    login_and_wait(page, app_server.base_url, app_server.create_user())
    goto(page, app_server.base_url + "/dashboard")
    page.click("#new-task")
    page.wait_for_url(re.compile(r".*/tasks/\d+/?$"))
    task_id = int(re.search(r"/tasks/(\d+)", page.url).group(1))
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    page.get_by_test_id("editor-content").click()
    page.keyboard.type("من میخواهم کتاب ها را بخوانم")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    page.click("#run-analysis")
    expect(page.locator("#typography-fixes")).to_be_visible(timeout=30_000)
    page.click("#fix-all")
    expect(page.get_by_test_id("editor-content")).to_have_text("من می\u200cخواهم کتاب\u200cها را بخوانم")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    assert "می\u200cخواهم کتاب\u200cها" in stored_task(app_server, task_id).body_text
    page.keyboard.press("Control+z")  # an ordinary edit: undo brings the old spelling back
    expect(page.get_by_test_id("editor-content")).to_have_text("من میخواهم کتاب ها را بخوانم")


def test_a_failed_task_shows_its_reason_and_can_be_retried(app_server, page):
    email = app_server.create_user()
    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task = make_task(session, owner, title="Needs a retry", body_html="<p>Retry me please.</p>")
        row = session.get(Task, task.id)
        row.status, row.failure_reason = "failed", "processing.gave_up"
        session.add(row)
        session.commit()
    engine.dispose()
    login_and_wait(page, app_server.base_url, email)
    goto(page, app_server.base_url + "/dashboard")
    badge = page.locator('.status-badge[data-status="failed"]')
    expect(badge).to_have_attribute("title", "Processing failed several times. Try again later.")
    page.click(".retry-task")
    expect(page.locator('.status-badge[data-status="analyzed"]')).to_have_count(1, timeout=30_000)


def test_webhooks_page_refuses_private_urls_and_shows_the_secret_once(app_server, page):
    login_and_wait(page, app_server.base_url, app_server.create_user())
    goto(page, app_server.base_url + "/webhooks")
    page.fill("#webhook-url", "http://127.0.0.1:9/hook")
    page.click("#add-webhook")
    expect(page.locator("#webhook-error")).to_have_text("Private, local and loopback addresses are not allowed.")
    page.fill("#webhook-url", "https://93.184.215.14/hooks/writers")  # a public address: accepted
    page.click("#add-webhook")
    expect(page.locator("#webhook-secret")).to_have_text(re.compile(r"^[0-9a-f]{48}$"))
    expect(page.locator(".hook-row")).to_have_count(1)
    page.reload()
    expect(page.locator(".hook-row")).to_have_count(1)
    expect(page.locator("#webhook-secret")).to_have_count(0)  # shown once only


def test_marked_sentences_are_highlighted_in_the_text_but_never_saved(app_server, page):
    email = app_server.create_user()
    hard = ("The extraordinarily complicated administrative reorganisation was comprehensively "
            "documented by the departmental committee members throughout the unprecedentedly lengthy deliberations.")
    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task = make_task(session, owner, title="Hard", body_html=f"<p>Short one. {hard}</p>")
        session.commit()
    engine.dispose()
    login_and_wait(page, app_server.base_url, email)
    goto(page, f"{app_server.base_url}/tasks/{task.id}")
    page.click("#run-analysis")
    expect(page.locator("#analysis-result")).to_be_visible(timeout=30_000)
    marks = page.get_by_test_id("editor-content").locator("[data-hl]")
    expect(marks.first).to_be_visible()
    assert "unprecedentedly" in " ".join(marks.all_inner_texts())
    page.click("#toggle-highlights")
    expect(marks).to_have_count(0)
    page.get_by_test_id("editor-content").click()
    page.keyboard.press("End")
    page.keyboard.type(" More.")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        assert "hl-" not in session.get(Task, task.id).body_html
    engine.dispose()
