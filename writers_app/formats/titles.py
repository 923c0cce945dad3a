"""An uploaded document's own title, read when the file arrives: its first heading, else the
title in its metadata; "" when it names none (the upload then takes the file's name)."""

from __future__ import annotations

import html
import io
import logging
import re

import docx
from pypdf import PdfReader

from writers_app.formats.detect import DocumentKind, decode_text
from writers_app.formats.extract import (
    MAX_TITLE_LENGTH,
    _check_docx_archive,
    _DocxStyles,
    _extract_markdown,
)
from writers_app.formats.html_tree import Element, grouped, parse, plain
from writers_app.formats.sanitize import sanitize_html, text_blocks

log = logging.getLogger(__name__)

_HEADINGS = ("h1", "h2", "h3")
_TEXT_SCANNED = 200_000  # characters: a title sits at the top, not after a novel's worth of text
_DOCX_PARAGRAPHS_SCANNED = 500
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def shorten(title: str) -> str:
    """One line of collapsed spaces, cut at a word to MAX_TITLE_LENGTH."""
    title = " ".join(title.split())
    if len(title) <= MAX_TITLE_LENGTH:
        return title
    cut = title[: MAX_TITLE_LENGTH - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip() + "…"


def _first_heading(html_fragment: str) -> str:
    return next((text for tag, text in text_blocks(html_fragment) if tag in _HEADINGS), "")


def _docx_title(data: bytes) -> str:
    _check_docx_archive(data)
    document = docx.Document(io.BytesIO(data))
    styles = _DocxStyles(document)
    for index, paragraph in enumerate(document.paragraphs):
        if index >= _DOCX_PARAGRAPHS_SCANNED:
            break
        style = styles.paragraph_style(paragraph)
        if paragraph.text.strip() and (style == "title" or style.startswith("heading ")):
            return paragraph.text
    return document.core_properties.title or ""


def _pdf_title(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        return ""  # the worker says why it cannot be read
    metadata = reader.metadata
    return (metadata.title if metadata is not None else None) or ""


def _html_title(text: str) -> str:
    heading = _first_heading(sanitize_html(text))
    if heading:
        return heading
    found = _HTML_TITLE.search(text)
    return html.unescape(re.sub(r"<[^>]*>", "", found.group(1))) if found else ""


def document_title(data: bytes, kind: DocumentKind) -> str:
    """The first heading (Word's Title or Heading styles, Markdown's #, HTML's h1-h3), else the
    metadata title (DOCX core properties, PDF info, HTML <title>); "" when there is none or the
    file cannot be read (extraction, later, reports that)."""
    try:
        if kind is DocumentKind.DOCX:
            title = _docx_title(data)
        elif kind is DocumentKind.PDF:
            title = _pdf_title(data)
        elif kind is DocumentKind.MARKDOWN:
            title = _first_heading(sanitize_html(_extract_markdown(decode_text(data)[:_TEXT_SCANNED])))
        elif kind is DocumentKind.HTML:
            title = _html_title(decode_text(data)[:_TEXT_SCANNED])
        else:
            title = ""  # plain text has no headings; its first line may be anything
    except Exception as exc:  # noqa: BLE001 - a title must never stop an upload
        log.info("%s upload: no title read (%s)", kind.value, type(exc).__name__)
        return ""
    return shorten(title)


def opens_with_title(title: str, html_body: str) -> bool:
    """Whether the body's first block is an h1 saying the title (an uploaded document's own
    heading): the export then shows it once, not above itself again."""
    first = next((group for group in grouped(parse(html_body).children)
                  if not (isinstance(group, list) and not plain(group).strip())), None)
    wanted = " ".join(title.split()).casefold()
    return (bool(wanted) and isinstance(first, Element) and first.tag == "h1"
            and " ".join(plain(first.children).split()).casefold() == wanted)
