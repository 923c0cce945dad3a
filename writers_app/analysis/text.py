"""Low-level text handling shared by every check: scripts, protected spans, words and sentences.

All offsets are character offsets into the original text. Protected spans (code, URLs,
emails) are blanked in a same-length copy, so searching that copy can never touch them and
every offset found there is valid in the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

ZWNJ = "\u200c"
KASHIDA = "\u0640"

# Letters of the Arabic script as used for Persian, with presentation forms; no digits or
# punctuation (those live in U+0660-U+066D and U+06D4-U+06ED).
PERSIAN_LETTERS = "\u0620-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06EE-\u06EF\u06FA-\u06FF\uFB50-\uFDFF\uFE70-\uFEFC"
LATIN_LETTERS = "A-Za-z\u00C0-\u024F"
_PERSIAN_RUN = re.compile(f"[{PERSIAN_LETTERS}]+")
_LATIN_RUN = re.compile(f"[{LATIN_LETTERS}]+")

SOFT_HYPHEN = "\u00AD"
NOT_SIGN = "\u00AC"  # «¬»: the Persian keyboard's half-space key on some layouts
# A number with separators ("3.5", "1,000", "12:30", "1.2.3") is one word, and so is a dotted
# abbreviation ("e.g.", "U.S.", «ق.م.», «ه.ش.»); otherwise a word is a run of word characters
# and Arabic diacritics, joined by one or more ZWNJ, a soft hyphen, «¬», apostrophes or
# hyphens, so «می‌خواهم», «کتاب‌ها», «این‌‌ها», «حرف­ها», "don't" and "well-known" each count once.
_MARKS = "\u064B-\u065F\u0670"
WORD_RE = re.compile(
    rf"\d+(?:[.,\u066B\u066C:/]\d+)+"
    rf"|[A-Za-z](?:\.[A-Za-z])+(?![A-Za-z])"
    rf"|[{PERSIAN_LETTERS}](?:\.[{PERSIAN_LETTERS}])+(?![\w{_MARKS}])"
    rf"|[\w{_MARKS}]+(?:(?:{ZWNJ}+|[{SOFT_HYPHEN}{NOT_SIGN}\u2019'\-])[\w{_MARKS}]+)*"
)

# Code first (it may contain anything), then links and addresses. The email's look-behind
# makes each attempt start at a token's first character, so a long run is scanned once.
_PROTECTED_RE = re.compile(
    r"```.*?(?:```|\Z)"
    r"|`[^`\n]+`"
    r"|(?:https?://|ftp://|www\.)[^\s<>\"«»]*[^\s<>\"«».,;:!?،؛؟)\]'’]"
    r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}",
    re.DOTALL,
)
_NON_SPACE = re.compile(r"\S")
# Also out of the typography rules' reach, though they count as text: HTML comments, tags
# and entities, Markdown link targets and placeholders ("%1$s", "%d", "{name}", "{{x}}").
_GUARDED_RE = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|(?<=\])\([^()\s]+\)"
    r"|%(?:[0-9]+\$)?[-+0#]*[0-9]*(?:\.[0-9]+)?[bcdeEfFgGiosuxX]"
    r"|\{\{?[A-Za-z_][A-Za-z0-9_.]*\}\}?|\{[0-9]+\}",
    re.DOTALL,
)
_NOT_NEWLINE = re.compile(r"[^\n]")
# "_" is a word character of neither script: a masked URL still counts as one word but never
# tips a paragraph's language or looks like a letter to a typography rule.
MASK_CHAR = "_"

_LINE_RE = re.compile(r"[^\n]+")

# A sentence ends at a run of terminators (with closing quotes or brackets) followed by
# whitespace or the end of the paragraph: "3.5", "example.com/a" and "a.m" never match.
_SENTENCE_END_RE = re.compile(r"[.!?\u061F\u2026]+[\"'\u201D\u2019\u00BB)\]]*(?=\s|$)")
# Never the end of a sentence when the dot follows one of these (lower-cased, no dot).
_ABBREVIATIONS_ALWAYS = frozenset({
    "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "rev", "gen", "col", "lt",
    "capt", "sgt", "gov", "sen", "rep", "hon", "e.g", "i.e", "cf", "vs", "viz", "approx", "dept",
    "est", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s", "u.k", "ph.d",
})
# Abbreviations that only continue the sentence when a number follows ("No. 5", "p. 12").
_ABBREVIATIONS_BEFORE_NUMBER = frozenset({"no", "nos", "vol", "fig", "p", "pp", "ch", "sec", "art", "ed"})
# Abbreviations that often end a sentence: a boundary only if a capital letter follows.
_ABBREVIATIONS_AMBIGUOUS = frozenset({"etc", "al"})
_TOKEN_BEFORE_DOT = re.compile(rf"([A-Za-z][A-Za-z.]*|\d+|[{PERSIAN_LETTERS}][{PERSIAN_LETTERS}.]*)$")


def mask_protected(text: str) -> str:
    """The text with code, URLs and emails replaced by MASK_CHAR, whitespace kept: same length."""
    return _PROTECTED_RE.sub(lambda m: _NON_SPACE.sub(MASK_CHAR, m.group()), text)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every span the typography rules must never touch, in order, merged:
    those mask_protected blanks and the markup and placeholders of _GUARDED_RE."""
    return mask_and_protect(text)[1]


def mask_and_protect(text: str) -> tuple[str, list[tuple[int, int]]]:
    """mask_protected(text) and protected_spans(text) with one scan for code and links."""
    code = [m.span() for m in _PROTECTED_RE.finditer(text)]
    if code:
        pieces: list[str] = []
        position = 0
        for start, end in code:
            pieces += [text[position:start], _NON_SPACE.sub(MASK_CHAR, text[start:end])]
            position = end
        pieces.append(text[position:])
        masked = "".join(pieces)
    else:
        masked = text
    markup = [m.span() for m in _GUARDED_RE.finditer(text)]
    return masked, _merged(code + markup) if markup else code


def _merged(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with every character of the spans but line breaks replaced by MASK_CHAR."""
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces += [text[position:start], _NOT_NEWLINE.sub(MASK_CHAR, text[start:end])]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def script_of(text: str, start: int = 0, end: int | None = None) -> str | None:
    """"fa" or "en" by which script has more letters in text[start:end]; None without letters."""
    end = len(text) if end is None else end
    persian = sum(map(len, _PERSIAN_RUN.findall(text, start, end)))
    latin = sum(map(len, _LATIN_RUN.findall(text, start, end)))
    if persian == 0 and latin == 0:
        return None
    # A Persian paragraph quoting a few English terms is still Persian; ties go to Persian,
    # the language whose typography rules are worth running.
    return "fa" if persian >= latin else "en"


def lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line holding something other than whitespace."""
    for match in _LINE_RE.finditer(text):
        start, end = match.span()
        if not text[start:end].isspace():
            yield start, end


def count_words(text: str) -> int:
    return len(WORD_RE.findall(mask_protected(text)))


def sentence_spans(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of one paragraph masked[start:end], as (start, end) with outer spaces trimmed."""
    spans: list[tuple[int, int]] = []
    content_start = _trimmed(masked, start, end)[0]
    sentence_start = start
    for match in _SENTENCE_END_RE.finditer(masked, start, end):
        if not _is_boundary(masked, content_start, end, match):
            continue
        spans.append(_trimmed(masked, sentence_start, match.end()))
        sentence_start = match.end()
    if sentence_start < end:
        spans.append(_trimmed(masked, sentence_start, end))
    return [span for span in spans if span[0] < span[1]]


def _is_boundary(masked: str, content_start: int, paragraph_end: int, match: re.Match) -> bool:
    terminator = masked[match.start():match.end()]
    following = masked[match.end():min(paragraph_end, match.end() + 3)].lstrip()
    next_char = following[:1]
    if terminator[-1] in "\"\u201D" and next_char.islower():
        return False  # a dialogue tag goes on: "Are you sure?" she asked.
    if terminator.rstrip("\"'\u201D\u2019\u00BB)]") != ".":
        return True  # "!", "?", "؟", "…" and "..." always end a sentence
    token_match = _TOKEN_BEFORE_DOT.search(masked, max(content_start, match.start() - 12), match.start())
    if token_match is None:
        return True
    token = token_match.group(1)
    if token.isdigit():
        # "1. First point" numbers a list item rather than ending a sentence.
        return token_match.start() != content_start
    if _PERSIAN_RUN.match(token):
        # «م. رضایی», «۵۰۰ ق.م.», «ه.ش.»: an initial or a dotted abbreviation goes on.
        return not (len(token) == 1 or "." in token and all(len(part) <= 1 for part in token.split(".")))
    lowered = token.lower().rstrip(".")
    if lowered in _ABBREVIATIONS_ALWAYS:
        return False
    if lowered in _ABBREVIATIONS_BEFORE_NUMBER:
        return not next_char.isdigit()
    if lowered in _ABBREVIATIONS_AMBIGUOUS:
        return next_char.isupper()
    # A single capital is an initial: "J. K. Rowling".
    return not (len(token) == 1 and token.isupper())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
