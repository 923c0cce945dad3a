"""Find and replace in the editor, in Chromium, in the English and the Persian interface:
Ctrl+F finds a Persian word typed with Arabic ي/ك and a half-space in all its spellings, shows
"1 of 3" («۱ از ۳»), marks the matches (never saved) and scrolls to the current one; match
case, whole word and regular expressions behave, a broken regex says so; Escape gives the
editor its focus back. Replace all is one step that one Ctrl+Z takes back, and replacing is
saved like typing (the database holds it and a reload shows it)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import click_into, goto, in_language, login_and_wait, stored_task
from tests.factories import make_task
from tests.support.digits import latin_digits
from writers_app.db import make_engine
from writers_app.services import auth

pytestmark = pytest.mark.e2e
ZWNJ = "\u200c"
FILLER = "".join(f"<p>Filler paragraph number {i} keeps the last lines below the fold.</p>" for i in range(40))
BODY = (f"<p>من می{ZWNJ}خواهم کتاب بخوانم.</p><p>The Cat and the cat; concat.</p>{FILLER}"
        "<p>میخواهم و می خواهم.</p>")
REPLACE_BODY = f"<p>کتاب خوب است.</p><p>كتاب بد نیست.</p><p>کتاب{ZWNJ}ها را بخوان.</p>"
COUNT = {"en": "{n} of {total}", "fa": "{n} از {total}"}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _count(lang: str, n: int, total: int) -> str:
    text = COUNT[lang].format(n=n, total=total)
    return text.translate(PERSIAN_DIGITS) if lang == "fa" else text


def _open_piece(server, page, lang: str, body: str) -> int:
    email = server.create_user(language=lang)
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task_id = make_task(session, owner, title="Find", body_html=body).id
        session.commit()
    engine.dispose()
    login_and_wait(page, server.base_url, email)
    in_language(page, lang)
    goto(page, f"{server.base_url}/tasks/{task_id}")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    return task_id


def _revision(page) -> str:  # noqa: ANN001
    return page.get_attribute("#save-status", "data-revision")


def _saved_after(page, revision: str) -> None:  # noqa: ANN001
    """The server acknowledged a save newer than `revision`."""
    expect(page.locator("#save-status")).not_to_have_attribute("data-revision", revision)
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")


def _in_viewport(locator) -> bool:  # noqa: ANN001  (a Locator)
    return locator.evaluate("el => { const r = el.getBoundingClientRect();"
                            " return r.top >= 0 && r.bottom <= window.innerHeight; }")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_find_every_persian_spelling_count_options_and_escape(app_server, page, lang):
    task_id = _open_piece(app_server, page, lang, BODY)
    seeded = stored_task(app_server, task_id)
    editor = page.get_by_test_id("editor-content")
    click_into(page, editor.locator("p").first)
    page.keyboard.press("Control+Home")  # the search starts from the caret
    page.keyboard.press("Control+f")
    field = page.locator("#find-input")
    expect(field).to_be_focused()
    # Arabic yeh and a half-space: finds «می‌خواهم», «میخواهم» and «می خواهم».
    field.press_sequentially(f"مي{ZWNJ}خواهم")
    count = page.locator("#find-count")
    expect(count).to_have_text(_count(lang, 1, 3))
    expect(editor.locator(".we-find-match")).to_have_count(3)
    expect(editor.locator(".we-find-current")).to_have_count(1)
    expect(editor.locator(".we-find-current")).to_have_text(f"می{ZWNJ}خواهم")
    field.press("Enter")
    expect(count).to_have_text(_count(lang, 2, 3))
    current = editor.locator(".we-find-current")
    expect(current).to_have_text("میخواهم")
    page.wait_for_function("() => { const el = document.querySelector('.we-find-current');"
                           " const r = el && el.getBoundingClientRect();"
                           " return !!r && r.top >= 0 && r.bottom <= window.innerHeight; }")
    assert _in_viewport(current)  # below forty paragraphs, scrolled to
    field.press("Shift+Enter")
    field.press("Shift+Enter")
    expect(count).to_have_text(_count(lang, 3, 3))  # back past the first: the last one
    expect(current).to_have_text("می خواهم")
    # Arabic kaf: the Persian «کتاب».
    field.fill("كتاب")
    expect(count).to_have_text(_count(lang, 1, 1))
    if lang == "fa":
        assert latin_digits(page) == []

    field.fill("cat")
    expect(count).to_have_text(_count(lang, 1, 3))  # Cat, cat and the end of concat
    page.click("#find-case")
    expect(page.locator("#find-case")).to_have_attribute("aria-pressed", "true")
    expect(count).to_have_text(_count(lang, 1, 2))
    page.click("#find-word")
    expect(count).to_have_text(_count(lang, 1, 1))
    page.click("#find-case")
    expect(count).to_have_text(_count(lang, 1, 2))  # Cat and cat, not concat
    page.click("#find-word")
    page.click("#find-regex")
    field.fill(r"\bc\w*t\b")
    expect(count).to_have_text(_count(lang, 1, 3))  # Cat, cat, concat
    field.fill("c(at")
    expect(page.locator("#find-error")).to_be_visible()
    expect(page.locator("#find-input")).to_have_attribute("aria-invalid", "true")
    expect(editor.locator(".we-find-match")).to_have_count(0)
    field.fill("c(at);")
    expect(page.locator("#find-error")).to_have_count(0)
    expect(count).to_have_text(_count(lang, 1, 1))  # "cat;" only
    page.click("#find-regex")

    field.press("Escape")
    expect(page.locator("#find-bar")).to_have_count(0)
    expect(editor.locator(".we-find-match")).to_have_count(0)
    expect(editor).to_be_focused()
    # The toolbar's search button opens it again, labelled in the page's language.
    button = page.locator("#tb-find")
    label = {"en": "Find and replace (Ctrl+F)", "fa": "جست‌وجو و جایگزینی (Ctrl+F)"}[lang]
    expect(button).to_have_attribute("aria-label", label)
    expect(button).to_have_attribute("title", label)
    button.click()
    expect(field).to_be_focused()
    expect(field).to_have_value("cat;")  # Escape left the match selected: it is the new query
    page.keyboard.press("Escape")
    # Searching changed nothing: the stored body is the seeded one, without any mark.
    stored = stored_task(app_server, task_id)
    assert "we-find" not in stored.body_html and stored.revision == seeded.revision


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_replace_all_is_one_undo_step_and_replacing_is_saved(app_server, page, lang):
    task_id = _open_piece(app_server, page, lang, REPLACE_BODY)
    editor = page.get_by_test_id("editor-content")
    paragraphs = editor.locator("p")
    click_into(page, paragraphs.first)
    page.keyboard.press("Control+Home")
    page.keyboard.press("Control+h")
    expect(page.locator("#replace-input")).to_be_focused()
    page.fill("#find-input", "کتاب")
    expect(page.locator("#find-count")).to_have_text(_count(lang, 1, 3))
    page.fill("#replace-input", "دفتر")
    before = _revision(page)
    page.click("#replace-all")
    expect(page.locator("#find-replaced")).to_have_attribute("data-replaced", "3")
    expect(page.locator("#find-count")).to_have_text({"en": "No results", "fa": "یافت نشد"}[lang])
    expect(paragraphs).to_have_text(["دفتر خوب است.", "دفتر بد نیست.", f"دفتر{ZWNJ}ها را بخوان."])
    _saved_after(page, before)
    stored = stored_task(app_server, task_id).body_text
    assert stored.count("دفتر") == 3 and "کتاب" not in stored and "كتاب" not in stored

    page.keyboard.press("Escape")  # back to the editor
    expect(editor).to_be_focused()
    before = _revision(page)
    page.keyboard.press("Control+z")
    expect(paragraphs).to_have_text(["کتاب خوب است.", "كتاب بد نیست.", f"کتاب{ZWNJ}ها را بخوان."])
    _saved_after(page, before)
    stored = stored_task(app_server, task_id).body_text
    assert "دفتر" not in stored and stored.count("کتاب") == 2 and "كتاب" in stored

    # Replace one: the current match only, typed in the replace field and confirmed with Enter.
    page.keyboard.press("Control+h")
    expect(page.locator("#find-count")).to_have_text(_count(lang, 1, 3))
    page.fill("#replace-input", "Book")
    before = _revision(page)
    page.press("#replace-input", "Enter")
    expect(page.locator("#find-count")).to_have_text(_count(lang, 1, 2))
    expect(paragraphs.first).to_have_text("Book خوب است.")
    _saved_after(page, before)
    page.reload()
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    expect(paragraphs).to_have_text(["Book خوب است.", "كتاب بد نیست.", f"کتاب{ZWNJ}ها را بخوان."])
    # On a Mac ⌘H hides the browser: ⌘⌥F opens the replace field, as the shortcuts sheet says.
    click_into(page, paragraphs.first)
    page.keyboard.press("Meta+Alt+KeyF")
    expect(page.locator("#replace-input")).to_be_focused()
