"""A task body as a list of top-level blocks, so a save can replace only the blocks it changed.

The editor sends `(base_revision, start, delete_count, blocks)`; a full save is the case
`start=0, delete_count=len(current)`. (`writers_app.services.documents` keeps the blocks of
recent bodies per process.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from writers_app.analysis import count_words
from writers_app.core.errors import ServiceError
from writers_app.core.fold import fold_search
from writers_app.formats.sanitize import html_to_text, sanitize_html


class _BlockSplitter(HTMLParser):
    """Cuts serialised HTML into its top-level elements, keeping every byte of each."""

    _VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html, self.depth, self.start = html, 0, None
        self.blocks: list[str] = []
        # HTMLParser counts lines by "\n" only; so must we.
        self._line_offsets = [0] + [m.end() for m in re.finditer("\n", html)]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_offsets[line - 1] + col

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if self.depth == 0:
            self.start = self._offset()
        if tag in self._VOID:
            if self.depth == 0:
                self.blocks.append(self.get_starttag_text() or "")
            return
        self.depth += 1

    def handle_startendtag(self, tag, attrs):  # noqa: ANN001
        if self.depth == 0:
            self.blocks.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in self._VOID:
            return
        self.depth -= 1
        if self.depth == 0 and self.start is not None:
            end = self.html.index(">", self._offset()) + 1
            self.blocks.append(self.html[self.start:end])
            self.start = None

    def handle_data(self, data):  # noqa: ANN001
        if self.depth == 0 and data.strip():  # loose text at the top level becomes a paragraph
            self.blocks.append(sanitize_html(f"<p>{data}</p>"))


def split_blocks(html: str) -> list[str]:
    splitter = _BlockSplitter(html)
    splitter.feed(html)
    splitter.close()
    return splitter.blocks


@dataclass
class BlockDocument:
    """A body as its top-level HTML blocks, with each block's plain text and word count."""

    blocks: list[str]
    texts: list[str]
    words: list[int]
    # Each block's search copy (core.fold.fold_search), made when first asked for and carried
    # over by splice: a save folds only the blocks it changed (folding a 200,000-word Persian
    # body whole costs a few hundred ms).
    folded: list[str | None] = field(default_factory=list, repr=False)
    byte_size: int = field(default=-1, repr=False)  # -1: not measured yet (`size`)

    @classmethod
    def from_blocks(cls, blocks: list[str]) -> "BlockDocument":
        texts = [html_to_text(b) for b in blocks]
        return cls(blocks=blocks, texts=texts, words=[count_words(t) for t in texts])

    @property
    def html(self) -> str:
        return "".join(self.blocks)

    @property
    def text(self) -> str:
        return "\n\n".join(t for t in self.texts if t)

    @property
    def search_text(self) -> str:
        """fold_search(self.text), folding only blocks not folded before."""
        if len(self.folded) != len(self.texts):
            self.folded = [None] * len(self.texts)
        folded = self.folded
        for i, text in enumerate(self.texts):
            if folded[i] is None:
                folded[i] = fold_search(text)
        return "\n\n".join(f for t, f in zip(self.texts, folded) if t)

    @property
    def word_count(self) -> int:
        return sum(self.words)

    @property
    def size(self) -> int:
        """The body's length in UTF-8 bytes, kept up to date by splices (no join of the body)."""
        if self.byte_size < 0:
            self.byte_size = sum(len(b.encode("utf-8")) for b in self.blocks)
        return self.byte_size

    def splice(self, start: int, delete_count: int, new_blocks: list[str]) -> "BlockDocument":
        clean: list[str] = []
        for block in new_blocks:
            clean.extend(split_blocks(sanitize_html(block)))  # a pasted block may hold several
        return self.splice_clean(start, delete_count, clean)

    def splice_clean(self, start: int, delete_count: int, clean: list[str]) -> "BlockDocument":
        """`splice` of blocks already sanitised and split (a logged save replayed)."""
        if not (0 <= start <= len(self.blocks)) or delete_count < 0 or start + delete_count > len(self.blocks):
            raise ServiceError("editor.resync")
        fresh = BlockDocument.from_blocks(clean)
        end = start + delete_count
        size = -1
        if self.byte_size >= 0:
            size = (self.byte_size - sum(len(b.encode("utf-8")) for b in self.blocks[start:end])
                    + sum(len(b.encode("utf-8")) for b in clean))
        return BlockDocument(
            blocks=self.blocks[:start] + fresh.blocks + self.blocks[end:],
            texts=self.texts[:start] + fresh.texts + self.texts[end:],
            words=self.words[:start] + fresh.words + self.words[end:],
            folded=(self.folded[:start] + [None] * len(fresh.blocks) + self.folded[end:]
                    if len(self.folded) == len(self.texts) else []),
            byte_size=size,
        )
