import io
import random
import re
import struct
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from pypdf import PdfReader, PdfWriter

from writers_app.formats import detect
from writers_app.formats import extract as extraction
from writers_app.formats.detect import DocumentKind, ExtractionError, detect_kind
from writers_app.formats.extract import extract
from writers_app.formats.messages import DOCUMENT_MESSAGES
from writers_app.services.errors import ServiceError

PERSIAN = "می\u200cخواهم کتاب\u200cها را بخوانم"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _sample_docx() -> bytes:
    document = docx.Document()
    document.add_heading("An English heading", level=1)
    document.add_paragraph(PERSIAN)
    mixed = document.add_paragraph("Some ")
    mixed.add_run("bold").bold = True
    mixed.add_run(" and ")
    mixed.add_run("italic").italic = True
    mixed.add_run(" words.")
    document.add_paragraph("first point", style="List Bullet")
    document.add_paragraph("second point", style="List Bullet")
    document.add_paragraph("step one", style="List Number")
    document.add_paragraph("")  # Word users space paragraphs with empty ones
    document.add_paragraph("A wise line.", style="Quote")
    return _docx_bytes(document)


def minimal_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF written by hand: one Helvetica text object per page, a correct xref table."""
    page_ids = [4 + 2 * index for index in range(len(pages))]
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    for page_id, lines in zip(page_ids, pages):
        shown = b" ".join(b"(%s) Tj T*" % line.encode("latin-1") for line in lines)
        content = b"BT /F1 12 Tf 72 720 Td 14 TL " + shown + b" ET"
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1))
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in sorted(objects))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def _error_code(data: bytes, filename: str) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract(data, detect_kind(data, filename))
    return caught.value.code


# ---------------------------------------------------------------- DOCX

def test_docx_keeps_structure_direction_and_exact_persian_text():
    data = _sample_docx()
    assert detect_kind(data, "draft.docx") is DocumentKind.DOCX
    document = extract(data, DocumentKind.DOCX)
    assert document.html == (
        '<h1 dir="ltr">An English heading</h1>'
        f'<p dir="rtl">{PERSIAN}</p>'
        '<p dir="ltr">Some <strong>bold</strong> and <em>italic</em> words.</p>'
        '<ul><li dir="ltr">first point</li><li dir="ltr">second point</li></ul>'
        '<ol><li dir="ltr">step one</li></ol>'
        '<blockquote><p dir="ltr">A wise line.</p></blockquote>'
    )
    assert document.text == (
        f"An English heading\n\n{PERSIAN}\n\nSome bold and italic words.\n\n"
        "first point\n\nsecond point\n\nstep one\n\nA wise line."
    )
    assert "\u200c" in document.text and document.title == "An English heading"


@pytest.mark.parametrize("flagged", ["paragraph", "style"])
def test_docx_bidi_flag_wins_over_the_script_of_the_text(flagged):
    document = docx.Document()
    style = document.styles.add_style("Persian Body", WD_STYLE_TYPE.PARAGRAPH)
    paragraph = document.add_paragraph("Latin letters in a right-to-left paragraph", style=style)
    owner = paragraph._p if flagged == "paragraph" else style.element
    owner.get_or_add_pPr().append(docx.oxml.OxmlElement("w:bidi"))
    html = extract(_docx_bytes(document), DocumentKind.DOCX).html
    assert html == '<p dir="rtl">Latin letters in a right-to-left paragraph</p>'


def test_docx_runs_split_by_word_are_joined():
    document = docx.Document()
    paragraph = document.add_paragraph()
    for piece in ("Hel", "lo"):
        paragraph.add_run(piece).bold = True
    paragraph.add_run(" world")
    html = extract(_docx_bytes(document), DocumentKind.DOCX).html
    assert html == '<p dir="ltr"><strong>Hello</strong> world</p>'


def test_docx_is_typed_by_content_whatever_its_name():
    assert detect_kind(_sample_docx(), "draft") is DocumentKind.DOCX
    assert detect_kind(_sample_docx(), "draft.txt") is DocumentKind.DOCX


def test_docx_table_cells_are_read_as_paragraphs_merged_cells_once():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "merged header"
    table.cell(1, 0).text, table.cell(1, 1).text = "left cell", "right cell"
    html = extract(_docx_bytes(document), DocumentKind.DOCX).html
    assert html == '<p dir="ltr">merged header</p><p dir="ltr">left cell</p><p dir="ltr">right cell</p>'


# ---------------------------------------------------------------- PDF

def test_pdf_text_is_read_page_by_page():
    data = minimal_pdf([["Hello from a real PDF.", "This line wraps on."], ["Page two speaks."]])
    assert detect_kind(data, "book.pdf") is DocumentKind.PDF
    document = extract(data, DocumentKind.PDF)
    assert document.text == "Hello from a real PDF. This line wraps on.\n\nPage two speaks."
    assert document.html == ('<p dir="ltr">Hello from a real PDF. This line wraps on.</p>'
                             '<p dir="ltr">Page two speaks.</p>')


def test_pdf_reading_stops_at_the_page_cap(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_PDF_PAGES", 2)
    data = minimal_pdf([["one"], ["two"], ["three"]])
    assert extract(data, DocumentKind.PDF).text == "one\n\ntwo"


def _encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf([["Locked text."]]))))
    writer.encrypt(user_password=user_password, owner_password="owner secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_password_protected_pdf_is_reported():
    assert _error_code(_encrypted_pdf("reader secret"), "locked.pdf") == "upload.pdf_encrypted"


def test_pdf_locked_only_against_editing_is_read():
    assert extract(_encrypted_pdf(""), DocumentKind.PDF).text == "Locked text."


def test_pdf_without_text_is_reported():
    assert _error_code(minimal_pdf([[]]), "scan.pdf") == "upload.no_text"


def test_broken_pdf_is_corrupt_and_chained_to_the_parser_error():
    with pytest.raises(ExtractionError) as caught:
        extract(b"%PDF-1.4\nnot really a pdf", DocumentKind.PDF)
    assert caught.value.code == "upload.corrupt"
    assert caught.value.__cause__ is not None and not isinstance(caught.value.__cause__, ServiceError)


# ---------------------------------------------------------------- text formats

def test_markdown_is_rendered_without_raw_html():
    source = (f"# Title here\n\nSome *soft* and **strong** words.\n\n- one\n- two\n\n{PERSIAN}\n\n"
              "<script>alert(1)</script>\n")
    data = source.encode()
    assert detect_kind(data, "notes.md") is DocumentKind.MARKDOWN
    document = extract(data, DocumentKind.MARKDOWN)
    assert "<script" not in document.html
    assert document.html.startswith(
        '<h1 dir="ltr">Title here</h1>\n'
        '<p dir="ltr">Some <em>soft</em> and <strong>strong</strong> words.</p>\n'
        '<ul>\n<li dir="ltr">one</li>\n<li dir="ltr">two</li>\n</ul>\n'
        f'<p dir="rtl">{PERSIAN}</p>')
    assert document.text.endswith("<script>alert(1)</script>")  # shown as text, never run
    assert document.title == "Title here"


def test_html_upload_loses_its_script_payload():
    page = ('<!DOCTYPE html><html><head><title>t</title><script>steal()</script></head>'
            '<body><h2>Story</h2><p onclick="steal()">Once <b>upon</b></p>'
            '<img src=x onerror="steal()"><a href="javascript:steal()">go</a></body></html>')
    data = page.encode()
    assert detect_kind(data, "story.txt") is DocumentKind.HTML  # content decides, not the name
    document = extract(data, DocumentKind.HTML)
    assert "steal" not in document.html and "<script" not in document.html
    assert document.html == "<h2>Story</h2><p>Once upon</p><a rel=\"noopener noreferrer nofollow\">go</a>"
    assert document.title == "Story"


def test_fragment_of_paragraph_tags_is_html():
    assert detect_kind(b"<p>one</p>\n<p>two</p>\n", "paste.txt") is DocumentKind.HTML


def test_plain_text_becomes_paragraphs_with_direction():
    data = f"{PERSIAN}\nدومین خط\n\nAn English paragraph.\n".encode()
    assert detect_kind(data, "draft.txt") is DocumentKind.TEXT
    document = extract(data, DocumentKind.TEXT)
    assert document.html == f'<p dir="rtl">{PERSIAN}<br>دومین خط</p><p dir="ltr">An English paragraph.</p>'
    assert document.title == PERSIAN


@pytest.mark.parametrize("encoded", [
    "\ufeff".encode() + PERSIAN.encode(),  # UTF-8 with a BOM
    PERSIAN.encode("utf-16"),  # UTF-16 with its BOM
])
def test_text_with_a_byte_order_mark_is_decoded(encoded):
    assert extract(encoded, detect_kind(encoded, "a.txt")).text == PERSIAN


def test_long_first_line_gives_a_title_of_at_most_120_characters():
    title = extract(("word " * 100).encode(), DocumentKind.TEXT).title
    assert len(title) <= 120 and title.endswith("word…")


# ---------------------------------------------------------------- typing by content

def test_png_named_docx_is_a_type_mismatch():
    with pytest.raises(ExtractionError) as caught:
        detect_kind(PNG_HEADER + bytes(200), "photo.docx")
    assert caught.value.code == "upload.type_mismatch"


@pytest.mark.parametrize("data, filename", [
    (random.Random(7).randbytes(4096), "notes.txt"),
    (PNG_HEADER + bytes(200), "photo.png"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(100), "setup.txt"),
    (b"abc\x01\x02\x03\x04\x05\x06\x07\x08def", "controls.txt"),
    ("UTF-16 without its byte order mark".encode("utf-16-le"), "notes.txt"),  # valid UTF-8, full of NULs
])
def test_binary_uploads_are_unsupported(data, filename):
    with pytest.raises(ExtractionError) as caught:
        detect_kind(data, filename)
    assert caught.value.code == "upload.unsupported_type"


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a word document")
    return buffer.getvalue()


@pytest.mark.parametrize("filename, code", [
    ("draft.docx", "upload.type_mismatch"),
    ("archive.zip", "upload.unsupported_type"),
])
def test_zip_that_is_not_a_word_document_is_refused(filename, code):
    with pytest.raises(ExtractionError) as caught:
        detect_kind(_zip_without_document(), filename)
    assert caught.value.code == code


@pytest.mark.parametrize("data, filename", [
    (minimal_pdf([["x"]]), "book.docx"),
    (_sample_docx(), "book.pdf"),
    (b"just some text", "book.pdf"),
])
def test_named_docx_or_pdf_must_be_one(data, filename):
    with pytest.raises(ExtractionError) as caught:
        detect_kind(data, filename)
    assert caught.value.code == "upload.type_mismatch"


@pytest.mark.parametrize("data", [b"", b"  \n\t\n"])
def test_empty_upload(data):
    with pytest.raises(ExtractionError) as caught:
        detect_kind(data, "empty.txt")
    assert caught.value.code == "upload.empty"


# ---------------------------------------------------------------- hostile archives

_ZIP_HEADERS = {  # signature, offset of the uncompressed size, of the name length, of the name
    "local": (b"PK\x03\x04", 22, 26, 30),
    "central": (b"PK\x01\x02", 24, 28, 46),
}


def _with_declared_size(data: bytes, member: str, size: int, *, headers: tuple[str, ...]) -> bytes:
    """The same zip with one member's uncompressed size rewritten in the given headers."""
    forged = bytearray(data)
    for header in headers:
        signature, size_at, name_length_at, name_at = _ZIP_HEADERS[header]
        start = forged.find(signature)
        while start != -1:
            name_length = struct.unpack_from("<H", forged, start + name_length_at)[0]
            if forged[start + name_at: start + name_at + name_length] == member.encode():
                struct.pack_into("<I", forged, start + size_at, size)
            start = forged.find(signature, start + 4)
    return bytes(forged)


def test_docx_claiming_a_huge_unpacked_size_is_refused():
    data = _with_declared_size(_sample_docx(), "word/document.xml", 0x7FFF_FFFF, headers=("central",))
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size == 0x7FFF_FFFF
    assert _error_code(data, "bomb.docx") == "upload.docx_too_large"


def test_docx_unpacking_beyond_the_limit_is_refused(monkeypatch):
    data = _sample_docx()
    unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr(extraction, "MAX_DOCX_UNPACKED_BYTES", unpacked - 1)
    assert _error_code(data, "big.docx") == "upload.docx_too_large"
    monkeypatch.setattr(extraction, "MAX_DOCX_UNPACKED_BYTES", unpacked)
    assert extract(data, DocumentKind.DOCX).title == "An English heading"


def test_docx_with_a_highly_compressed_member_is_refused():
    buffer = io.BytesIO(_sample_docx())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/padding.bin", "w") as member:
            for _ in range(20):
                member.write(bytes(1024 * 1024))
    assert _error_code(buffer.getvalue(), "bomb.docx") == "upload.docx_too_large"


def test_docx_lying_small_about_its_size_is_never_inflated():
    # 60 MB of whitespace after the document's root, the zip claiming the original size:
    # zipfile inflates a whole member before it notices a lie, so only streaming stays small.
    original = _sample_docx()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "word/document.xml":
                declared_size, body = len(body), body + b" " * (60 * 1024 * 1024)
            target.writestr(item.filename, body)
    data = _with_declared_size(
        buffer.getvalue(), "word/document.xml", declared_size, headers=("local", "central"))
    tracemalloc.start()
    try:
        code = _error_code(data, "liar.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == "upload.corrupt"
    assert peak < 20 * 1024 * 1024


def test_docx_with_broken_xml_is_corrupt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_sample_docx())) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            body = b"<w:document><unclosed" if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item, body)
    with pytest.raises(ExtractionError) as caught:
        extract(buffer.getvalue(), DocumentKind.DOCX)
    assert caught.value.code == "upload.corrupt" and caught.value.__cause__ is not None


def test_damaged_uploads_raise_only_extraction_errors():
    originals = {"a.docx": _sample_docx(), "a.pdf": minimal_pdf([["Some text here."]])}
    rng = random.Random(1)
    for filename, original in originals.items():
        for _ in range(40):
            damaged = bytearray(original)
            for _ in range(8):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            try:
                extract(bytes(damaged), detect_kind(bytes(damaged), filename))
            except ExtractionError:
                pass


# ---------------------------------------------------------------- messages

def test_every_error_key_raised_has_an_english_and_persian_message():
    source = "".join(Path(module.__file__).read_text() for module in (detect, extraction))
    raised = set(re.findall(r'"(upload\.[a-z_]+)"', source))
    assert raised and raised <= DOCUMENT_MESSAGES.keys()
    for key, (english, persian) in DOCUMENT_MESSAGES.items():
        assert key.startswith("upload.") and english.strip()
        assert re.search(r"[\u0600-\u06FF]", persian), key
