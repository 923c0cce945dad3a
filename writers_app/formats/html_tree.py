"""The sanitised body as a small tree of elements, for the exports to walk."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from writers_app.formats.sanitize import sanitize_html

_VOID_TAGS = frozenset({"br", "hr"})
_INLINE_TAGS = frozenset({"strong", "em", "s", "u", "code", "a", "br"})
_MAX_DEPTH = 200  # deeper markup is flattened rather than recursed into


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self._stack[-1].children.append(element)
        if tag not in _VOID_TAGS and len(self._stack) < _MAX_DEPTH:
            self._stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in (element.tag for element in self._stack[1:]):
            while self._stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


def parse(html_body: str) -> Element:
    """The body re-sanitised (cheap, idempotent) and parsed into a small tree."""
    builder = _TreeBuilder()
    builder.feed(sanitize_html(html_body))
    builder.close()
    return builder.root


def _is_inline(node: Element | str) -> bool:
    return isinstance(node, str) or node.tag in _INLINE_TAGS


def grouped(nodes: list[Element | str]) -> list[Element | list[Element | str]]:
    """Block elements as they are; runs of loose inline nodes as one list (an implicit paragraph)."""
    groups: list[Element | list[Element | str]] = []
    for node in nodes:
        if not _is_inline(node):
            groups.append(node)
        elif groups and isinstance(groups[-1], list):
            groups[-1].append(node)
        else:
            groups.append([node])
    return [group for group in groups if not isinstance(group, list) or plain(group).strip()]


def plain(nodes: list[Element | str]) -> str:
    return "".join(node if isinstance(node, str) else plain(node.children) for node in nodes)
