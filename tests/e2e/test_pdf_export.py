"""PDF export and printing in Chromium, in English and Persian: the editor's PDF link downloads
a PDF holding the piece's text; printing the editor page (print media) shows only the title
and the text, black on white, in the page's direction."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlmodel import Session

from tests.e2e.helpers import goto, login_and_wait
from tests.factories import make_task
from writers_app.db import make_engine
from writers_app.services import auth

pytestmark = pytest.mark.e2e

PIECES = {
    "en": ("The river", "<p>The writer wrote a long and careful sentence about the river.</p>"
                        "<p>نویسنده دربارهٔ رودخانه می‌نوشت.</p>"),
    # This one opens with its title as a heading, as an upload does: paper shows it once.
    "fa": ("رودخانه", "<h1>رودخانه</h1><p>نویسنده جمله‌ای بلند و سنجیده دربارهٔ رودخانه و شهر می‌نوشت.</p>"
                      "<p>An English line inside a Persian piece.</p>"),
}
# The page's chrome that must not reach paper.
CHROME = ("#lang-switch", "#user-menu", "#open-history", "#word-goal", "#export-pdf", "[role=toolbar]",
          "#save-status", ".no-print")


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _words(text: str) -> list[str]:
    """The words in order, punctuation left out (pypdf reads a right-to-left line's full stop first)."""
    return re.findall(r"[\w\u064b-\u065f\u0670]+(?:\u200c[\w\u064b-\u065f\u0670]+)*", _flat(text))


def _has(text: str, phrase: str) -> bool:
    words, wanted = _words(text), _words(phrase)
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def _first_paragraph(lang: str) -> str:
    return PIECES[lang][1].split("<p>")[1].split("</p>")[0]


def _seed(server, email: str, title: str, body: str) -> int:  # noqa: ANN001
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task_id = make_task(session, owner, title=title, body_html=body).id
        session.commit()
    engine.dispose()
    return task_id


def _open_piece(app_server, page, lang: str) -> tuple[str, str]:  # noqa: ANN001
    title, body = PIECES[lang]
    email = app_server.create_user(language=lang)
    task_id = _seed(app_server, email, title, body)
    login_and_wait(page, app_server.base_url, email)
    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    expect(page.locator("#page-root")).to_have_attribute("lang", lang)
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    return title, body


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_pdf_link_downloads_the_piece_as_a_pdf(app_server, page, tmp_path, lang):
    title, _body = _open_piece(app_server, page, lang)
    link = page.locator("#export-pdf")
    expect(link).to_have_text("PDF")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"{title}.pdf"
    path = tmp_path / "piece.pdf"
    download.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    first, second = (part.split("</p>")[0] for part in PIECES[lang][1].split("<p>")[1:])
    assert _has(text, title) and _has(text, first) and _has(text, second)
    assert reader.metadata.title == title


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_printing_the_editor_shows_only_the_title_and_the_text(app_server, page, tmp_path, lang):
    title, _body = _open_piece(app_server, page, lang)
    text = page.get_by_test_id("editor-content")
    expect(page.locator("#print-title")).to_be_hidden()  # on screen the title is the field
    for selector in CHROME:
        expect(page.locator(selector).first).to_be_visible()
    page.emulate_media(media="print")
    for selector in CHROME:
        chrome = page.locator(selector)
        for index in range(chrome.count()):
            expect(chrome.nth(index)).to_be_hidden()
    if lang == "en":
        expect(page.locator("#print-title")).to_be_visible()
        expect(page.locator("#print-title")).to_have_text(title)
    else:
        expect(page.locator("#print-title")).to_be_hidden()
        expect(text.locator("h1")).to_have_text(title)
    expect(text).to_be_visible()
    expect(text).to_contain_text(_first_paragraph(lang))
    looks = page.evaluate("""() => {
        const content = document.querySelector('[data-testid=editor-content]');
        const css = (el) => getComputedStyle(el);
        return {body: css(document.body).backgroundColor, root: css(document.querySelector('#page-root')).backgroundColor,
                color: css(content).color, dir: css(content.querySelector('p')).direction,
                pageDir: document.querySelector('#page-root').getAttribute('dir'),
                textLeft: content.getBoundingClientRect().left};
    }""")
    assert looks["body"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)") and looks["root"] == "rgb(255, 255, 255)"
    assert looks["color"] == "rgb(0, 0, 0)"
    assert looks["dir"] == ("rtl" if lang == "fa" else "ltr") and looks["pageDir"] == looks["dir"]
    assert looks["textLeft"] < 40  # the text takes the page's width, no analysis column beside it

    pdf = page.pdf(format="A4")
    reader = PdfReader(io.BytesIO(pdf))
    printed = " ".join(p.extract_text() for p in reader.pages)
    # pypdf reads Chromium's Persian glyphs in drawing order, so the English paragraph is the
    # one compared; the page holds the text and none of the chrome (no export links, one page).
    english = "The writer wrote a long and careful sentence about the river." if lang == "en" else \
        "An English line inside a Persian piece."
    assert _has(printed, english) and "PDF" not in printed and "Markdown" not in printed
    assert len(reader.pages) == 1
