"""The outline panel in Chromium, in English and Persian: it lists the headings (h1-h3, indented
by level, on the right in Persian), a click jumps to one (in view, the caret in it), the heading
the caret is in is marked, and a heading typed into the text joins the list. On a phone the panel
sits above the text instead of beside it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from tests.e2e.helpers import CARET_IN, click_into, goto, login_and_wait
from tests.factories import make_task
from tests.support.digits import latin_digits
from writers_app.db import make_engine
from writers_app.i18n import MESSAGES
from writers_app.services import auth

pytestmark = pytest.mark.e2e
ZWNJ = "\u200c"
TEXT = {
    "en": {"headings": [(1, "Part one"), (2, "The harbour"), (3, "At night"), (2, "The letter")],
           "filler": "The boats came in one by one and the lamps along the harbour wall were lit before dark. ",
           "new": "Epilogue", "typed": "A short line"},
    "fa": {"headings": [(1, "بخش یکم"), (2, "بندرگاه"), (3, "شب هنگام"), (2, "نامه")],
           "filler": f"قایق{ZWNJ}ها یکی یکی آمدند و چراغ{ZWNJ}های دیوار بندر پیش از تاریکی روشن شدند. ",
           "new": "پایان", "typed": "سطری کوتاه"},
}


def _html(lang: str) -> str:
    parts = []
    for level, heading in TEXT[lang]["headings"]:
        parts.append(f"<h{level}>{heading}</h{level}>")
        parts += [f"<p>{TEXT[lang]['filler'] * 6}</p>"] * 5
    return "".join(parts)


def _open(server, page: Page, lang: str) -> None:
    email = server.create_user(language=lang)
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task_id = make_task(session, owner, title="Outline", body_html=_html(lang)).id
        session.commit()
    engine.dispose()
    login_and_wait(page, server.base_url, email)
    goto(page, f"{server.base_url}/tasks/{task_id}")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    toggle = page.locator("#tb-outline")
    expect(toggle).to_have_attribute("aria-label", MESSAGES[lang]["editor.outline"])
    expect(page.locator("#outline-panel")).to_have_count(0)  # closed until the writer opens it
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")


def _current(page: Page):  # noqa: ANN202 (a Locator)
    return page.locator("#outline-panel .we-outline-current")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_outline_lists_jumps_marks_the_current_heading_and_follows_typing(app_server, page, lang):
    _open(app_server, page, lang)
    text = TEXT[lang]
    items = page.locator("#outline-panel .we-outline-item")
    expect(items).to_have_text([heading for _level, heading in text["headings"]])
    assert [int(items.nth(i).get_attribute("data-level")) for i in range(4)] == [1, 2, 3, 2]

    # Indented by level, from the page's own side: the left in English, the right in Persian.
    side = "right" if lang == "fa" else "left"
    pads = items.evaluate_all(f"els => els.map((e) => parseFloat(getComputedStyle(e).padding{side.title()}))")
    assert pads[0] < pads[1] < pads[2]
    panel, body = page.locator("#outline-panel").bounding_box(), page.locator(".we-body").bounding_box()
    assert (panel["x"] > body["x"]) if lang == "fa" else (panel["x"] < body["x"])

    # A click jumps: the heading is in view and the caret in it, and it is the current one.
    last = page.locator(".ProseMirror h2").nth(1)
    expect(last).not_to_be_in_viewport()
    items.nth(3).click()
    expect(last).to_be_in_viewport()
    page.wait_for_function("el => (%s)(el)" % CARET_IN, arg=last.element_handle())
    expect(_current(page)).to_have_text(text["headings"][3][1])
    expect(items.nth(3)).to_have_attribute("aria-current", "location")

    # The caret moves into the scene under the h3: that heading is marked.
    scene = page.locator(".ProseMirror h3 + p")
    scene.scroll_into_view_if_needed()
    click_into(page, scene)
    expect(_current(page)).to_have_text(text["headings"][2][1])
    expect(page.locator("#outline-panel [aria-current]")).to_have_count(1)

    # A heading typed at the end joins the list, indented as a level 2, and is the current one.
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("## " + text["new"])
    expect(items).to_have_count(5)
    expect(items.nth(4)).to_have_text(text["new"])
    expect(items.nth(4)).to_have_attribute("data-level", "2")
    expect(_current(page)).to_have_text(text["new"])
    page.keyboard.press("Enter")
    page.keyboard.type(text["typed"])  # a paragraph under it changes nothing in the list
    expect(items).to_have_count(5)
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    if lang == "fa":
        assert latin_digits(page) == []

    # Closed again from the keyboard (the caret is in the text), and that is remembered across a reload.
    page.keyboard.press("Alt+Shift+O")
    expect(page.locator("#outline-panel")).to_have_count(0)
    page.reload()
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    expect(page.locator("#outline-panel")).to_have_count(0)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_on_a_phone_the_outline_sits_above_the_text(app_server, context, lang):
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    _open(app_server, page, lang)
    panel = page.locator("#outline-panel")
    expect(panel.locator(".we-outline-item")).to_have_count(4)
    box, body = panel.bounding_box(), page.locator(".we-body").bounding_box()
    assert box["y"] + box["height"] <= body["y"] + 1  # above, not beside
    assert body["width"] > 300  # the text keeps the phone's width
    panel.locator(".we-outline-item").nth(3).click()
    expect(page.locator(".ProseMirror h2").nth(1)).to_be_in_viewport()
    page.click("#tb-outline")  # collapses
    expect(panel).to_have_count(0)


# The plugin's list (index, level, text) against a full scan of the document, and the panel's.
_COMPARE = """() => {
  const ed = document.querySelector('.ProseMirror').editor;
  const full = [];
  ed.state.doc.forEach((node, _pos, index) => {
    if (node.type.name === 'heading' && node.attrs.level <= 3) full.push([index, node.attrs.level, node.textContent]);
  });
  const kept = ed.state['writersOutline$'].headings.map((h) => [h.index, h.level, h.text]);
  return JSON.stringify(kept) === JSON.stringify(full) ? full.map((h) => h[2]) : {kept, full};
}"""
# Blocks: 0 h1, 1-5 p, 6 h2, 7-11 p, 12 h3, 13-17 p, 18 h2, 19-23 p (each edit changes them).
_EDITS = {
    "split a heading": "ed.chain().focus().setTextSelection(at(0) + 3).splitBlock().run();",
    "join a heading into the paragraph before it": "ed.chain().focus().setTextSelection(at(7) + 1).joinBackward().run();",
    "turn a paragraph into a heading": "ed.chain().focus().setTextSelection(at(9) + 2).toggleHeading({ level: 3 }).run();",
    "delete across blocks and a heading": "ed.chain().focus().deleteRange({ from: at(10) + 2, to: at(14) + 2 }).run();",
    "paste headings": "ed.chain().focus().insertContentAt(at(3), '<h2>Pasted one</h2><p>text</p><h3>Pasted two</h3>').run();",
    "insert a paragraph at the start": "ed.chain().focus().insertContentAt(0, '<p>New start</p>').run();",
    "undo everything": "while (ed.can().undo()) ed.commands.undo();",
}
_AT = "const ed = document.querySelector('.ProseMirror').editor; const doc = ed.state.doc;" \
      "const at = (i) => { let pos = 0; for (let j = 0; j < i; j++) pos += doc.child(j).nodeSize; return pos; };"


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_kept_list_equals_a_full_scan_through_structural_edits(app_server, page, lang):
    _open(app_server, page, lang)
    items = page.locator("#outline-panel .we-outline-item")
    original = page.evaluate(_COMPARE)
    assert original == [heading for _level, heading in TEXT[lang]["headings"]]
    for name, edit in _EDITS.items():
        page.evaluate(f"() => {{ {_AT} {edit} }}")
        scanned = page.evaluate(_COMPARE)
        assert isinstance(scanned, list), f"after '{name}': {scanned}"
        expect(items).to_have_text([text or MESSAGES[lang]["editor.outline_untitled"] for text in scanned])
    assert page.evaluate(_COMPARE) == original
