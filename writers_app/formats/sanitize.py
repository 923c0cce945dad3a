"""Safe rich text: the HTML allow-list of our editor, and HTML <-> plain text conversion."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

import nh3

# Exactly what the TipTap editor (StarterKit + Link + text direction) produces; anything
# else a paste or an upload brings in is unwrapped, keeping its text.
ALLOWED_TAGS = frozenset({
    "p", "h1", "h2", "h3", "strong", "em", "s", "u", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "br", "hr",
})
DIRECTIONAL_TAGS = frozenset({"p", "h1", "h2", "h3", "li", "blockquote", "ul", "ol", "pre"})
DIRECTIONS = frozenset({"ltr", "rtl", "auto"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Removed with their content: their text is code, metadata or fallback, never prose.
_DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "noscript", "title", "textarea", "iframe", "object",
})
_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "li", "blockquote", "pre", "ul", "ol", "hr"})
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


def _keep_known_direction(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "dir":
        direction = value.strip().lower()
        return direction if direction in DIRECTIONS else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes={**{tag: {"dir"} for tag in DIRECTIONAL_TAGS}, "a": {"href"}},
    attribute_filter=_keep_known_direction,
    link_rel=LINK_REL,
    url_schemes=set(LINK_SCHEMES),
    # A relative link has no scheme to check and points nowhere useful in an export.
    url_relative="deny",
    strip_comments=True,
)


def sanitize_html(html_fragment: str) -> str:
    """The fragment reduced to the editor's allow-list; idempotent."""
    return _CLEANER.clean(html_fragment or "")


def collapse_whitespace(text: str) -> str:
    """Runs of HTML whitespace as one space, as a browser shows them; NBSP and ZWNJ stay."""
    return _HTML_WHITESPACE.sub(" ", text)


def first_strong_direction(text: str) -> str | None:
    """"rtl" or "ltr" from the first strongly directional letter (Unicode rule P2), or None."""
    for char in text:
        bidi_class = unicodedata.bidirectional(char)
        if bidi_class in ("R", "AL"):
            return "rtl"
        if bidi_class == "L":
            return "ltr"
    return None


class _BlockCollector(HTMLParser):
    """Streams HTML once and cuts its text into (block tag, text) pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._parts: list[str] = []
        self._open_blocks: list[str] = []
        self._pre_depth = 0
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self._skip_depth += 1
        elif tag == "br":
            self._parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag != "hr":  # void: it ends a block but never holds one
                self._open_blocks.append(tag)
                if tag == "pre":
                    self._pre_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._close_block(tag)

    def _close_block(self, tag: str) -> None:
        # Sanitised HTML closes the innermost block first; the slow path only repairs
        # hand-written markup, so deep nesting stays linear.
        if not self._open_blocks or (self._open_blocks[-1] != tag and tag not in self._open_blocks):
            return
        while True:
            closed = self._open_blocks.pop()
            if closed == "pre":
                self._pre_depth -= 1
            if closed == tag:
                return

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._parts.append(data if self._pre_depth else collapse_whitespace(data))

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        raw = "".join(self._parts)
        self._parts.clear()
        if self._pre_depth:
            text = raw.strip("\n")
        else:
            text = "\n".join(line.strip(" ") for line in raw.split("\n")).strip("\n")
        if text.strip():
            self.blocks.append((self._open_blocks[-1] if self._open_blocks else "", text))


def text_blocks(html_fragment: str) -> list[tuple[str, str]]:
    """(innermost block tag or "", text) for every non-empty block, in document order."""
    collector = _BlockCollector()
    collector.feed(html_fragment or "")
    collector.close()
    return collector.blocks


def html_to_text(html_fragment: str) -> str:
    """Plain text: one blank line between blocks, <br> as a newline, entities decoded."""
    return "\n\n".join(text for _tag, text in text_blocks(html_fragment))


def text_to_html(text: str) -> str:
    """Paragraphs on blank lines, <br> for single newlines, each with an explicit dir.

    Explicit "rtl"/"ltr" (first strong letter, as a browser's "auto" would decide) rather
    than "auto" itself: the stored HTML then states its direction to readers that are not
    browsers (the DOCX and Markdown exports, analysis), and it is what the editor's own
    text-direction extension writes.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    fallback = first_strong_direction(text) or "ltr"
    paragraphs = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n")]
        if not any(line.strip() for line in lines):
            continue
        direction = first_strong_direction(chunk) or fallback
        body = "<br>".join(html.escape(line, quote=False) for line in lines)
        paragraphs.append(f'<p dir="{direction}">{body}</p>')
    return "".join(paragraphs)
