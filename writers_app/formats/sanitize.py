"""Safe rich text: the HTML allow-list of our editor, and HTML <-> plain text conversion."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

import nh3

from writers_app.core.errors import ServiceError
from writers_app.core.text import storable

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


# Deeper nesting than any manuscript needs (the editor's deepest is a list in a quote in a list...).
# nh3 (html5ever + ammonia) costs the square of the depth: 40,000 nested <div>s take 20 s of CPU.
MAX_NESTING_DEPTH = 200
# Elements that hold nothing (never deepen the tree).
_VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr", "image", "basefont", "bgsound", "frame",
})
# A start tag of one of these closes an open one of the same name (an unclosed <p> or <li> is HTML).
_SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rt", "rp"})
# Rows and cells: the parser may add the <tbody>/<tr> they imply, so they count twice.
_IMPLYING_TAGS = frozenset({"tr", "td", "th", "caption", "colgroup"})
# Closed with an enclosing block, these are re-opened by the parser later: they keep counting.
_FORMATTING_TAGS = frozenset({
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
})
# Their content is text up to their own end tag; <noscript> may be either, so inside it tags
# are counted but end tags never lower the count.
_RAW_TEXT_TAGS = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_UNQUOTED_VALUE = re.compile(r"[^\t\n\f\r >]*")
_SPACE = re.compile(r"[\t\n\f\r /]*")
_SPACE_ONLY = re.compile(r"[\t\n\f\r ]*")
# Where a tag, comment or declaration may start ("<" before anything else is text).
_MARKUP_START = re.compile(r"<[A-Za-z/!?]")
# The common tag, read in C: its attributes' quoting is unambiguous. Anything it does not match
# is read by `_skip_tag_rest`. Atomic groups: no backtracking, so a failed match is linear too.
_PLAIN_TAG = re.compile(
    r"<(/?)([A-Za-z][^\t\n\f\r />]*)"
    r"(?>[^>\"'=]+|=[\t\n\f\r ]*(?>\"[^\"]*\"|'[^']*'|[^\t\n\f\r >\"'][^\t\n\f\r >]*|(?=>)))*+>")


class _TooDeep(Exception):
    pass


def _skip_tag_rest(text: str, pos: int) -> int:
    """Position after the ">" closing a tag whose name ends at `pos` (attributes read as the HTML
    tokenizer reads them, quotes included), or -1 when the text ends inside the tag."""
    n = len(text)
    while True:
        pos = _SPACE.match(text, pos).end()
        if pos >= n:
            return -1
        if text[pos] == ">":
            return pos + 1
        pos = _ATTR_NAME.match(text, pos).end()
        after = _SPACE_ONLY.match(text, pos).end()
        if after < n and text[after] == "=":
            pos = _SPACE_ONLY.match(text, after + 1).end()
            if pos < n and text[pos] in "\"'":
                close = text.find(text[pos], pos + 1)
                if close < 0:
                    return -1
                pos = close + 1
            else:
                pos = _UNQUOTED_VALUE.match(text, pos).end()


def _read_tag(text: str, pos: int) -> tuple[bool, str, int]:
    """(closing, lower-case name or "" for anything not a tag, position after it; -1 when the
    text ends inside it) for the markup starting at `pos`."""
    n = len(text)
    if text.startswith("<!--", pos):
        end = text.find("-->", pos + 4)
        return False, "", end + 3 if end >= 0 else -1
    if text[pos + 1] in "!?":  # doctype, CDATA, processing instruction: up to ">"
        end = text.find(">", pos + 2)
        return False, "", end + 1 if end >= 0 else -1
    closing = text[pos + 1] == "/"
    name_at = pos + 2 if closing else pos + 1
    if name_at >= n or not ("a" <= text[name_at].lower() <= "z"):
        return False, "", pos + 1  # "<" as text (a bogus end tag counted as text errs high)
    name_end = _TAG_NAME.match(text, name_at).end()
    return closing, text[name_at:name_end].lower(), _skip_tag_rest(text, name_end)


def nesting_depth_exceeds(html_fragment: str, max_depth: int = MAX_NESTING_DEPTH) -> bool:
    """True when elements nest deeper than `max_depth`. One pass over the text, each character
    read a bounded number of times (str.find and anchored regexes only), reading tags the way the
    HTML tokenizer does; the count errs high on broken markup, never low."""
    text = html_fragment or ""
    stack: list[tuple[str, int]] = []  # (tag, weight)
    depth = 0
    reopened = 0  # formatting elements closed by an enclosing block: the parser reopens them
    noscript = 0
    pos = 0
    try:
        while True:
            start = _MARKUP_START.search(text, pos)
            if start is None:
                return False
            pos = start.start()
            plain = _PLAIN_TAG.match(text, pos)
            if plain is not None:
                closing, name, pos = plain.group(1) == "/", plain.group(2).lower(), plain.end()
            else:
                closing, name, pos = _read_tag(text, pos)
                if pos < 0:
                    return False  # the rest is inside one tag or comment: no element follows
                if not name:
                    continue  # a comment, a declaration or "<" as text
            if closing:
                if name == "noscript":
                    noscript = max(0, noscript - 1)
                if noscript:
                    continue
                if any(tag == name for tag, _w in stack):  # at most max_depth entries
                    while True:
                        tag, weight = stack.pop()
                        depth -= weight
                        if tag == name:
                            break
                        if tag in _FORMATTING_TAGS:
                            reopened += 1
                elif name in _FORMATTING_TAGS and reopened:
                    reopened -= 1
                continue
            if name in _VOID_TAGS:
                continue
            if name in _RAW_TEXT_TAGS:
                end = re.compile("</" + re.escape(name), re.I).search(text, pos)
                if end is None:
                    return False
                pos = end.start()
                continue
            if name == "plaintext":
                return False
            if name == "noscript":
                noscript += 1
            if name in _SELF_CLOSING_SIBLINGS and stack and stack[-1][0] == name and not noscript:
                depth -= stack.pop()[1]
            weight = 2 if name in _IMPLYING_TAGS else 1
            stack.append((name, weight))
            depth += weight
            if depth + reopened > max_depth:
                raise _TooDeep
    except _TooDeep:
        return True


def check_nesting(html_fragment: str, *, code: str = "editor.too_deep", max_depth: int = MAX_NESTING_DEPTH) -> None:
    """Refuse (ServiceError `code`) HTML nested deeper than `max_depth`, before any parser sees it."""
    if nesting_depth_exceeds(html_fragment, max_depth):
        raise ServiceError(code)


def sanitize_html(html_fragment: str) -> str:
    """The fragment reduced to the editor's allow-list; idempotent. HTML nested deeper than
    MAX_NESTING_DEPTH is refused (ServiceError "editor.too_deep") before nh3 sees it."""
    html_fragment = storable(html_fragment or "")
    check_nesting(html_fragment)
    return _CLEANER.clean(html_fragment)


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


_LIST_TAG = re.compile(r"<(ul|ol|li)(\s[^>]*)?>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")


def with_list_directions(body_html: str, *, look_ahead: int = 4000) -> str:
    """Sanitised HTML with each list and list item that has no dir of its own given the direction
    of its first strong letter, for views outside the editor (a revision's preview). A Persian
    list's markers then sit on the right in either interface, without relying on CSS `:dir()`
    inside `:has()`, which Chromium does not re-evaluate for HTML set as a whole."""
    out, last = [], 0
    for match in _LIST_TAG.finditer(body_html):
        attrs = match.group(2) or ""
        if re.search(r"\bdir\s*=", attrs, re.IGNORECASE):
            continue
        following = html.unescape(_ANY_TAG.sub("", body_html[match.end():match.end() + look_ahead]))
        direction = first_strong_direction(following)
        if direction is None:
            continue
        out.append(body_html[last:match.end() - 1])
        out.append(f' dir="{direction}">')
        last = match.end()
    out.append(body_html[last:])
    return "".join(out)
