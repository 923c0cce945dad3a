"""Getting started, in Chromium, in English and Persian: signing up on the register page shows a
sample piece on the dashboard, whose editor shows its analysis; the keyboard-shortcuts sheet opens
with `?` outside the text (in the text `?` types itself) and with Ctrl+/ in the editor, and
Escape closes it."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import at, click_into, goto, in_language, login_and_wait
from tests.factories import PASSWORD, make_task
from tests.support.digits import latin_digits
from writers_app.components.shortcuts import SHORTCUTS
from writers_app.db import make_engine
from writers_app.i18n import MESSAGES
from writers_app.services import auth

pytestmark = pytest.mark.e2e
# What the analysis of each language's sample shows: a sentence marked hard, a letter to fix.
ANALYSIS = {"en": "#analysis-findings", "fa": "#typography-fixes"}


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_signing_up_shows_a_sample_piece_with_its_analysis(app_server, page, lang):
    text = MESSAGES[lang]
    goto(page, app_server.base_url + "/register")
    in_language(page, lang)
    page.fill("#display_name", "Sample Reader")
    page.fill("#email", f"sample-{uuid.uuid4().hex[:8]}@example.com")
    page.fill("#password", PASSWORD)
    page.click("#register-submit")
    page.wait_for_url(at("/dashboard"))
    rows = page.locator(".task-row")
    expect(rows).to_have_count(1)
    link = rows.locator(".task-link")
    expect(link).to_have_text(text["sample.title"])

    link.click()
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    expect(page.locator(".ProseMirror h2").first).to_have_text(text["sample.heading"])
    expect(page.locator("#analysis-result")).to_be_visible(timeout=90_000)
    expect(page.locator(ANALYSIS[lang])).to_be_visible()
    if lang == "fa":
        expect(page.locator("#typography-fixes")).to_contain_text("ی")
        assert latin_digits(page) == []
    else:
        expect(page.locator("#analysis-findings")).to_contain_text(text["analysis.check.en.very_hard_sentences"])


def _piece(server, email: str, html: str) -> int:
    from sqlmodel import Session

    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task_id = make_task(session, owner, title="Keys", body_html=html).id
        session.commit()
    engine.dispose()
    return task_id


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_question_mark_opens_the_shortcuts_sheet_and_escape_closes_it(app_server, page, lang):
    text = MESSAGES[lang]
    email = app_server.create_user(language=lang)
    task_id = _piece(app_server, email, "<p>One line</p>" if lang == "en" else "<p>یک سطر</p>")
    login_and_wait(page, app_server.base_url, email)
    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    sheet = page.locator("#shortcuts-sheet")

    page.locator("body").click(position={"x": 5, "y": 5})  # nowhere in particular: no text field has focus
    page.keyboard.press("?")
    expect(sheet).to_be_visible()
    expect(sheet.get_by_role("heading")).to_have_text(text["shortcuts.title"])
    expect(sheet.locator(".shortcut-row")).to_have_count(len(SHORTCUTS))
    expect(sheet).to_contain_text(text["shortcuts.outline"])
    expect(sheet).to_contain_text(text["shortcuts.replace"])
    expect(sheet.locator("kbd", has_text="⌘").first).to_be_visible()  # the Mac column
    if lang == "fa":
        assert latin_digits(page) == []
    page.keyboard.press("Escape")
    expect(sheet).to_have_count(0)

    # In the text `?` is a question mark; Ctrl+/ opens the sheet from there.
    paragraph = page.locator(".ProseMirror p").first
    click_into(page, paragraph)
    page.keyboard.press("End")
    page.keyboard.type("?")
    expect(paragraph).to_have_text(("One line" if lang == "en" else "یک سطر") + "?")
    expect(sheet).to_have_count(0)
    page.keyboard.press("Control+/")
    expect(sheet).to_be_visible()
    page.keyboard.press("Escape")
    expect(sheet).to_have_count(0)

    page.click("#shortcuts-open")  # and its button
    expect(sheet).to_be_visible()
    page.click("#shortcuts-close")
    expect(sheet).to_have_count(0)
