"""The PDF download of a piece: A4, Vazirmatn embedded (subset), Persian shaped by HarfBuzz,
each paragraph laid out in the direction of its own first strong letter, numbered pages.

Page numbers use Persian digits when the piece itself is Persian (its first strong letter is
Persian), Latin digits otherwise: the file is read by whoever it is sent to, so the piece
decides, not the interface language of the writer who exported it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from fpdf import FPDF

from writers_app.core.localize import number
from writers_app.formats.html_tree import Element, grouped, parse, plain
from writers_app.formats.pdf_lines import BOLD, UNPRINTABLE, Run, break_lines, markdown, runs_of
from writers_app.formats.sanitize import first_strong_direction
from writers_app.formats.titles import opens_with_title

FONT_DIR = Path(__file__).parent / "fonts"
FAMILY = "Vazirmatn"  # Persian and Latin in one face; it has no italic, so emphasis stays upright
_PT = 25.4 / 72  # millimetres per point
_LEADING = 1.75  # line height as a multiple of the font size
_BODY_SIZE = 11.5
_SIZES = {"title": 20.0, "h1": 17.0, "h2": 14.5, "h3": 12.5}
_INDENT = 7.0  # mm: one list level, or a quotation
_GREY = (90, 90, 90)
_RULE_GREY = (170, 170, 170)
_CODE_FILL = (243, 244, 246)
_JOINERS = frozenset("\u200c\u200d\u00ad")  # ZWNJ, ZWJ, soft hyphen


class _Pdf(FPDF):
    """A4 with the footer's page number; right-to-left runs kept whole across joiners."""

    MARKDOWN_LINK_REGEX = re.compile(r"(?!)")  # never matches: "[x](y)" in a piece stays text

    def __init__(self, *, digits: str) -> None:
        super().__init__(format="A4", unit="mm")
        self.digits = digits
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(True, margin=20)
        for style, name in (("", "Regular"), ("B", "Bold")):  # no italics: the markdown never asks
            self.add_font(FAMILY, style, str(FONT_DIR / f"Vazirmatn-{name}.ttf"))

    def footer(self) -> None:
        # fpdf2 draws the footer in a graphics state of its own: a paragraph it interrupts
        # carries on in its own font and direction.
        self.set_y(-14)
        self.set_font(FAMILY, "", 9)
        self.set_text_color(*_GREY)
        self.set_text_shaping(True, direction="rtl" if self.digits == "fa" else "ltr")
        self.cell(0, 6, number(self.page_no(), self.digits), align="C")

    def _preload_bidirectional_text(self, text, markdown):  # noqa: ANN001, ANN202
        return _mended(super()._preload_bidirectional_text(text, markdown))


def _mended(fragments):  # noqa: ANN001, ANN202
    """fpdf2 2.8.9 cuts a fragment wherever the Unicode script changes, and a joiner (ZWNJ) or
    a combining mark (kasra, hamza above) has the script "inherited": "کِتاب" was shaped as
    three words, "ک" in its isolated form. Its bidi also leaves a joiner at the paragraph's
    level, so "کتاب‌ها" in an English paragraph came out with its halves swapped. Neighbours of
    one style and direction are put back together (scripts of one direction that Vazirmatn
    draws are Arabic or Latin, never both in one run), so each run is shaped whole; fewer
    pieces also keep a right-to-left line in reading order for copy and search."""
    for before, joiner, after in zip(fragments, fragments[1:], fragments[2:]):
        if (set(joiner.characters) <= _JOINERS and joiner.graphics_state.text_shaping
                and before.fragment_direction == after.fragment_direction):
            joiner.graphics_state.text_shaping["fragment_direction"] = before.fragment_direction
    mended = []
    for fragment in fragments:
        previous = mended[-1] if mended else None
        if (previous is not None and previous.link == fragment.link
                and previous.graphics_state == fragment.graphics_state):
            previous.characters = previous.characters + fragment.characters
        else:
            mended.append(fragment)
    return tuple(mended)


class _PdfWriter:
    """Walks the body tree once, writing each paragraph line by line (see pdf_lines)."""

    def __init__(self, pdf: _Pdf, *, base_direction: str) -> None:
        self.pdf = pdf
        self.base_direction = base_direction
        self.widths: dict[tuple[float, str], dict[tuple[str, str], float]] = {}
        self.glyphs = {*pdf.fonts[FAMILY.lower()].cmap, ord("\n")}

    def direction_of(self, nodes: list[Element | str], declared: str | None) -> str:
        if declared in ("ltr", "rtl"):
            return declared
        return first_strong_direction(plain(nodes)) or self.base_direction

    def blocks(self, nodes: list[Element | str], *, indent: float = 0.0, quoted: bool = False) -> None:
        for group in grouped(nodes):
            if isinstance(group, list):
                self.paragraph(group, indent=indent, quoted=quoted)
            elif group.tag in ("h1", "h2", "h3"):
                self.paragraph(group.children, declared=group.attrs.get("dir"), size=_SIZES[group.tag],
                               bold=True, before=_SIZES[group.tag] * 0.45, indent=indent, keep_with_next=True)
            elif group.tag in ("ul", "ol"):
                self.list(group, indent=indent, quoted=quoted)
            elif group.tag == "blockquote":
                self.blocks(group.children, indent=indent + _INDENT, quoted=True)
            elif group.tag == "pre":
                self.preformatted(group, indent=indent)
            elif group.tag == "hr":
                self.rule()
            else:
                self.paragraph(group.children, declared=group.attrs.get("dir"), indent=indent, quoted=quoted)

    def list(self, element: Element, *, indent: float, quoted: bool) -> None:
        items = [child for child in element.children if isinstance(child, Element)]
        for position, item in enumerate(items, 1):
            marker: int | str | None = "•" if element.tag == "ul" else position
            for group in grouped(item.children if item.tag == "li" else [item]):
                if isinstance(group, Element) and group.tag in ("ul", "ol"):
                    self.list(group, indent=indent + _INDENT, quoted=quoted)
                    continue
                children, declared = (group, item.attrs.get("dir")) if isinstance(group, list) else (
                    group.children, group.attrs.get("dir") or item.attrs.get("dir"))
                self.paragraph(children, declared=declared, indent=indent + _INDENT, quoted=quoted,
                               marker=marker, after=1.2)
                marker = None  # later paragraphs of the item get no new bullet

    def paragraph(self, nodes: list[Element | str], *, declared: str | None = None, size: float = _BODY_SIZE,
                  bold: bool = False, before: float = 0.0, after: float = 3.0, indent: float = 0.0,
                  quoted: bool = False, marker: int | str | None = None, keep_with_next: bool = False) -> None:
        runs = [Run(self.printable(run.text), run.marks)
                for run in runs_of(nodes, frozenset({BOLD}) if bold else frozenset())]
        if not "".join(run.text for run in runs).strip():
            return
        pdf, direction = self.pdf, self.direction_of(nodes, declared)
        rtl = direction == "rtl"
        height = size * _PT * _LEADING
        pdf.set_font(FAMILY, "", size)
        pdf.set_text_color(*(_GREY if quoted else (0, 0, 0)))
        pdf.set_text_shaping(True, direction=direction)
        width = pdf.epw - indent
        left = pdf.l_margin + (0 if rtl else indent)
        lines = break_lines(runs, width, self.measure(size, direction))
        pdf.set_font(FAMILY, "", size)  # measuring changed the style; markdown starts from regular
        pdf.ln(before)
        # A heading never sits alone at the foot of a page.
        if keep_with_next and pdf.get_y() + height * 3 > pdf.page_break_trigger:
            pdf.add_page()
        for number_, line in enumerate(lines):
            if pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()
            top = pdf.get_y()
            if marker is not None and number_ == 0:
                label = marker if isinstance(marker, str) else number(marker, "fa" if rtl else "en") + "."
                pdf.set_xy(left + width + 1.5 if rtl else left - _INDENT, top)
                pdf.cell(_INDENT - 1.5, height, label, align="L" if rtl else "R")
            pdf.set_xy(left, top)
            pdf.cell(width, height, markdown(line), align="R" if rtl else "L", markdown=True,
                     new_x="LMARGIN", new_y="NEXT")
            if quoted:
                self.quote_bar(x=left + width + 2.5 if rtl else left - 2.5, top=top)
        pdf.ln(after)

    def printable(self, text: str) -> str:
        """A letter the font lacks (Cyrillic, CJK, emoji) becomes "?", visibly, rather than a
        blank; an invisible control it lacks (bidi isolates) is dropped."""
        if all(ord(char) in self.glyphs for char in text):
            return text
        return "".join(char if ord(char) in self.glyphs else ("" if unicodedata.category(char) == "Cf" else "?")
                       for char in text)

    def measure(self, size: float, direction: str):  # noqa: ANN201
        """Each distinct word's width, shaped once per document, size and direction."""
        pdf, widths = self.pdf, self.widths.setdefault((size, direction), {})

        def width_of(text: str, marks: frozenset[str]) -> float:
            style = "B" if BOLD in marks else ""
            if (known := widths.get((text, style))) is None:
                pdf.set_font(FAMILY, style, size)
                known = widths[(text, style)] = pdf.get_string_width(text)
            return known

        return width_of

    def quote_bar(self, *, x: float, top: float) -> None:
        self.pdf.set_draw_color(*_RULE_GREY)
        self.pdf.set_line_width(0.8)
        self.pdf.line(x, top, x, self.pdf.get_y())  # one line's height: the bar follows page breaks

    def preformatted(self, element: Element, *, indent: float) -> None:
        pdf = self.pdf
        direction = "rtl" if element.attrs.get("dir") == "rtl" else "ltr"
        code = self.printable(UNPRINTABLE.sub("", plain(element.children).strip("\n")).replace("\t", "    "))
        if not code.strip():
            return
        pdf.set_font(FAMILY, "", _BODY_SIZE - 1.5)
        pdf.set_text_color(0, 0, 0)
        pdf.set_fill_color(*_CODE_FILL)
        pdf.set_text_shaping(True, direction=direction)
        pdf.set_x(pdf.l_margin + (0 if direction == "rtl" else indent))
        pdf.multi_cell(pdf.epw - indent, (_BODY_SIZE - 1.5) * _PT * 1.6, code, fill=True, padding=2.5,
                       align="R" if direction == "rtl" else "L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    def rule(self) -> None:
        pdf = self.pdf
        pdf.ln(2)
        pdf.set_draw_color(*_RULE_GREY)
        pdf.set_line_width(0.3)
        y = pdf.get_y()
        pdf.line(pdf.l_margin + pdf.epw * 0.3, y, pdf.l_margin + pdf.epw * 0.7, y)
        pdf.ln(5)


def piece_direction(title: str, root: Element) -> str:
    """The piece's own direction: its body's first strong letter, else its title's."""
    return first_strong_direction(plain(root.children)) or first_strong_direction(title) or "ltr"


def export_pdf(title: str, html_body: str, *, author: str = "") -> bytes:
    """A4 PDF: the title, then headings, paragraphs, lists, quotations and code; fonts embedded."""
    root = parse(html_body)
    title = UNPRINTABLE.sub("", " ".join(title.split()))
    direction = piece_direction(title, root)
    pdf = _Pdf(digits="fa" if direction == "rtl" else "en")
    pdf.set_title(title)
    pdf.set_author(UNPRINTABLE.sub("", " ".join(author.split())))
    pdf.set_creator("Writers")
    pdf.set_lang("fa" if direction == "rtl" else "en")
    pdf.add_page()
    writer = _PdfWriter(pdf, base_direction=direction)
    if title and not opens_with_title(title, html_body):  # an upload's own heading is not said twice
        writer.paragraph([title], bold=True, size=_SIZES["title"], after=6.0, keep_with_next=True)
    writer.blocks(root.children)
    return bytes(pdf.output())
