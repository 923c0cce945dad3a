"""An upload is titled by the document's own heading or metadata title, else its file name,
and its Markdown export then has one H1."""

import io

import docx
import pytest
from pypdf import PdfWriter

from tests.factories import make_writer
from writers_app.formats.detect import DocumentKind
from writers_app.formats.docx_export import export_docx
from writers_app.formats.export import export_html, export_markdown
from writers_app.formats.extract import extract
from writers_app.formats.titles import document_title
from writers_app.services import uploads


def _docx(*, heading: str = "", style: str = "Title", core_title: str = "") -> bytes:
    document = docx.Document()
    if core_title:
        document.core_properties.title = core_title
    document.add_paragraph("A first line that is not the title")
    if heading:
        document.add_paragraph(heading, style=style)
    document.add_paragraph("Body text.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("data, kind, title", [
    (b"Some intro\n\n# Draft notes\n\nText here.\n", DocumentKind.MARKDOWN, "Draft notes"),
    ("یادداشت‌ها\n==========\n\nمتن.\n".encode(), DocumentKind.MARKDOWN, "یادداشت‌ها"),
    (b"Just text, no heading.\n", DocumentKind.MARKDOWN, ""),
    (b"<html><head><title>Head title</title></head><body><p>x</p><h2>The &amp; heading</h2></body></html>",
     DocumentKind.HTML, "The & heading"),
    (b"<html><head><title>Head &amp; title</title></head><body><p>x</p></body></html>", DocumentKind.HTML,
     "Head & title"),
    (b"# not a heading in a .txt\n", DocumentKind.TEXT, ""),
    (_docx(heading="The Word Title"), DocumentKind.DOCX, "The Word Title"),
    (_docx(heading="Chapter One", style="Heading 1", core_title="Metadata title"), DocumentKind.DOCX, "Chapter One"),
    (_docx(core_title="Metadata title"), DocumentKind.DOCX, "Metadata title"),
    (_docx(), DocumentKind.DOCX, ""),
    (_pdf("A PDF's title"), DocumentKind.PDF, "A PDF's title"),
    (_pdf(""), DocumentKind.PDF, ""),
    (b"PK\x03\x04 broken", DocumentKind.DOCX, ""),  # unreadable: no title, extraction reports it
])
def test_document_title_is_the_first_heading_or_the_metadata_title(data, kind, title):
    assert document_title(data, kind) == title


def test_a_long_heading_is_cut_at_a_word():
    title = document_title(("# " + "word " * 60).encode(), DocumentKind.MARKDOWN)
    assert len(title) <= 120 and title.endswith("…") and " wor…" not in title


@pytest.fixture
def owner(db, settings):
    user = make_writer(db, settings)
    db.commit()
    return user.id


def _accept(db, settings, owner, name, data):
    incoming = uploads.IncomingFile(settings=settings, filename=name)
    incoming.write(data)
    task = uploads.accept_upload(session=db, settings=settings, owner_id=owner, incoming=incoming)
    db.commit()
    return task


def test_an_upload_takes_its_heading_as_title_and_exports_one_h1(db, settings, owner):
    data = b"# Draft notes\n\nThe first paragraph.\n"
    task = _accept(db, settings, owner, "draft-notes.md", data)
    assert task.title == "Draft notes"  # not "draft-notes"
    body = extract(data, DocumentKind.MARKDOWN).html
    markdown = export_markdown(task.title, body)
    assert markdown.count("# Draft notes") == 1 and [line for line in markdown.splitlines()
                                                      if line.startswith("# ")] == ["# Draft notes"]
    assert export_html(task.title, body, "en").count("<h1") == 1
    word = docx.Document(io.BytesIO(export_docx(task.title, body)))
    assert [p.text for p in word.paragraphs].count("Draft notes") == 1


def test_an_upload_without_a_heading_keeps_its_file_name(db, settings, owner):
    assert _accept(db, settings, owner, "draft-notes.md", b"No heading here.\n").title == "draft-notes"


def test_a_renamed_piece_still_exports_its_title_above_a_different_heading():
    markdown = export_markdown("My story", "<h1>Chapter one</h1><p>Text</p>")
    assert markdown.startswith("# My story\n\n# Chapter one")
