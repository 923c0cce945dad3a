"""Downloads of a piece: Markdown, standalone HTML, plain text, DOCX and PDF from its sanitised body."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from writers_app.formats.docx_export import export_docx
from writers_app.formats.html_tree import Element, grouped, parse, plain
from writers_app.formats.sanitize import (
    collapse_whitespace,
    first_strong_direction,
    html_to_text,
    sanitize_html,
)
from writers_app.formats.titles import opens_with_title


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


def _md_inline(nodes: list[Element | str]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_md_escape(collapse_whitespace(node)))
        elif node.tag == "br":
            out.append("\\\n")
        elif node.tag == "code":
            out.append(_md_code_span(collapse_whitespace(plain(node.children))))
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


def _md_paragraph(nodes: list[Element | str]) -> str:
    text = re.sub(r" *\\\n *", "\\\n", _md_inline(nodes)).strip(" ")
    return _MD_LINE_START.sub(_md_escape_line_start, text)


def _md_list(element: Element) -> str:
    items = []
    for number, item in enumerate((child for child in element.children if isinstance(child, Element)), 1):
        marker = "- " if element.tag == "ul" else f"{number}. "
        first, *rest = _md_blocks(item.children if item.tag == "li" else [item], tight=True).split("\n")
        indent = " " * len(marker)  # continuation lines line up under the item's text
        items.append("\n".join([marker + first, *(indent + line if line else "" for line in rest)]))
    separator = "\n\n" if any("\n\n" in item for item in items) else "\n"
    return separator.join(items)


def _md_block(group: Element | list[Element | str]) -> str:
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
        code = plain(group.children).strip("\n")
        fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
        return f"{fence}\n{code}\n{fence}"
    if tag == "hr":
        return "---"
    return _md_paragraph(group.children)


def _md_blocks(nodes: list[Element | str], *, tight: bool = False) -> str:
    out = ""
    for group in grouped(nodes):
        block = _md_block(group)
        is_list = isinstance(group, Element) and group.tag in ("ul", "ol")
        # Inside a list item a sub-list follows its line directly, or the list turns loose.
        separator = "\n" if tight and is_list else "\n\n"
        out = f"{out}{separator}{block}" if out else block
    return out


def export_markdown(title: str, html_body: str) -> str:
    """CommonMark (plus ~~strike~~); Persian text and ZWNJ come out exactly as written. One H1:
    the title's, unless the body opens with that same heading."""
    body = _md_blocks(parse(html_body).children)
    shown = title.strip() and not opens_with_title(title, html_body)
    heading = f"# {_md_escape(' '.join(title.split()))}" if shown else ""
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
    if safe_title and not opens_with_title(title, html_body):
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
    heading = "" if opens_with_title(title, html_body) else " ".join(title.split())
    return "\n\n".join(part for part in (heading, body) if part) + "\n"


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
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Export:
    body: str | bytes
    media_type: str
    filename: str
    ext: str


def render_export(fmt: str, *, title: str, body_html: str, lang: str, author: str = "") -> Export:
    """One download of a piece in `fmt` (a key of FORMATS): the editor's and the API's. `author`
    goes into the PDF's metadata."""
    if fmt == "md":
        body: str | bytes = export_markdown(title, body_html)
    elif fmt == "html":
        body = export_html(title, body_html, lang)
    elif fmt == "txt":
        body = export_text(title, body_html)
    elif fmt == "docx":
        body = export_docx(title, body_html)
    elif fmt == "pdf":
        # fpdf2 brings fontTools and Pillow (the slowest import of the app): only a PDF needs them.
        from writers_app.formats.pdf_export import export_pdf

        body = export_pdf(title, body_html, author=author)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return Export(body=body, media_type=FORMATS[fmt], filename=export_filename(title, fmt), ext=fmt)
