"""The PDF export: Persian shaped and in reading order, each paragraph in its own direction,
page numbers, fonts embedded, metadata; read back with pypdf."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf
import pytest

from writers_app.formats.detect import DocumentKind, detect_kind
from writers_app.formats.export import FORMATS, render_export
from writers_app.formats.pdf_export import export_pdf

PERSIAN_SENTENCE = "نویسنده کتاب‌ها را می‌خواند و داستانِ تازه‌ای می‌نویسد"
ENGLISH_SENTENCE = "The writer reads the old books and writes a new story"
BODY = (
    f"<h1>فصل نخست</h1><p>{PERSIAN_SENTENCE}.</p>"
    "<p>آغاز <strong>میانه</strong> پایان</p>"
    f"<p>{ENGLISH_SENTENCE}.</p>"
    "<p>alpha <strong>beta</strong> gamma with the word کتاب‌ها inside</p>"
    "<ul><li><p>first point</p></li></ul><ol><li><p>نکتهٔ یکم</p></li></ol>"
    "<blockquote><p>نقل‌قولی کوتاه</p></blockquote><pre><code>x = 1</code></pre><hr>"
    r"<p>Literal marks: a ** b __ c -- d ~~ e \ f [x](y) g \** h.</p>"
)


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def _flat(text: str) -> str:
    """NFKC (presentation forms to letters) and one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _words(text: str) -> list[str]:
    """The words in order, punctuation left out: pypdf puts a full stop at the far end of a
    right-to-left line first, as it is drawn; the letters and words keep their reading order."""
    return re.findall(r"[\w\u064b-\u065f\u0670]+(?:\u200c[\w\u064b-\u065f\u0670]+)*", _flat(text))


def _contains(words: list[str], phrase: str) -> bool:
    wanted = _words(phrase)
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def _runs(page) -> list[tuple[float, float, str]]:  # noqa: ANN001
    """Each run of text pypdf sees, with its start (x, y) in points."""
    runs: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001, ARG001
        if text.strip():
            runs.append((tm[4], tm[5], _flat(text)))

    page.extract_text(visitor_text=visit)
    return runs


def _x_of(runs, word: str) -> float:  # noqa: ANN001
    [x] = [x for x, _y, text in runs if text == word]
    return x


def test_pdf_is_a4_with_metadata_and_reads_back_as_a_pdf():
    data = export_pdf("داستان من", BODY, author="نویسندهٔ آزمون")
    assert data.startswith(b"%PDF-") and detect_kind(data, "export.pdf") is DocumentKind.PDF
    reader = _reader(data)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert reader.metadata.title == "داستان من" and reader.metadata.author == "نویسندهٔ آزمون"
    export = render_export("pdf", title="My story", body_html=BODY, lang="en", author="A. Writer")
    assert export.media_type == FORMATS["pdf"] == "application/pdf"
    assert export.filename == "My story.pdf" and export.body.startswith(b"%PDF-")


def test_persian_and_english_come_back_in_reading_order():
    text = _flat("\n".join(page.extract_text() for page in _reader(export_pdf("داستان من", BODY)).pages))
    # Letters and words in logical order: a page that drew them reversed or unshaped reads back otherwise.
    words = _words(text)
    assert _contains(words, PERSIAN_SENTENCE) and not _contains(words, " ".join(reversed(_words(PERSIAN_SENTENCE))))
    assert _contains(words, ENGLISH_SENTENCE)
    assert "Literal marks: a ** b __ c -- d ~~ e \\ f [x](y) g \\** h." in text
    assert text.index("داستان من") < text.index("فصل نخست") < text.index(_flat(PERSIAN_SENTENCE)) \
        < text.index(ENGLISH_SENTENCE)


def test_each_paragraph_runs_in_the_direction_of_its_first_letter():
    runs = _runs(_reader(export_pdf("داستان من", BODY)).pages[0])
    # Persian: the first word at the right, the last at the left; English the other way round.
    assert _x_of(runs, "آغاز") > _x_of(runs, "میانه") > _x_of(runs, "پایان")
    assert _x_of(runs, "alpha") < _x_of(runs, "beta") < _x_of(runs, "gamma with the word")
    # A Persian paragraph ends at the right margin, an English one starts at the left margin.
    page_width = 595.28
    persian = [x for x, _y, text in runs if text == "آغاز"][0]
    assert persian > page_width / 2
    assert _x_of(runs, "alpha") < page_width / 4
    # A word with a ZWNJ inside an English paragraph stays one right-to-left run.
    assert any(text == "کتاب\u200cها" for _x, _y, text in runs)


def _numbers_at_the_foot(reader: pypdf.PdfReader) -> list[str]:
    numbers = []
    for page in reader.pages:
        foot = [text for _x, y, text in _runs(page) if y < 60]
        numbers.append(" ".join(foot))
    return numbers


@pytest.mark.parametrize(("paragraph", "digits"), [
    ("<p>" + "پاراگرافی بلند برای پر کردن صفحه‌ها، " * 30 + "</p>", "۱۲۳۴"),
    ("<p>" + "A long paragraph to fill the pages, " * 30 + "</p>", "1234"),
])
def test_pages_are_numbered_in_the_pieces_own_digits(paragraph, digits):
    reader = _reader(export_pdf("Pages", paragraph * 10))
    assert len(reader.pages) >= 3
    assert _numbers_at_the_foot(reader)[:3] == list(digits[:3])


def test_fonts_are_embedded_subsets():
    reader = _reader(export_pdf("داستان", BODY))
    descriptors = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptors.append(descendant.get_object()["/FontDescriptor"].get_object())
    assert descriptors and all("/FontFile2" in descriptor for descriptor in descriptors)
    # A subset (tag "ABCDEF+"), so the file stays small: the fonts alone are ~120 KB each.
    assert all(re.match(r"/[A-Z]{6}\+Vazirmatn", str(d["/FontName"])) for d in descriptors)
    assert len(export_pdf("داستان", BODY)) < 80_000


def test_a_title_the_body_opens_with_is_not_said_twice():
    text = _flat(_reader(export_pdf("فصل نخست", BODY)).pages[0].extract_text())
    assert text.count("فصل نخست") == 1


def test_empty_and_hostile_bodies_still_give_a_pdf():
    for body in ("", "<p></p>", "<ul><li></li></ul>", "<pre></pre>", "<blockquote></blockquote>"):
        assert _reader(export_pdf("", body)).pages, body
    # Controls are dropped; letters the font lacks show as "?" rather than as a gap.
    text = _flat(_reader(export_pdf("", "<p>\x00\x07 controls \ufffe, 😀 and 中文 glyphs</p>")).pages[0].extract_text())
    assert "controls , ? and ?? glyphs" in text
    # A word wider than the page is cut across lines, none lost.
    text = _reader(export_pdf("", "<p>" + "x" * 600 + "</p>")).pages[0].extract_text()
    assert text.count("x") == 600 and text.count("\n") >= 6
