"""Focus and comfort in Chromium, in English and Persian: focus mode shows only the text (the top
bar, the piece's details, exports and the analysis panel go, the toolbar waits out of sight until
the pointer reaches it) and Escape or its button leaves it; typewriter scrolling holds the caret
line at 40% of the window while the writer types on at the end of a long piece; the font, size
and line width chosen in the settings (or the editor's "Aa" menu) are what the editor draws,
also after a reload."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from tests.e2e.helpers import CARET_IN, click_into, goto, login_and_wait
from tests.e2e.manuscript import seed_task
from tests.factories import make_task
from writers_app.db import make_engine
from writers_app.models import User
from writers_app.services import auth

pytestmark = pytest.mark.e2e
LANGS = ["en", "fa"]
TEXT = {
    "en": ("<h1>The river</h1><p>The river was quiet that morning.</p><p>We walked along the bank.</p>", " and on"),
    "fa": ("<h1>رود</h1><p>آن روز صبح رود آرام بود.</p><p>در کنار ساحل قدم زدیم.</p>", " و باز"),
}
LINE = {"en": "another line of the letter", "fa": "سطری دیگر از نامه"}
EXIT_LABEL = {"en": "Leave focus mode", "fa": "خروج از حالت تمرکز"}
IN_FOCUS = "() => document.documentElement.classList.contains('focus-mode')"
OUT_OF_FOCUS = "() => !document.documentElement.classList.contains('focus-mode')"
TOOLBAR_IS = "(o) => getComputedStyle(document.querySelector('.we-toolbar')).opacity === o"
# The caret's line, from the browser's own selection (what the writer sees), against the line
# typewriter scrolling holds it at: [middle of the caret's line, 40% of the window, line height].
CARET_LINE = """() => { const r = window.getSelection().getRangeAt(0).getClientRects();
  const box = r.length ? r[r.length - 1] : window.getSelection().getRangeAt(0).startContainer.parentElement.getBoundingClientRect();
  return [(box.top + box.bottom) / 2, window.innerHeight * 0.4, box.bottom - box.top]; }"""


def _user_id(server, email: str) -> int:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        user_id = auth.get_user_by_email(session=session, email=email).id
    engine.dispose()
    return user_id


def _seed(server, email: str, html: str) -> int:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        task = make_task(session, auth.get_user_by_email(session=session, email=email), title="Focus", body_html=html)
        session.commit()
        task_id = task.id
    engine.dispose()
    return task_id


def _stored_prefs(server, user_id: int) -> dict | None:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        raw = session.get(User, user_id).writing_prefs
    engine.dispose()
    return None if raw is None else json.loads(raw)


def _open(page: Page, server, task_id: int) -> None:
    goto(page, f"{server.base_url}/tasks/{task_id}")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)


def _chrome_shown(page: Page) -> None:
    for selector in ("#lang-switch", "#task-title", "#run-analysis", "#export-md", "#tb-bold"):
        expect(page.locator(selector)).to_be_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_focus_mode_shows_only_the_text_and_escape_leaves(app_server, page, lang):
    html, typed = TEXT[lang]
    email = app_server.create_user(language=lang)
    task_id = _seed(app_server, email, html)
    login_and_wait(page, app_server.base_url, email)
    _open(page, app_server, task_id)
    _chrome_shown(page)
    content = page.get_by_test_id("editor-content")
    click_into(page, content.locator("p").last)

    page.click("#tb-focus")
    page.wait_for_function(IN_FOCUS)
    for selector in ("#lang-switch", "#task-title", "#run-analysis", "#export-md", "#open-history"):
        expect(page.locator(selector)).to_be_hidden()
    expect(content).to_be_visible()
    page.wait_for_function(TOOLBAR_IS, arg="0")  # tucked away...
    exit_button = page.locator("#focus-exit")
    expect(exit_button).to_be_visible()
    expect(exit_button).to_have_attribute("aria-label", re.compile(EXIT_LABEL[lang]))
    # The text sits in the middle of the window, at the writer's line width.
    box = content.bounding_box()
    assert abs(box["x"] + box["width"] / 2 - 640) < 24, box
    assert content.evaluate(CARET_IN)  # the writer types on where they were
    page.keyboard.type(typed)
    expect(content.locator("p").last).to_contain_text(typed.strip())
    page.mouse.move(640, 6)  # ...until the pointer reaches the top of the window
    page.wait_for_function(TOOLBAR_IS, arg="1")
    page.mouse.move(640, 400)

    page.keyboard.press("Escape")
    page.wait_for_function(OUT_OF_FOCUS)
    _chrome_shown(page)
    expect(exit_button).to_be_hidden()
    page.wait_for_function(TOOLBAR_IS, arg="1")

    page.keyboard.press("Control+Shift+F")  # the shortcut, then the floating button
    page.wait_for_function(IN_FOCUS)
    expect(page.locator("#task-title")).to_be_hidden()
    page.click("#focus-exit")
    page.wait_for_function(OUT_OF_FOCUS)
    _chrome_shown(page)
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)


@pytest.mark.parametrize("lang", LANGS)
def test_typewriter_scrolling_holds_the_caret_line_while_typing_at_the_end_of_a_long_piece(app_server, page, lang):
    email = app_server.create_user(language=lang)
    task_id = seed_task(app_server.settings.database_url, email, lang, words=20_000)
    login_and_wait(page, app_server.base_url, email)
    _open(page, app_server, task_id)
    content = page.get_by_test_id("editor-content")
    expect(content).to_have_class(re.compile(r"\bwe-long\b"))  # far blocks skip layout (long_documents.js)
    click_into(page, content.locator("p").first)
    page.keyboard.press("Control+Shift+F")
    page.wait_for_function(IN_FOCUS)
    page.keyboard.press("Control+End")
    for _ in range(15):
        page.keyboard.press("Enter")
        page.keyboard.type(LINE[lang])
    expect(content.locator("p").last).to_have_text(LINE[lang])
    # Not left where ProseMirror would keep it (at the bottom edge): held at the typewriter line.
    page.wait_for_function(f"() => {{ const [middle, line, height] = ({CARET_LINE})();"
                           " return Math.abs(middle - line) <= Math.max(height, 24); }")
    middle, line, _height = page.evaluate(CARET_LINE)
    assert abs(middle - line) < 60 and page.evaluate("window.scrollY") > 1000
    page.keyboard.press("Escape")
    page.wait_for_function(OUT_OF_FOCUS)


def _editor_look(page: Page) -> dict:
    return page.get_by_test_id("editor-content").evaluate(
        "(el) => { const s = getComputedStyle(el); return {font: s.fontFamily, size: s.fontSize, width: s.maxWidth}; }")


@pytest.mark.parametrize("lang", LANGS)
def test_font_size_and_width_chosen_in_settings_are_what_the_editor_draws(app_server, page, lang):
    html, _typed = TEXT[lang]
    email = app_server.create_user(language=lang)
    user_id, task_id = _user_id(app_server, email), _seed(app_server, email, html)
    login_and_wait(page, app_server.base_url, email)
    _open(page, app_server, task_id)
    look = _editor_look(page)  # the defaults: the app's own font, 18 px, wide
    assert "Vazirmatn" in look["font"] and look["size"] == "18px" and look["width"] == f"{46 * 18}px"

    goto(page, app_server.base_url + "/settings")
    card = page.locator("#writing-card")
    expect(page.locator("#prefs-size-18")).to_have_attribute("aria-checked", "true")
    if lang == "fa":
        assert page.evaluate("getComputedStyle(document.querySelector('#writing-card')).direction") == "rtl"
        expect(card).to_contain_text("پهنای سطر")
        assert not re.search(r"[0-9]", card.inner_text()), card.inner_text()  # sizes in Persian digits
    else:
        expect(card).to_contain_text("Line width")
    for choice in ("#prefs-font-serif", "#prefs-size-22", "#prefs-width-narrow"):
        page.click(choice)
        expect(page.locator(choice)).to_have_attribute("aria-checked", "true")
    expect(page.locator("#prefs-notice")).to_be_visible()
    assert _stored_prefs(app_server, user_id) == {"font": "serif", "size": 22, "width": "narrow", "typewriter": "focus"}

    page.reload()
    page.wait_for_selector('#page-root[data-hydrated="true"]')
    expect(page.locator("#prefs-font-serif")).to_have_attribute("aria-checked", "true")
    expect(page.locator("#prefs-size-22")).to_have_attribute("aria-checked", "true")

    _open(page, app_server, task_id)
    look = _editor_look(page)
    assert "Literata" in look["font"] and "Naskh" in look["font"]
    assert look["size"] == "22px" and look["width"] == f"{32 * 22}px"

    # The editor's own "Aa" menu changes the same preferences.
    page.click("#tb-prefs")
    expect(page.locator("#prefs-menu")).to_be_visible()
    page.click("#aa-size-16")
    expect(page.locator("#aa-size-16")).to_have_attribute("aria-checked", "true")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.ProseMirror')).fontSize === '16px'")
    page.click("#aa-font-system")
    page.wait_for_function("() => !getComputedStyle(document.querySelector('.ProseMirror')).fontFamily.includes('Literata')")
    page.keyboard.press("Escape")
    expect(page.locator("#prefs-menu")).to_be_hidden()
    _open(page, app_server, task_id)  # after a reload too
    look = _editor_look(page)
    assert look["size"] == "16px" and look["width"] == f"{32 * 16}px" and "system-ui" in look["font"]
    assert _stored_prefs(app_server, user_id) == {"font": "system", "size": 16, "width": "narrow",
                                                  "typewriter": "focus"}
