"""What writers see in the editor, in Chromium, in English and Persian: headings and lists look
like headings and lists, the toolbar has real icons with labels, an analysis of older text says
so at once (panel and dashboard), typography fixes read in the right order with half-spaces
visible, "fix all" can be undone from the history, the compare marks words, and a Persian page
has Persian digits.

With WRITERS_SCREENSHOT_DIR set, the tests also leave screenshots of what they looked at there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import click_into, goto, login_and_wait, stored_task
from tests.factories import make_task
from tests.support.digits import latin_digits
from writers_app.db import make_engine
from writers_app.i18n import _TABLE
from writers_app.models import Task
from writers_app.services import auth
from writers_app.services import tasks as task_service

pytestmark = pytest.mark.e2e
ZWNJ = "\u200c"
UNFIXED = "من میخواهم کتاب ها را بخوانم."
FIXED = f"من می{ZWNJ}خواهم کتاب{ZWNJ}ها را بخوانم."
STRUCTURE = {
    "en": "<h1>The title</h1><h2>A part</h2><h3>A section</h3><p>A paragraph of body text.</p>"
          "<ul><li><p>milk</p></li><li><p>bread</p></li></ul><ol><li><p>first</p></li><li><p>second</p></li></ol>",
    "fa": "<h1>عنوان نوشته</h1><h2>یک بخش</h2><h3>یک زیربخش</h3><p>بندی از متن اصلی نوشته.</p>"
          "<ul><li><p>شیر</p></li><li><p>نان</p></li></ul><ol><li><p>نخست</p></li><li><p>دوم</p></li></ol>",
}


def _text(key: str, lang: str) -> str:
    return _TABLE[key][0 if lang == "en" else 1]


def _seed(server, email: str, body: str, *, title: str = "A piece", word_goal: int | None = None) -> int:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task = make_task(session, owner, title=title, body_html=body)
        if word_goal:
            row = session.get(Task, task.id)
            row.word_goal = word_goal
            session.add(row)
        session.commit()
    engine.dispose()
    return task.id


def _shot(page, name: str) -> None:
    folder = os.environ.get("WRITERS_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _open(server, page, lang: str, body: str, **kw) -> int:
    email = server.create_user(language=lang)
    task_id = _seed(server, email, body, **kw)
    login_and_wait(page, server.base_url, email)
    goto(page, f"{server.base_url}/tasks/{task_id}")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    return task_id


def _analyse(page) -> None:
    page.click("#run-analysis")
    expect(page.locator("#analysis-result")).to_be_visible(timeout=60_000)


STYLE = """(el) => { const s = getComputedStyle(el); return {size: parseFloat(s.fontSize), weight: +s.fontWeight,
  list: s.listStyleType, dir: s.direction, padLeft: parseFloat(s.paddingLeft), padRight: parseFloat(s.paddingRight)}; }"""


@pytest.mark.parametrize(("ui", "text"), [("en", "fa"), ("fa", "en")])
def test_a_list_reads_in_the_direction_of_its_text_not_the_pages(app_server, page, ui, text):
    """A Persian list in the English interface has its markers on the right, an English list in
    the Persian one on the left: the direction follows the list's own text."""
    _open(app_server, page, ui, STRUCTURE[text])
    editor = page.get_by_test_id("editor-content")
    for tag in ("ul", "ol"):
        expect(editor.locator(f"{tag} > li")).to_have_count(2)
        box = editor.locator(tag).evaluate(STYLE)
        if text == "fa":
            assert box["dir"] == "rtl" and box["padRight"] > 0 and box["padLeft"] == 0, box
        else:
            assert box["dir"] == "ltr" and box["padLeft"] > 0 and box["padRight"] == 0, box
        # Each item's marker (outside, on the item's start side) is where its text starts.
        for item in editor.locator(f"{tag} > li").all():
            assert item.evaluate("e => getComputedStyle(e).direction") == ("rtl" if text == "fa" else "ltr")
    # A list typed anew takes its direction as it is written.
    click_into(page, editor.locator("p").first)
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("- ")
    page.keyboard.type("یک فهرست تازه" if text == "fa" else "a new list")
    expect(editor.locator("ul")).to_have_count(2)
    assert editor.locator("ul").first.evaluate(STYLE)["dir"] == ("rtl" if text == "fa" else "ltr")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_headings_and_lists_look_like_headings_and_lists(app_server, page, lang):
    _open(app_server, page, lang, STRUCTURE[lang])
    editor = page.get_by_test_id("editor-content")
    expect(editor.locator("h1")).to_have_count(1)
    p, h1, h2, h3 = (editor.locator(tag).first.evaluate(STYLE) for tag in ("p", "h1", "h2", "h3"))
    assert h1["size"] > h2["size"] > h3["size"] > p["size"], (h1, h2, h3, p)
    assert min(h1["weight"], h2["weight"], h3["weight"]) >= 700 > p["weight"]
    for tag in ("ul", "ol"):
        items = editor.locator(f"{tag} > li")
        expect(items).to_have_count(2)
        assert items.first.evaluate(STYLE)["list"] != "none"
        box = editor.locator(tag).evaluate(STYLE)
        if lang == "fa":  # markers and indentation on the right, where a Persian line starts
            assert box["dir"] == "rtl" and box["padRight"] > 0 and box["padLeft"] == 0, box
        else:
            assert box["dir"] == "ltr" and box["padLeft"] > 0 and box["padRight"] == 0, box
    # The H1 button turns the paragraph the caret is in into a heading.
    editor.locator("p").first.click()
    page.click("#tb-h1")
    expect(editor.locator("h1")).to_have_count(2)
    expect(editor.locator("h1").nth(1)).to_have_text("A paragraph of body text." if lang == "en"
                                                     else "بندی از متن اصلی نوشته.")
    # Every toolbar button is an icon with a translated label (and the same words as tooltip).
    buttons = page.locator(".we-toolbar .we-btn")
    assert buttons.count() >= 14
    for i in range(buttons.count()):
        button = buttons.nth(i)
        assert button.locator("svg").count() == 1, button.inner_html()
        label = button.get_attribute("aria-label")
        assert label and label == button.get_attribute("title") and not label.startswith("editor.")
        assert button.inner_text().strip() == ""  # no text characters posing as icons
    expect(page.locator("#tb-h1")).to_have_attribute("aria-label", _text("editor.heading1", lang))
    page.set_viewport_size({"width": 1366, "height": 900})
    _shot(page, f"editor-structure-{lang}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, f"editor-structure-{lang}-390")


def test_the_preview_of_a_revision_shows_its_structure_too(app_server, page):
    """A version saved from an upload or the API carries no dir attributes: its preview still
    reads from the right when its text is Persian."""
    task_id = _open(app_server, page, "en", STRUCTURE["fa"])
    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        owner_id = session.get(Task, task_id).owner_id
        revision = task_service.get_task(session=session, owner_id=owner_id, task_id=task_id).revision
        task_service.save_body(session=session, owner_id=owner_id, task_id=task_id, base_revision=revision,
                               html=STRUCTURE["fa"], explicit=True)
        session.commit()
    engine.dispose()
    page.reload()
    page.click("#open-history")
    page.locator(".revision-item").first.click()
    preview = page.locator("#revision-preview")
    h1, p = preview.locator("h1").evaluate(STYLE), preview.locator("p").first.evaluate(STYLE)
    assert h1["size"] > p["size"] and h1["weight"] >= 700
    assert preview.locator("ul > li").first.evaluate(STYLE)["list"] != "none"
    # A Persian piece reads from the right in its preview: headings and paragraphs start at the right
    # edge (Radix's scroll area would make everything inside left-to-right).
    assert p["dir"] == "rtl" and h1["dir"] == "rtl"
    for tag in ("ul", "ol"):  # list markers on the right too, Persian digits for numbers
        assert preview.locator(tag).evaluate(STYLE)["dir"] == "rtl"
        assert preview.locator(f"{tag} > li").first.evaluate(STYLE)["dir"] == "rtl"
    assert preview.locator("ol").evaluate(STYLE)["list"] == "persian"


def test_an_edit_marks_the_analysis_stale_at_once(app_server, page):
    _open(app_server, page, "en", "<p>A short text to analyse. It has two sentences.</p>")
    _analyse(page)
    expect(page.locator("#analysis-stale")).to_have_count(0)
    # Reading time reads as a writer says it; no empty keyword row.
    expect(page.locator("#analysis-stats")).to_contain_text("under a minute")
    expect(page.locator("#analysis-stats")).not_to_contain_text("0.0")
    editor = page.get_by_test_id("editor-content")
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" A third one.")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    expect(page.locator("#analysis-stale")).to_be_visible()  # no reload
    expect(page.locator("#analysis-stale")).to_have_text(_text("analysis.ui.stale", "en"))


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_fixes_read_in_order_fix_all_marks_stale_and_can_be_undone(app_server, page, lang):
    task_id = _open(app_server, page, lang, f"<p>{UNFIXED}</p>")
    _analyse(page)
    rows = page.locator(".fix-row")
    expect(rows.first).to_be_visible()
    row = rows.filter(has_text="خواهم").first
    before, after, arrow = row.locator("bdi.fix-before"), row.locator("bdi.fix-after"), row.locator(".fix-arrow")
    expect(before).to_have_text("میخواهم")
    assert after.inner_text().replace("\u00a6", ZWNJ) == f"می{ZWNJ}خواهم"
    expect(after.locator(".zwnj-mark")).to_have_count(1)  # the half-space, made visible
    expect(before.locator(".zwnj-mark")).to_have_count(0)
    assert row.locator("del, ins, s, u").count() == 0  # no line through or under the letters
    assert before.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    b, a = before.bounding_box(), after.bounding_box()
    if lang == "fa":  # read right to left: the original first, on the right; the arrow points at the fix
        assert b["x"] > a["x"] and arrow.inner_text() == "\u2190"
    else:
        assert b["x"] < a["x"] and arrow.inner_text() == "\u2192"
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        _shot(page, f"editor-analysis-{lang}-{width}")

    page.click("#fix-all")
    expect(page.get_by_test_id("editor-content")).to_have_text(FIXED)
    expect(page.locator("#analysis-stale")).to_be_visible()  # no reload
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    assert stored_task(app_server, task_id).body_text == FIXED

    goto(page, app_server.base_url + "/dashboard")
    expect(page.locator(".status-badge").first).to_have_attribute("data-status", "analyzed")
    expect(page.locator(".stale-badge")).to_have_text(_text("analysis.ui.stale_badge", lang))
    _shot(page, f"dashboard-stale-{lang}-390")

    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    expect(page.locator("#analysis-stale")).to_be_visible()  # after a reload too
    page.click("#open-history")
    before_fixes = page.locator(".revision-item").filter(has_text=_text("revisions.reason_fixes", lang))
    expect(before_fixes).to_have_count(1)
    before_fixes.click()
    expect(page.locator("#revision-preview")).to_have_text(UNFIXED)
    page.click("#compare-tab")
    changed = page.locator(".change-changed")
    expect(changed).to_have_count(1)
    expect(changed.locator("del").first).to_have_text("میخواهم")
    expect(changed.locator("ins").first.locator(".zwnj-mark")).to_have_count(1)  # the half-space it gained
    marked = changed.locator("del, ins").all_inner_texts()
    assert "را" not in " ".join(marked) and "بخوانم" not in " ".join(marked)  # unchanged words stay plain
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        _shot(page, f"editor-compare-{lang}-{width}")
    page.click("#restore-revision")
    expect(page.get_by_test_id("editor-content")).to_have_text(UNFIXED)
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    assert stored_task(app_server, task_id).body_text == UNFIXED


def test_compare_marks_only_the_changed_words(app_server, page):
    _open(app_server, page, "en", "<p>The cat sat on the mat today.</p><p>Another paragraph stays.</p>")
    editor = page.get_by_test_id("editor-content")
    editor.locator("p").first.click()
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    editor.locator("p").first.dblclick(position={"x": 12, "y": 8})  # "The"
    page.keyboard.type("A")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    expect(editor.locator("p").first).to_have_text("A cat sat on the mat today.")
    page.click("#open-history")
    page.locator(".revision-item").last.click()  # the older one
    page.click("#compare-tab")
    changed = page.locator(".change-changed")
    expect(changed).to_have_count(1)
    expect(changed.locator("del")).to_have_text("The")
    expect(changed.locator("ins")).to_have_text("A")
    expect(page.locator(".change-added, .change-removed")).to_have_count(0)  # no whole paragraphs
    assert changed.locator("del").evaluate("e => getComputedStyle(e).textDecorationLine") == "none"


def test_the_persian_editor_page_has_no_latin_digits(app_server, page):
    body = "".join(f"<p>{UNFIXED} این جمله برای شمردن واژه‌ها و زمان خواندن نوشته شده است.</p>" for _ in range(3))
    _open(app_server, page, "fa", body + "<ol><li><p>نخست</p></li></ol>", word_goal=500)
    _analyse(page)
    expect(page.locator("#goal-progress")).to_contain_text("۵۰۰")
    assert latin_digits(page) == []
    page.get_by_test_id("editor-content").locator("p").first.click()
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    page.click("#open-history")
    expect(page.locator(".revision-item").first).to_be_visible()
    page.locator(".revision-item").first.click()
    expect(page.locator("#revision-preview")).to_be_visible()
    assert latin_digits(page) == []
    page.keyboard.press("Escape")
    expect(page.locator("#revision-list")).to_have_count(0)  # the dialog is closed
    assert latin_digits(page) == []


@pytest.mark.parametrize(("ui", "title"), [("en", "نامه‌ای به دوست"), ("fa", "A letter to a friend")])
def test_a_title_reads_in_the_direction_of_its_own_text(app_server, page, ui, title):
    """A Persian title in the English interface starts at the right, an English one in the Persian
    interface at the left; the empty field's placeholder follows the interface."""
    _open(app_server, page, ui, "<p>Body.</p>", title=title)
    field = page.locator("#task-title")
    expect(field).to_have_value(title)
    assert field.evaluate("e => getComputedStyle(e).direction") == ("rtl" if ui == "en" else "ltr")
    field.fill("")
    assert field.evaluate("e => getComputedStyle(e).direction") == ("ltr" if ui == "en" else "rtl")
