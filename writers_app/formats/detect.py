"""What an uploaded file really is, by its content and not its name."""

from __future__ import annotations

import codecs
import enum
import io
import re
import zipfile
from pathlib import PurePath

from writers_app.core.errors import ServiceError

_SNIFF_CHARS = 64 * 1024
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_HTML_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|ul|ol|li|blockquote|br|table)\b[^>]*>", re.IGNORECASE)
_ZIP_MAGIC = b"PK\x03\x04"
# Control characters no text editor writes; tabs, newlines and form feeds are not among them.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


class DocumentKind(enum.StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"


class ExtractionError(ServiceError):
    """An upload we cannot read; `code` is an "upload.*" key of DOCUMENT_MESSAGES."""

    status_code = 422


# ---------------------------------------------------------------- what the bytes are

def _is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def _is_docx(data: bytes) -> bool:
    """A zip with a main document part and a Word content type; False for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                return False
            if archive.getinfo("[Content_Types].xml").file_size > 1024 * 1024:
                return False
            return b"wordprocessingml" in archive.read("[Content_Types].xml")
    except Exception as exc:  # noqa: BLE001 - zipfile and zlib raise many kinds
        raise ExtractionError("upload.corrupt") from exc  # a zip, but a broken one


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a BOM) or BOM-marked UTF-16; anything else is not text."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractionError("upload.unsupported_type") from exc
    sample = text[:_SNIFF_CHARS]
    if "\x00" in text or len(_BINARY_CONTROLS.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise ExtractionError("upload.unsupported_type")
    return text


def _looks_like_html(text: str, *, named_markdown: bool) -> bool:
    sample = text[:_SNIFF_CHARS].lstrip()
    head = sample[:1024].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return True
    if named_markdown or not sample.startswith("<"):
        return False  # Markdown may carry a few tags; it is still Markdown
    lines = sum(1 for line in sample.splitlines() if line.strip())
    return 2 * len(_HTML_BLOCK_TAG.findall(sample)) >= lines


def detect_kind(data: bytes, filename: str) -> DocumentKind:
    """The upload's real kind, from its bytes; the name only tells Markdown from plain text
    and unmasks files called .docx or .pdf that are not."""
    if not data:
        raise ExtractionError("upload.empty")
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(_ZIP_MAGIC) and _is_docx(data):
        kind = DocumentKind.DOCX
    elif _is_pdf(data):
        kind = DocumentKind.PDF
    elif suffix in (".docx", ".pdf"):
        raise ExtractionError("upload.type_mismatch")
    elif data.startswith(_ZIP_MAGIC):
        raise ExtractionError("upload.unsupported_type")  # a zip, but not a Word document
    else:
        text = decode_text(data)
        if not text.strip():
            raise ExtractionError("upload.empty")
        named_markdown = suffix in _MARKDOWN_SUFFIXES
        if _looks_like_html(text, named_markdown=named_markdown):
            kind = DocumentKind.HTML
        else:
            kind = DocumentKind.MARKDOWN if named_markdown else DocumentKind.TEXT
    if suffix in (".docx", ".pdf") and suffix != f".{kind.value}":
        raise ExtractionError("upload.type_mismatch")
    return kind
