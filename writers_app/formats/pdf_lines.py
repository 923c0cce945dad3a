"""A paragraph of the PDF export broken into lines: styled runs from the body tree, words
measured once, lines filled greedily, and each line written as fpdf2 markdown.

The PDF export breaks lines itself because fpdf2's own breaker re-measures (re-shapes) the line
so far after every character: a 10,000-word piece took about 25 s that way."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from writers_app.formats.html_tree import Element
from writers_app.formats.sanitize import collapse_whitespace

BOLD, UNDERLINE, STRIKE = "**", "--", "~~"  # fpdf2's markdown markers (italics: the font has none)
_MARKS = {"strong": BOLD, "u": UNDERLINE, "a": UNDERLINE, "s": STRIKE}
# Characters the PDF cannot carry (C0 controls but tab/newline) and the noncharacters.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
# fpdf2's markdown markers and backslash runs that are part of the text itself.
_MARKUP = re.compile(r"\\+|\*\*|__|~~|--")
_TOKENS = re.compile(r"\n| +|[^ \n]+")
BREAK = "\n"


@dataclass(frozen=True)
class Run:
    text: str
    marks: frozenset[str] = frozenset()


def runs_of(nodes: list[Element | str], marks: frozenset[str] = frozenset()) -> list[Run]:
    """A paragraph's text with its marks: bold, underline (links too) and strike; a <br> is BREAK."""
    out: list[Run] = []
    for node in nodes:
        if isinstance(node, str):
            text = UNPRINTABLE.sub("", collapse_whitespace(node).replace("\n", " "))
            if text:
                out.append(Run(text, marks))
        elif node.tag == "br":
            out.append(Run(BREAK, marks))
        else:
            mark = _MARKS.get(node.tag)
            out.extend(runs_of(node.children, marks | {mark} if mark else marks))
    return out


def escape(text: str) -> str:
    """Text that fpdf2's markdown shows as it is (n backslashes come out of its parser as n)."""
    return _MARKUP.sub(lambda match: match.group(0) * 2 if match.group(0)[0] == "\\" else "\\" + match.group(0),
                       text)


def markdown(line: list[Run]) -> str:
    """One line as fpdf2 markdown; neighbouring runs of one style are one fragment."""
    merged: list[Run] = []
    for run in line:
        if merged and merged[-1].marks == run.marks:
            merged[-1] = Run(merged[-1].text + run.text, run.marks)
        else:
            merged.append(run)
    out = []
    for run in merged:
        opening = "".join(sorted(run.marks))
        out.append(f"{opening}{escape(run.text)}{opening[::-1]}")
    return "".join(out)


Measure = Callable[[str, frozenset[str]], float]


def _width(pieces: list[Run], measure: Measure) -> float:
    return sum(measure(piece.text, piece.marks) for piece in pieces)


def _split_long(word: list[Run], width: float, measure: Measure) -> list[list[Run]]:
    """A word wider than the line (a long link, a run of letters) cut where it fills a line."""
    chunks: list[list[Run]] = [[]]
    used = 0.0
    for piece in word:
        for char in piece.text:
            char_width = measure(char, piece.marks)
            if chunks[-1] and used + char_width > width:
                chunks.append([])
                used = 0.0
            chunks[-1].append(Run(char, piece.marks))
            used += char_width
    return chunks


def _tokens(runs: list[Run]):  # noqa: ANN202
    """Words (lists of runs, a word may change style inside), spaces (a Run) and BREAK."""
    word: list[Run] = []
    for run in runs:
        for token in _TOKENS.findall(run.text):
            if token == BREAK or token[0] == " ":
                if word:
                    yield word
                    word = []
                yield BREAK if token == BREAK else Run(" ", run.marks)
            else:
                word.append(Run(token, run.marks))
    if word:
        yield word


def break_lines(runs: list[Run], width: float, measure: Measure) -> list[list[Run]]:
    """Lines no wider than `width`, broken at spaces (a space at a line's edge is dropped)."""
    lines: list[list[Run]] = []
    line: list[Run] = []
    used, space = 0.0, None
    for token in _tokens(runs):
        if token == BREAK:
            lines.append(line)
            line, used, space = [], 0.0, None
        elif isinstance(token, Run):
            space = token if line else None
        else:
            word_width = _width(token, measure)
            gap = measure(" ", space.marks) if space is not None else 0.0
            if line and used + gap + word_width > width:
                lines.append(line)
                line, used, space, gap = [], 0.0, None, 0.0
            if space is not None:
                line.append(space)
                used += gap
            if not line and word_width > width:
                *full, token = _split_long(token, width, measure)
                lines.extend(full)
                word_width = _width(token, measure)
            line.extend(token)
            used += word_width
            space = None
    if line:
        lines.append(line)
    return lines
