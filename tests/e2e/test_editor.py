"""The writing workspace in Chromium: typing, autosave, reload, offline, ownership, XSS."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from tests.e2e.helpers import BROWSER_STORAGE, goto, login_and_wait, session_cookie, stored_task
from writers_app.db import make_engine
from writers_app.models import TaskRevision

pytestmark = pytest.mark.e2e
ZWNJ = "\u200c"
PERSIAN = f"من می{ZWNJ}خواهم کتاب{ZWNJ}ها را بخوانم."


def _new_piece(page, base_url) -> int:
    goto(page, base_url + "/dashboard")
    page.click("#new-task")
    page.wait_for_url(re.compile(r".*/tasks/\d+/?$"))
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    return int(re.search(r"/tasks/(\d+)", page.url).group(1))


def _revision_reasons(server, task_id: int) -> list[str]:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        reasons = [r.reason for r in session.exec(select(TaskRevision).where(TaskRevision.task_id == task_id))]
    engine.dispose()
    return reasons


def test_type_both_languages_count_live_autosave_and_reload(app_server, page):
    login_and_wait(page, app_server.base_url, app_server.create_user())
    task_id = _new_piece(page, app_server.base_url)
    editor = page.get_by_test_id("editor-content")
    editor.click()
    page.keyboard.type("Hello world, this is a test.")
    page.keyboard.press("Enter")
    page.keyboard.type(PERSIAN)
    expect(page.locator("#word-count")).to_have_attribute("data-words", "11")  # live, before any save
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    stored = stored_task(app_server, task_id)
    assert stored.word_count == 11 and PERSIAN in stored.body_text  # ZWNJs intact

    page.reload()
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    expect(editor.locator("p").nth(1)).to_have_text(PERSIAN)
    assert editor.locator("p").nth(1).evaluate("p => getComputedStyle(p).direction") == "rtl"
    assert editor.locator("p").nth(0).evaluate("p => getComputedStyle(p).direction") == "ltr"
    # Ctrl+Z right after opening changes nothing (loading is not an undoable step).
    editor.click()
    page.keyboard.press("Control+z")
    page.wait_for_timeout(1500)
    expect(editor.locator("p")).to_have_count(2)
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    assert stored_task(app_server, task_id).revision == stored.revision


def test_ctrl_s_saves_at_once_with_a_revision(app_server, page):
    login_and_wait(page, app_server.base_url, app_server.create_user())
    task_id = _new_piece(page, app_server.base_url)
    page.get_by_test_id("editor-content").click()
    page.keyboard.type("Saved on purpose")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    assert "Saved on purpose" in stored_task(app_server, task_id).body_text
    assert _revision_reasons(app_server, task_id) == ["explicit"]


def test_unsaved_text_survives_going_offline_and_is_offered_back(app_server, context, page):
    login_and_wait(page, app_server.base_url, app_server.create_user())
    task_id = _new_piece(page, app_server.base_url)
    page.get_by_test_id("editor-content").click()
    page.keyboard.type("Written online.")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)

    context.set_offline(True)
    page.keyboard.type(" Written offline.")
    page.wait_for_timeout(1500)
    expect(page.locator("#save-status")).not_to_have_attribute("data-status", "saved")
    kept = page.evaluate(f"localStorage.getItem('writers-unsaved-{task_id}')")
    assert kept and "Written offline." in kept
    # What the browser keeps is the text and its revision, nothing else: never a credential
    # (the session cookie is HttpOnly, so a script could not read it to store it anyway).
    assert set(json.loads(kept)) == {"html", "revision", "at"}
    everything = page.evaluate(BROWSER_STORAGE)
    session = next(c["value"] for c in context.cookies() if c["name"] == "writers_session")
    assert session not in everything and "writers_session" not in everything
    assert "Written offline." not in stored_task(app_server, task_id).body_text
    page.close()  # the tab is gone before the connection came back

    context.set_offline(False)
    again = context.new_page()
    goto(again, f"{app_server.base_url}/tasks/{task_id}")
    expect(again.locator("#backup-banner")).to_be_visible()
    again.click("#backup-restore")
    expect(again.get_by_test_id("editor-content")).to_contain_text("Written online. Written offline.")
    expect(again.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    assert "Written online. Written offline." in stored_task(app_server, task_id).body_text


def test_script_payloads_in_title_and_body_never_run(app_server, page):
    login_and_wait(page, app_server.base_url, app_server.create_user())
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    task_id = _new_piece(page, app_server.base_url)
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    page.fill("#task-title", payload)
    page.get_by_test_id("editor-content").click()
    page.keyboard.type(payload)
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    page.click("#word-goal")  # blur the title: it is saved
    goto(page, app_server.base_url + "/dashboard")
    expect(page.locator(".task-link").first).to_have_text(payload)  # shown as text
    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    expect(page.get_by_test_id("editor-content")).to_contain_text("<script>alert(2)</script>")
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0
    assert "<script>" not in stored_task(app_server, task_id).body_html


def test_another_writer_gets_not_found_everywhere(app_server, browser, page):
    login_and_wait(page, app_server.base_url, app_server.create_user(name="Owner"))
    task_id = _new_piece(page, app_server.base_url)
    page.get_by_test_id("editor-content").click()
    page.keyboard.type("private words")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)

    intruder_ctx = browser.new_context()
    intruder = intruder_ctx.new_page()
    login_and_wait(intruder, app_server.base_url, app_server.create_user(name="Intruder"))
    goto(intruder, f"{app_server.base_url}/tasks/{task_id}")
    expect(intruder.locator("#not-found")).to_be_visible()
    expect(intruder.get_by_test_id("editor-content")).to_have_count(0)
    url = f"{app_server.base_url}/api/editor/tasks/{task_id}/body"
    cookie = session_cookie(intruder_ctx)["value"]
    assert httpx.get(url, cookies={"writers_session": cookie}).status_code == 404
    assert httpx.get(url).status_code == 401
    owner_cookie = session_cookie(page.context)["value"]
    assert "private words" in httpx.get(url, cookies={"writers_session": owner_cookie}).json()["html"]
    intruder_ctx.close()


def test_restore_an_older_revision(app_server, page):
    login_and_wait(page, app_server.base_url, app_server.create_user())
    task_id = _new_piece(page, app_server.base_url)
    editor = page.get_by_test_id("editor-content")
    editor.click()
    page.keyboard.type("First draft sentence.")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    page.keyboard.press("Control+a")
    page.keyboard.type("Completely rewritten.")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)

    page.click("#open-history")
    expect(page.locator(".revision-item")).to_have_count(2)
    page.locator(".revision-item").last.click()  # the oldest
    expect(page.locator("#revision-preview")).to_contain_text("First draft sentence.")
    page.click("#compare-tab")
    # What changed since that version: its sentence is gone, the rewrite is new.
    expect(page.locator(".change-removed")).to_contain_text("First draft sentence.")
    expect(page.locator(".change-added")).to_contain_text("Completely rewritten.")
    page.click("#restore-revision")
    expect(editor).to_have_text("First draft sentence.")
    expect(page.locator("#revision-restored")).to_be_visible()
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    assert stored_task(app_server, task_id).body_text == "First draft sentence."
    page.reload()
    expect(page.get_by_test_id("editor-content")).to_have_text("First draft sentence.")


def test_export_markdown_and_the_others(app_server, page, tmp_path):
    login_and_wait(page, app_server.base_url, app_server.create_user())
    task_id = _new_piece(page, app_server.base_url)
    page.fill("#task-title", "Export me")
    editor = page.get_by_test_id("editor-content")
    editor.click()
    page.keyboard.press("Control+b")
    page.keyboard.type("Bold start")
    page.keyboard.press("Control+b")
    page.keyboard.press("Enter")
    page.keyboard.type(PERSIAN)
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)

    with page.expect_download() as download_info:
        page.click("#export-md")
    download = download_info.value
    assert download.suggested_filename.endswith(".md")
    markdown = (tmp_path / "out.md")
    download.save_as(markdown)
    text = markdown.read_text(encoding="utf-8")
    assert "# Export me" in text and "**Bold start**" in text and PERSIAN in text

    cookies = {"writers_session": session_cookie(page.context)["value"]}
    base = f"{app_server.base_url}/api/editor/tasks/{task_id}/export"
    docx_bytes = httpx.get(base + "/docx", cookies=cookies).content
    assert docx_bytes[:2] == b"PK"
    assert PERSIAN in httpx.get(base + "/txt", cookies=cookies).text
    html = httpx.get(base + "/html", cookies=cookies).text
    assert html.lower().startswith("<!doctype html>") and PERSIAN in html
    assert httpx.get(base + "/exe", cookies=cookies).status_code == 404
    assert httpx.get(base + "/md").status_code == 401
