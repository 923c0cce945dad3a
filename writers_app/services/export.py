"""Downloads of a piece: Markdown, standalone HTML, plain text and DOCX from its sanitised body."""

from __future__ import annotations

import html
import io
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph

from writers_app.formats.sanitize import (
    collapse_whitespace,
    first_strong_direction,
    html_to_text,
    sanitize_html,
)

_VOID_TAGS = frozenset({"br", "hr"})
_INLINE_TAGS = frozenset({"strong", "em", "s", "u", "code", "a", "br"})
_MAX_DEPTH = 200  # deeper markup is flattened rather than recursed into
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root")
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs) -> None:
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self._stack[-1].children.append(element)
        if tag not in _VOID_TAGS and len(self._stack) < _MAX_DEPTH:
            self._stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in (element.tag for element in self._stack[1:]):
            while self._stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


def _parse(html_body: str) -> _Element:
    """The body re-sanitised (cheap, idempotent) and parsed into a small tree."""
    builder = _TreeBuilder()
    builder.feed(sanitize_html(html_body))
    builder.close()
    return builder.root


def _is_inline(node: _Element | str) -> bool:
    return isinstance(node, str) or node.tag in _INLINE_TAGS


def _grouped(nodes: list[_Element | str]) -> list[_Element | list[_Element | str]]:
    """Block elements as they are; runs of loose inline nodes as one list (an implicit paragraph)."""
    groups: list[_Element | list[_Element | str]] = []
    for node in nodes:
        if not _is_inline(node):
            groups.append(node)
        elif groups and isinstance(groups[-1], list):
            groups[-1].append(node)
        else:
            groups.append([node])
    return [group for group in groups if not isinstance(group, list) or _plain(group).strip()]


def _plain(nodes: list[_Element | str]) -> str:
    return "".join(node if isinstance(node, str) else _plain(node.children) for node in nodes)


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<]|&(?=#?\w+;))")
# Only at a line start do these open a heading, quote, list or setext underline.
_MD_LINE_START = re.compile(r"^(?:[#>+\-=]|\d+(?=[.)]))", re.MULTILINE)
_MD_MARKS = {"strong": "**", "em": "*", "s": "~~"}


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_code_span(text: str) -> str:
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{padding}{text}{padding}{ticks}"


def _md_inline(nodes: list[_Element | str]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_md_escape(collapse_whitespace(node)))
        elif node.tag == "br":
            out.append("\\\n")
        elif node.tag == "code":
            out.append(_md_code_span(collapse_whitespace(_plain(node.children))))
        elif node.tag == "a" and node.attrs.get("href"):
            href = node.attrs["href"].replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            out.append(f"[{_md_inline(node.children).strip()}]({href})")
        else:
            inner = _md_inline(node.children)
            mark = _MD_MARKS.get(node.tag, "")
            core = inner.strip(" ")
            # CommonMark ignores "** bold**": keep the spaces outside the markers.
            lead, trail = inner[: len(inner) - len(inner.lstrip(" "))], inner[len(inner.rstrip(" ")):]
            out.append(f"{lead}{mark}{core}{mark}{trail}" if core else inner)
    return "".join(out)


def _md_escape_line_start(match: re.Match) -> str:
    token = match.group(0)
    return token + "\\" if token.isdigit() else "\\" + token  # "1\. " and "\# "


def _md_paragraph(nodes: list[_Element | str]) -> str:
    text = re.sub(r" *\\\n *", "\\\n", _md_inline(nodes)).strip(" ")
    return _MD_LINE_START.sub(_md_escape_line_start, text)


def _md_list(element: _Element) -> str:
    items = []
    for number, item in enumerate((child for child in element.children if isinstance(child, _Element)), 1):
        marker = "- " if element.tag == "ul" else f"{number}. "
        first, *rest = _md_blocks(item.children if item.tag == "li" else [item], tight=True).split("\n")
        indent = " " * len(marker)  # continuation lines line up under the item's text
        items.append("\n".join([marker + first, *(indent + line if line else "" for line in rest)]))
    separator = "\n\n" if any("\n\n" in item for item in items) else "\n"
    return separator.join(items)


def _md_block(group: _Element | list[_Element | str]) -> str:
    if isinstance(group, list):
        return _md_paragraph(group)
    tag = group.tag
    if tag in ("h1", "h2", "h3"):
        return "#" * int(tag[1]) + " " + _md_paragraph(group.children).replace("\\\n", " ")
    if tag in ("ul", "ol"):
        return _md_list(group)
    if tag == "blockquote":
        inner = _md_blocks(group.children)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if tag == "pre":
        code = _plain(group.children).strip("\n")
        fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
        return f"{fence}\n{code}\n{fence}"
    if tag == "hr":
        return "---"
    return _md_paragraph(group.children)


def _md_blocks(nodes: list[_Element | str], *, tight: bool = False) -> str:
    out = ""
    for group in _grouped(nodes):
        block = _md_block(group)
        is_list = isinstance(group, _Element) and group.tag in ("ul", "ol")
        # Inside a list item a sub-list follows its line directly, or the list turns loose.
        separator = "\n" if tight and is_list else "\n\n"
        out = f"{out}{separator}{block}" if out else block
    return out


def export_markdown(title: str, html_body: str) -> str:
    """CommonMark (plus ~~strike~~); Persian text and ZWNJ come out exactly as written."""
    body = _md_blocks(_parse(html_body).children)
    heading = f"# {_md_escape(' '.join(title.split()))}" if title.strip() else ""
    return "\n\n".join(part for part in (heading, body) if part) + "\n"


# ---------------------------------------------------------------- HTML and text

_EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'"  # the page needs nothing else
_EXPORT_CSS = (
    "body{margin:0 auto;max-width:42rem;padding:2rem 1rem;color:#1f2328;background:#fff;"
    "font:1.05rem/1.8 Vazirmatn,'Noto Naskh Arabic',Tahoma,'Segoe UI',system-ui,sans-serif}"
    "h1,h2,h3{line-height:1.35}"
    "blockquote{margin:1rem 0;padding-inline-start:1rem;border-inline-start:4px solid #d0d7de;color:#57606a}"
    "pre{padding:1rem;overflow:auto;background:#f6f8fa}"
    "code{font-family:ui-monospace,Consolas,monospace}"
    "hr{border:0;border-top:1px solid #d0d7de}a{color:#0969da}"
)


def export_html(title: str, html_body: str, lang: str) -> str:
    """A standalone UTF-8 page that opens offline; no script, and a CSP that forbids any."""
    language = "fa" if lang == "fa" else "en"
    page_direction = "rtl" if language == "fa" else "ltr"
    safe_title = html.escape(" ".join(title.split()))
    heading = ""
    if safe_title:
        heading = f'<h1 dir="{first_strong_direction(title) or page_direction}">{safe_title}</h1>\n'
    return (
        "<!doctype html>\n"
        f'<html lang="{language}" dir="{page_direction}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_EXPORT_CSP}">\n'
        f"<title>{safe_title}</title>\n<style>{_EXPORT_CSS}</style>\n</head>\n"
        f"<body>\n<article>\n{heading}{sanitize_html(html_body)}\n</article>\n</body>\n</html>\n"
    )


def export_text(title: str, html_body: str) -> str:
    """The title, a blank line, then the body as html_to_text gives it."""
    body = html_to_text(sanitize_html(html_body))
    return "\n\n".join(part for part in (" ".join(title.split()), body) if part) + "\n"


# ---------------------------------------------------------------- DOCX

# Elements that follow w:bidi in a paragraph's properties (ECMA-376 CT_PPr order).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_MONOSPACE_FONT = "Courier New"
_LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)  # Word's own hyperlink blue


def _mark_right_to_left(paragraph) -> None:
    """w:bidi: Word lays the paragraph out right to left (start at the right margin)."""
    paragraph._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _add_rule(paragraph) -> None:
    """A bottom border on an empty paragraph: Word's own way of drawing a horizontal rule."""
    border, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(name), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


class _DocxWriter:
    """Walks the body tree once, adding paragraphs and runs to a python-docx Document."""

    def __init__(self, document) -> None:
        self.document = document
        # python-docx scans the style sheet to resolve a style name and the body to place each
        # new paragraph; doing both once takes a 10,000-paragraph export from ~7 s to ~3 s.
        self._style_ids = {style.name: style.style_id for style in document.styles}
        self._section_properties = document.element.body.sectPr
        self._link_ids: dict[str, str] = {}

    def new_paragraph(self, style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        self._section_properties.addprevious(element)  # the body's last child, always
        paragraph = Paragraph(element, self.document)
        if style is not None:
            element.style = self._style_ids[style]
        return paragraph

    def blocks(self, nodes: list[_Element | str], *, style: str | None = None) -> None:
        for group in _grouped(nodes):
            if isinstance(group, list):
                self.paragraph(group, style=style)
            elif group.tag in ("h1", "h2", "h3"):
                heading = self.new_paragraph(f"Heading {group.tag[1]}")
                self.paragraph(group.children, direction=group.attrs.get("dir"), into=heading)
            elif group.tag in ("ul", "ol"):
                self.list(group, depth=1)
            elif group.tag == "blockquote":
                self.blocks(group.children, style="Quote")
            elif group.tag == "pre":
                self.preformatted(group)
            elif group.tag == "hr":
                _add_rule(self.new_paragraph())
            else:
                self.paragraph(group.children, style=style, direction=group.attrs.get("dir"))

    def list(self, element: _Element, *, depth: int) -> None:
        level = "" if depth == 1 else f" {min(depth, 3)}"  # the template has levels 1-3
        item_style = ("List Bullet" if element.tag == "ul" else "List Number") + level
        for item in element.children:
            if not isinstance(item, _Element):
                continue
            style = item_style
            for group in _grouped(item.children if item.tag == "li" else [item]):
                if isinstance(group, _Element) and group.tag in ("ul", "ol"):
                    self.list(group, depth=depth + 1)
                    continue
                if isinstance(group, list):
                    children, direction = group, item.attrs.get("dir")
                else:
                    children, direction = group.children, group.attrs.get("dir") or item.attrs.get("dir")
                self.paragraph(children, style=style, direction=direction)
                style = "List Continue" + level  # later paragraphs of the item get no new bullet

    def preformatted(self, element: _Element) -> None:
        paragraph = self.new_paragraph()
        if element.attrs.get("dir") == "rtl":
            _mark_right_to_left(paragraph)
        run = paragraph.add_run()
        run.font.name = _MONOSPACE_FONT
        for index, line in enumerate(_plain(element.children).strip("\n").split("\n")):
            if index:
                run.add_break()
            run.add_text(_XML_ILLEGAL.sub("", line))

    def paragraph(self, nodes, *, style: str | None = None, direction: str | None = None, into=None) -> None:
        paragraph = into if into is not None else self.new_paragraph(style)
        if direction not in ("ltr", "rtl"):  # "auto" or none: decide as a browser would
            direction = first_strong_direction(_plain(nodes)) or "ltr"
        if direction == "rtl":
            _mark_right_to_left(paragraph)
        self.runs(paragraph, nodes, marks=frozenset(), rtl_paragraph=direction == "rtl")

    def runs(self, paragraph, nodes, *, marks: frozenset[str], rtl_paragraph: bool, link=None) -> None:
        for node in nodes:
            if isinstance(node, str):
                text = _XML_ILLEGAL.sub("", collapse_whitespace(node))
                if text:
                    self.run(paragraph, text, marks=marks, rtl_paragraph=rtl_paragraph, link=link)
            elif node.tag == "br":
                run = paragraph.add_run()
                run.add_break()
                if link is not None:
                    link.append(run._r)
            elif node.tag == "a" and node.attrs.get("href") and link is None:
                hyperlink = self.hyperlink(paragraph, node.attrs["href"])
                self.runs(paragraph, node.children, marks=marks, rtl_paragraph=rtl_paragraph, link=hyperlink)
            else:
                self.runs(paragraph, node.children, marks=marks | {node.tag},
                          rtl_paragraph=rtl_paragraph, link=link)

    def run(self, paragraph, text: str, *, marks: frozenset[str], rtl_paragraph: bool, link) -> None:
        run = paragraph.add_run(text)
        font = run.font
        # The complex-script twins (bCs, iCs) are what Word applies to Persian letters.
        if "strong" in marks:
            font.bold = font.cs_bold = True
        if "em" in marks:
            font.italic = font.cs_italic = True
        if "u" in marks or link is not None:
            font.underline = True
        if "s" in marks:
            font.strike = True
        if "code" in marks:
            font.name = _MONOSPACE_FONT
        if link is not None:
            font.color.rgb = _LINK_COLOUR
        # w:rtl on runs of Persian text, and on neutral runs (spaces, digits, punctuation)
        # of a right-to-left paragraph so they sit where a Persian reader expects them.
        text_direction = first_strong_direction(text)
        if text_direction == "rtl" or (text_direction is None and rtl_paragraph):
            font.rtl = True
        if link is not None:
            link.append(run._r)

    def hyperlink(self, paragraph, url: str):
        if url not in self._link_ids:
            self._link_ids[url] = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), self._link_ids[url])
        paragraph._p.append(hyperlink)
        return hyperlink


def export_docx(title: str, html_body: str) -> bytes:
    """A Word document: Title, Heading 1-3, List Bullet/Number, Quote; Persian marked RTL."""
    document = docx.Document()
    title = _XML_ILLEGAL.sub("", " ".join(title.split()))
    document.core_properties.title = title[:255]
    writer = _DocxWriter(document)
    if title:
        writer.paragraph([title], into=writer.new_paragraph("Title"))
    writer.blocks(_parse(html_body).children)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- file names

_FILENAME_FORBIDDEN = re.compile(r'[/\\<>:"|?*]')
# Bidi overrides and isolates can make "txt.exe" display as "exe.txt"; ZWNJ is a letter joiner.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                               *(f"lpt{n}" for n in range(1, 10))})
_MAX_FILENAME_BYTES = 200  # under the 255-byte limit of common file systems, with the extension


def export_filename(title: str, ext: str) -> str:
    """A download name from the title: no paths or control characters; Persian kept as is."""
    name = " ".join(unicodedata.normalize("NFC", title or "").split())  # tabs, newlines -> space
    name = "".join(char for char in name if unicodedata.category(char) != "Cc")
    name = _BIDI_CONTROLS.sub("", _FILENAME_FORBIDDEN.sub(" ", name))
    name = " ".join(name.split()).strip(" .")  # Windows drops trailing dots and spaces
    while len(name.encode("utf-8")) > _MAX_FILENAME_BYTES:
        name = name[:-1].rstrip(" .")
    if not name:
        name = "untitled"
    elif name.lower() in _WINDOWS_RESERVED:
        name += "_"
    extension = re.sub(r"[^a-z0-9]", "", (ext or "").lower())
    return f"{name}.{extension}" if extension else name


FORMATS: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Export:
    body: str | bytes
    media_type: str
    filename: str
    ext: str


def render_export(fmt: str, *, title: str, body_html: str, lang: str) -> Export:
    """One download of a piece in `fmt` (a key of FORMATS): the editor's and the API's."""
    if fmt == "md":
        body: str | bytes = export_markdown(title, body_html)
    elif fmt == "html":
        body = export_html(title, body_html, lang)
    elif fmt == "txt":
        body = export_text(title, body_html)
    elif fmt == "docx":
        body = export_docx(title, body_html)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return Export(body=body, media_type=FORMATS[fmt], filename=export_filename(title, fmt), ext=fmt)
