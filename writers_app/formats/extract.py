"""Uploaded drafts: their text as safe HTML, with a title (what a file is: `formats.detect`)."""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from typing import NamedTuple

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from markdown_it import MarkdownIt
from pypdf import PdfReader

from writers_app.formats.detect import DocumentKind, ExtractionError, decode_text
from writers_app.formats.sanitize import (
    first_strong_direction,
    html_to_text,
    nesting_depth_exceeds,
    sanitize_html,
    text_blocks,
    text_to_html,
)

log = logging.getLogger(__name__)

MAX_TITLE_LENGTH = 120
MAX_PDF_PAGES = 500  # later pages are left out: a draft is not a 2,000-page scan
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_DOCX_MEMBERS = 10_000
# Word XML packs 5-20x; a much higher ratio on a sizeable file is a zip bomb.
MAX_DOCX_RATIO = 100
_RATIO_CHECK_FROM_BYTES = 5 * 1024 * 1024
_UNZIP_CHUNK_BYTES = 64 * 1024
_HEADING_TAGS = ("h1", "h2", "h3")
_OFF_VALUES = ("0", "false", "off")  # how OOXML switches a present on/off property off
_MONOSPACE_FONTS = frozenset({"courier new", "courier", "consolas", "menlo", "monaco", "lucida console"})


@dataclass(frozen=True)
class ExtractedDocument:
    html: str  # sanitised, ready for the editor
    text: str
    title: str  # may be empty


# ---------------------------------------------------------------- reading each kind

def _refuse_bomb(unpacked: int, packed: int, members: int) -> None:
    ratio_too_high = unpacked > _RATIO_CHECK_FROM_BYTES and unpacked / max(packed, 1) > MAX_DOCX_RATIO
    if unpacked > MAX_DOCX_UNPACKED_BYTES or members > MAX_DOCX_MEMBERS or ratio_too_high:
        log.warning("docx refused: %d members unpack to %d bytes from %d", members, unpacked, packed)
        raise ExtractionError("upload.docx_too_large")


def _check_docx_archive(data: bytes) -> None:
    """Refuse archives that would unpack to far more than any real manuscript."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        packed = sum(member.compress_size for member in members)
        _refuse_bomb(sum(member.file_size for member in members), packed, len(members))
        # Declared sizes can lie, and zipfile inflates a whole member before it notices:
        # stream every member in small chunks and count what really comes out.
        unpacked = 0
        for member in members:
            with archive.open(member) as stream:
                while chunk := stream.read(_UNZIP_CHUNK_BYTES):
                    unpacked += len(chunk)
                    if unpacked > MAX_DOCX_UNPACKED_BYTES:
                        _refuse_bomb(unpacked, packed, len(members))
        _refuse_bomb(unpacked, packed, len(members))



class _RunMarks(NamedTuple):
    href: str
    bold: bool
    italic: bool
    underline: bool
    strike: bool
    code: bool


def _flag_on(element, path: str) -> bool:
    """Whether an OOXML on/off property (w:bidi, w:numPr...) is present and not switched off."""
    values = element.xpath(f"{path}/@w:val")
    return bool(element.xpath(path)) and not (values and values[0].lower() in _OFF_VALUES)


class _DocxStyles:
    """Style facts read once per document: python-docx finds a style by scanning them all,
    on every paragraph and run (10,000 paragraphs took 26 s that way, 3 s this way)."""

    def __init__(self, document) -> None:
        styles = list(document.styles)
        self._names = {style.style_id: (style.name or "").lower() for style in styles}
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._default_paragraph = default.style_id if default is not None else None
        self._rtl_ids = {style.style_id for style in styles
                         if style.type == WD_STYLE_TYPE.PARAGRAPH and self._marked_rtl(style)}
        self.numbering = document.part.numbering_part.element

    @staticmethod
    def _marked_rtl(style) -> bool:
        seen = 0
        while style is not None and seen < 20:  # based-on chains are short; loops are not
            if _flag_on(style.element, "./w:pPr/w:bidi"):
                return True
            style, seen = style.base_style, seen + 1
        return False

    def _paragraph_style_id(self, paragraph) -> str | None:
        return paragraph.paragraph_format.element.style or self._default_paragraph

    def paragraph_style(self, paragraph) -> str:
        return self._names.get(self._paragraph_style_id(paragraph), "")

    def run_style(self, run) -> str:
        return self._names.get(run.font.element.style, "")

    def paragraph_direction(self, paragraph) -> str:
        """rtl when Word marked the paragraph (or its style) right-to-left, else by its script."""
        if _flag_on(paragraph.paragraph_format.element, "./w:pPr/w:bidi"):
            return "rtl"
        if self._paragraph_style_id(paragraph) in self._rtl_ids:
            return "rtl"
        return first_strong_direction(paragraph.text) or "ltr"


def _numbering_list_tag(paragraph, numbering) -> str | None:
    """ul/ol for a paragraph in Word's own numbering (what Word and Google Docs write)."""
    element = paragraph.paragraph_format.element
    num_ids = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    if not num_ids or not num_ids[0].isdigit() or num_ids[0] == "0":
        return None
    levels = element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val") or ["0"]
    abstract_ids = numbering.xpath(f'./w:num[@w:numId="{num_ids[0]}"]/w:abstractNumId/@w:val')
    if not abstract_ids or not abstract_ids[0].isdigit() or not levels[0].isdigit():
        return "ul"
    formats = numbering.xpath(
        f'./w:abstractNum[@w:abstractNumId="{abstract_ids[0]}"]/w:lvl[@w:ilvl="{levels[0]}"]/w:numFmt/@w:val')
    return "ul" if not formats or formats[0] in ("bullet", "none") else "ol"


def _block_shape(paragraph, styles: _DocxStyles) -> tuple[str | None, str]:
    """(container ul/ol/blockquote or None, block tag) from the paragraph's style."""
    style = styles.paragraph_style(paragraph)
    if style == "title":
        return None, "h1"
    if style.startswith("heading "):
        level = style.removeprefix("heading ").strip()
        return None, (f"h{min(int(level), 3)}" if level.isdigit() and int(level) > 0 else "h3")
    if style.startswith("list bullet"):
        return "ul", "li"
    if style.startswith("list number"):
        return "ol", "li"
    if style in ("quote", "intense quote"):
        return "blockquote", "p"
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(_is_monospace(run) for run in runs):
        return None, "pre"  # a paragraph set wholly in a code font is a code block
    list_tag = _numbering_list_tag(paragraph, styles.numbering)
    return (list_tag, "li") if list_tag else (None, "p")


def _is_monospace(run) -> bool:
    return (run.font.name or "").lower() in _MONOSPACE_FONTS


def _run_marks(run, href: str, styles: _DocxStyles) -> _RunMarks:
    style = styles.run_style(run)
    return _RunMarks(
        href=href,
        bold=bool(run.bold or run.font.cs_bold or style == "strong"),
        italic=bool(run.italic or run.font.cs_italic or style == "emphasis"),
        underline=run.underline not in (None, False) and not href,  # links are underlined anyway
        strike=bool(run.font.strike or run.font.double_strike),
        code=_is_monospace(run),
    )


def _wrap_run(marks: _RunMarks, text: str) -> str:
    inner = "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))
    for tag, on in (("code", marks.code), ("s", marks.strike), ("u", marks.underline),
                    ("em", marks.italic), ("strong", marks.bold)):
        if on:
            inner = f"<{tag}>{inner}</{tag}>"
    return f'<a href="{html.escape(marks.href)}">{inner}</a>' if marks.href else inner


def _inline_html(paragraph, styles: _DocxStyles) -> str:
    pieces: list[tuple[_RunMarks, str]] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            href = item.url if item.address else ""
            pieces.extend((_run_marks(run, href, styles), run.text) for run in item.runs)
        else:
            pieces.append((_run_marks(item, "", styles), item.text))
    merged: list[tuple[_RunMarks, str]] = []
    for marks, text in pieces:  # Word splits runs at every edit; join equal neighbours
        if merged and merged[-1][0] == marks:
            merged[-1] = (marks, merged[-1][1] + text)
        elif text:
            merged.append((marks, text))
    return "".join(_wrap_run(marks, text) for marks, text in merged)


def _docx_paragraphs(document):
    """Body paragraphs in reading order, table cells included (merged cells once)."""
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            yield block
            continue
        seen_cells: set = set()  # a merged cell is listed once per grid column it spans
        for row in block.rows:
            for cell in row.cells:
                if cell._tc not in seen_cells:
                    seen_cells.add(cell._tc)
                    yield from cell.paragraphs


def _extract_docx(data: bytes) -> str:
    _check_docx_archive(data)
    document = docx.Document(io.BytesIO(data))
    styles = _DocxStyles(document)
    parts: list[str] = []
    open_container: str | None = None
    for paragraph in _docx_paragraphs(document):
        if not paragraph.text.strip():
            continue  # Word users space paragraphs with empty ones
        container, tag = _block_shape(paragraph, styles)
        if container != open_container:
            parts.append(f"</{open_container}>" if open_container else "")
            parts.append(f"<{container}>" if container else "")
            open_container = container
        direction = styles.paragraph_direction(paragraph)
        parts.append(f'<{tag} dir="{direction}">{_inline_html(paragraph, styles)}</{tag}>')
    parts.append(f"</{open_container}>" if open_container else "")
    return "".join(parts)


def _opens_without_password(reader: PdfReader) -> bool:
    """Many PDFs are "encrypted" only against editing, with an empty password for reading."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - e.g. an AES cipher pypdf cannot run without extras
        return False


def _extract_pdf(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not _opens_without_password(reader):
        raise ExtractionError("upload.pdf_encrypted")
    page_count = len(reader.pages)
    if page_count > MAX_PDF_PAGES:
        log.info("pdf has %d pages; reading the first %d", page_count, MAX_PDF_PAGES)
    paragraphs = []
    for index in range(min(page_count, MAX_PDF_PAGES)):
        page_text = (reader.pages[index].extract_text() or "").replace("\r\n", "\n")
        # A PDF breaks lines where the page ran out of width: only blank lines and page
        # ends are paragraph breaks.
        for chunk in re.split(r"\n[ \t]*\n", page_text):
            paragraph = " ".join(line.strip() for line in chunk.split("\n") if line.strip())
            if paragraph:
                paragraphs.append(paragraph)
    return text_to_html("\n\n".join(paragraphs))


def _extract_markdown(text: str) -> str:
    # commonmark with raw HTML off: a tag in the source stays visible text, never markup.
    parser = MarkdownIt("commonmark", {"html": False})
    tokens = parser.parse(text)
    _mark_block_directions(tokens)
    return parser.renderer.render(tokens, parser.options, {})


def _mark_block_directions(tokens) -> None:
    """Give paragraphs, headings, list items and quotes the direction of their first text."""
    waiting = []  # opened blocks whose first inline text has not come yet
    for token in tokens:
        if token.type in ("paragraph_open", "heading_open", "list_item_open", "blockquote_open"):
            waiting.append(token)
        elif token.type == "inline":
            direction = first_strong_direction(token.content)
            for block in waiting if direction else ():
                block.attrSet("dir", direction)
            waiting.clear()
        elif token.type.endswith("_close"):
            waiting.clear()  # a block without text of its own (a code fence, a rule)


def _title_from(html_fragment: str) -> str:
    """The first heading, else the first line; shortened at a word to MAX_TITLE_LENGTH."""
    blocks = text_blocks(html_fragment)
    heading = next((text for tag, text in blocks if tag in _HEADING_TAGS), None)
    title = heading if heading is not None else (blocks[0][1] if blocks else "")
    title = " ".join(title.split("\n", 1)[0].split())
    if len(title) <= MAX_TITLE_LENGTH:
        return title
    cut = title[: MAX_TITLE_LENGTH - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip() + "…"


def _raw_html(data: bytes, kind: DocumentKind) -> str:
    if kind is DocumentKind.DOCX:
        return _extract_docx(data)
    if kind is DocumentKind.PDF:
        return _extract_pdf(data)
    text = decode_text(data)
    if kind is DocumentKind.HTML:
        return text
    if kind is DocumentKind.MARKDOWN:
        return _extract_markdown(text)
    return text_to_html(text)


def extract(data: bytes, kind: DocumentKind) -> ExtractedDocument:
    """Sanitised HTML, plain text and a title; any parser failure is "upload.corrupt"."""
    if not data:
        raise ExtractionError("upload.empty")
    try:
        raw = _raw_html(data, kind)
        if nesting_depth_exceeds(raw):  # before nh3, whose cost grows with the square of the depth
            raise ExtractionError("upload.too_deep")
        clean_html = sanitize_html(raw)
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 - a parser must never crash the upload flow
        log.info("%s upload unreadable: %s", kind.value, type(exc).__name__)
        raise ExtractionError("upload.corrupt") from exc
    text = html_to_text(clean_html)
    if not text.strip():
        raise ExtractionError("upload.no_text")
    return ExtractedDocument(html=clean_html, text=text, title=_title_from(clean_html))
