"""The DOCX download of a piece: Word's own styles, Persian paragraphs and runs marked RTL."""

from __future__ import annotations

import io
import re

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph

from writers_app.formats.html_tree import Element, grouped, parse, plain
from writers_app.formats.sanitize import collapse_whitespace, first_strong_direction
from writers_app.formats.titles import opens_with_title

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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

    def blocks(self, nodes: list[Element | str], *, style: str | None = None) -> None:
        for group in grouped(nodes):
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

    def list(self, element: Element, *, depth: int) -> None:
        level = "" if depth == 1 else f" {min(depth, 3)}"  # the template has levels 1-3
        item_style = ("List Bullet" if element.tag == "ul" else "List Number") + level
        for item in element.children:
            if not isinstance(item, Element):
                continue
            style = item_style
            for group in grouped(item.children if item.tag == "li" else [item]):
                if isinstance(group, Element) and group.tag in ("ul", "ol"):
                    self.list(group, depth=depth + 1)
                    continue
                if isinstance(group, list):
                    children, direction = group, item.attrs.get("dir")
                else:
                    children, direction = group.children, group.attrs.get("dir") or item.attrs.get("dir")
                self.paragraph(children, style=style, direction=direction)
                style = "List Continue" + level  # later paragraphs of the item get no new bullet

    def preformatted(self, element: Element) -> None:
        paragraph = self.new_paragraph()
        if element.attrs.get("dir") == "rtl":
            _mark_right_to_left(paragraph)
        run = paragraph.add_run()
        run.font.name = _MONOSPACE_FONT
        for index, line in enumerate(plain(element.children).strip("\n").split("\n")):
            if index:
                run.add_break()
            run.add_text(_XML_ILLEGAL.sub("", line))

    def paragraph(self, nodes, *, style: str | None = None, direction: str | None = None, into=None) -> None:
        paragraph = into if into is not None else self.new_paragraph(style)
        if direction not in ("ltr", "rtl"):  # "auto" or none: decide as a browser would
            direction = first_strong_direction(plain(nodes)) or "ltr"
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
    if title and not opens_with_title(title, html_body):  # an upload's own heading is not said twice
        writer.paragraph([title], into=writer.new_paragraph("Title"))
    writer.blocks(parse(html_body).children)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
