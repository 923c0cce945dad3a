"""The parsed text every check reads: paragraphs with their language, sentences and words."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from writers_app.analysis.options import DEFAULT_OPTIONS, TypographyOptions
from writers_app.analysis.text import (
    MASK_CHAR,
    WORD_RE,
    lines,
    mask_and_protect,
    mask_spans,
    script_of,
    sentence_spans,
)

LANGUAGES = ("fa", "en")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    words: tuple[str, ...]  # as found in Document.masked: a masked URL is one word of "_"


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    language: str | None  # "fa", "en", or None when it has no letters (numbers, a code block)
    sentences: list[Sentence]  # empty in a Document parsed for typography only
    word_count: int = 0


@dataclass(frozen=True)
class Document:
    """Built once per analysis; checks only read it.

    Search `masked`, not `text`: it has the same length, with code, URLs and emails blanked,
    so a check can neither flag nor "fix" them and its offsets are valid in `text`.
    A paragraph is a non-blank line (the editor and the upload extractor put each block on
    its own line); a line break therefore always ends a sentence.
    """

    text: str
    masked: str
    paragraphs: list[Paragraph] = field(repr=False)
    # `masked` with markup and placeholders blanked too: what the typography rules search.
    guarded: str = field(default="", repr=False)
    protected: list[tuple[int, int]] = field(default_factory=list, repr=False)
    options: TypographyOptions = field(default=DEFAULT_OPTIONS, repr=False)
    # fix_all's later passes: only the paragraphs touching these spans (and their neighbours)
    # are typography paragraphs; the others were checked already and did not change.
    focus: tuple[tuple[int, int], ...] | None = field(default=None, repr=False)

    @classmethod
    def from_text(cls, text: str, options: TypographyOptions | None = None, *, sentences: bool = True,
                  focus: tuple[tuple[int, int], ...] | None = None) -> Document:
        """Parse text; sentences=False skips splitting sentences (Paragraph.sentences stays
        empty, word counts are kept): all the typography rules need, at a third of the cost."""
        masked, protected = mask_and_protect(text)
        guarded = mask_spans(text, protected) if protected else text
        parse = _parse_paragraph if sentences else _count_paragraph
        paragraphs = [parse(masked, guarded, start, end) for start, end in lines(masked)]
        return cls(text=text, masked=masked, paragraphs=paragraphs, guarded=guarded, protected=protected,
                   options=options or DEFAULT_OPTIONS, focus=focus)

    @cached_property
    def main_language(self) -> str | None:
        """The language with more words ("fa" on a tie); None for a text without words."""
        counts = {language: 0 for language in LANGUAGES}
        for paragraph in self.paragraphs:
            if paragraph.language:
                counts[paragraph.language] += paragraph.word_count
        if not any(counts.values()):
            return None
        return "fa" if counts["fa"] >= counts["en"] else "en"

    def typography_paragraphs(self) -> list[Paragraph]:
        """Persian paragraphs, and in a mostly Persian document those without letters
        («۱۲:۳۴»، «96%»، «...»), which follow the document's language."""
        return self._typography[0]

    def typography_starts(self) -> list[int]:
        """The start offset of each of typography_paragraphs(), for bisecting."""
        return self._typography[1]

    def typography_windows(self) -> list[tuple[int, int]]:
        """Spans that hold the typography paragraphs and little else, to scan each once."""
        return self._typography[2]

    @cached_property
    def _typography(self) -> tuple[list[Paragraph], list[int], list[tuple[int, int]]]:
        letterless = self.main_language == "fa"
        wanted = [p.language == "fa" or (letterless and p.language is None) for p in self.paragraphs]
        if self.focus is None:
            chosen = [p for p, keep in zip(self.paragraphs, wanted) if keep]
            windows = [(chosen[0].start, chosen[-1].end)] if chosen else []
            return chosen, [p.start for p in chosen], windows
        starts = [p.start for p in self.paragraphs]
        near: set[int] = set()
        for start, end in self.focus:
            first = max(0, bisect_right(starts, start) - 1)
            last = bisect_right(starts, end)
            near.update(range(max(0, first - 1), min(len(self.paragraphs), last + 1)))
        chosen, windows, previous = [], [], -2
        for index in sorted(near):
            if not wanted[index]:
                continue
            paragraph = self.paragraphs[index]
            if index == previous + 1 and windows:
                windows[-1] = (windows[-1][0], paragraph.end)
            else:
                windows.append((paragraph.start, paragraph.end))
            chosen.append(paragraph)
            previous = index
        return chosen, [p.start for p in chosen], windows

    @cached_property
    def languages(self) -> tuple[str, ...]:
        present = {p.language for p in self.paragraphs if p.language and p.word_count}
        return tuple(language for language in LANGUAGES if language in present)

    def paragraphs_in(self, language: str) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.language == language]

    def sentences_in(self, language: str) -> Iterator[Sentence]:
        for paragraph in self.paragraphs:
            if paragraph.language == language:
                yield from paragraph.sentences

    def words_in(self, language: str) -> Iterator[str]:
        """Every word of that language's paragraphs, masked placeholders left out."""
        for sentence in self.sentences_in(language):
            for word in sentence.words:
                if word[0] != MASK_CHAR:
                    yield word


def _parse_paragraph(masked: str, guarded: str, start: int, end: int) -> Paragraph:
    sentences = []
    for sentence_start, sentence_end in sentence_spans(masked, start, end):
        # A tuple of strings holds no references the garbage collector must trace: a novel's
        # hundred thousand sentences then cost it nothing.
        words = tuple(WORD_RE.findall(masked, sentence_start, sentence_end))
        if words:  # a lone "..." or "!!" is punctuation, not a sentence
            sentences.append(Sentence(sentence_start, sentence_end, words))
    # The language by the letters of the prose, not of tags and attributes around it.
    return Paragraph(start, end, script_of(guarded, start, end), sentences,
                     sum(len(sentence.words) for sentence in sentences))


def _count_paragraph(masked: str, guarded: str, start: int, end: int) -> Paragraph:
    return Paragraph(start, end, script_of(guarded, start, end), [], len(WORD_RE.findall(masked, start, end)))
