"""More Persian typography rules after Virastar's rule families: marks, ellipsis, dashes,
kashida used as a dash, the ezafe «هٔ», single quotes, numeral symbols, non-Persian letters and
presentation forms, «‌ای», half-space cleanup, diacritics and line breaks.

Like typography.py, every rule searches Document.guarded over the typography paragraphs
(Persian ones, and letterless ones of a Persian document), reads the writer's options from
Document.options, and makes the smallest fix it can; fix_all drops any fix that would touch
a protected span. They are registered after typography.py's rules, so a fix there (a digit
made Persian) can enable one here (its «٪») on the next pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from writers_app.analysis.checks.typography import _fix, _matches, _neighbour, _typography_check
from writers_app.analysis.document import Document
from writers_app.analysis.models import Finding
from writers_app.analysis.text import KASHIDA, NOT_SIGN, PERSIAN_LETTERS, SOFT_HYPHEN, ZWNJ

_PERSIAN_DIGITS = "۰-۹"
_DIACRITICS = "\u064B-\u0652"
_PERSIAN_LETTER = re.compile(f"[{PERSIAN_LETTERS}]")
# Letters that never join the next one: a half-space after them changes nothing visible.
_NON_JOINING = frozenset("اآأإٱدذرزژوؤةءە")

_MARK_RUN = re.compile(r"[!?؟](?:[ \t]*[!?؟])+")
_DOTS = re.compile(r"(?:\.{3,}|…)(?:[ \t]*(?:\.{3,}|…))*")
# Not a command-line option («--help»), nor an arrow («-->», «<--»).
_DASHES = re.compile(r"(?<![-<])-{2,3}(?![-A-Za-z>])")
_TABLE_OR_RULE = re.compile(r"[\s|:\-–—]*")
_KASHIDA_RUN = re.compile(f"{KASHIDA}+")
_EZAFE = re.compile(f"ه(?:[ \t\u200c\u200e]+[یي]|[ \t\u200c\u200e]?\u0621|\u0653)(?![\\w{_DIACRITICS}\u0654])|ۀ")
_EZAFE_HAMZA = re.compile(f"ه\u0654(?![\\w{_DIACRITICS}])")
_SINGLE_QUOTES = re.compile(r"(?<![\w'])('{1,2})([^\s'][^'\n]*?)(?<=[^\s'])\1(?![\w'])")
_PERCENT = re.compile(f"(?<=[{_PERSIAN_DIGITS}])[ ]?%")
# A number's separators: only in a number with one kind of them, so «۱.۲.۳» (a version) and
# «۱۴۰۲.۰۵.۱۲» stay as written.
_NUMBER = re.compile(f"[{_PERSIAN_DIGITS}]+(?:[.,٫٬][{_PERSIAN_DIGITS}]+)+(?![{_PERSIAN_DIGITS}.,٫٬]?[{_PERSIAN_DIGITS}])")
_OTHER_LETTERS = {"ڪ": "ک", "ۍ": "ی", "ې": "ی", "ے": "ی", "ہ": "ه", "ە": "ه", "ھ": "ه", "ۃ": "ة"}
_OTHER_LETTER_RUN = re.compile(f"[{''.join(_OTHER_LETTERS)}]+")
_TO_OTHER = str.maketrans(_OTHER_LETTERS)
_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_GLYPHS = re.compile("[\uFB50-\uFDFF\uFE70-\uFEFC]+")
_YEH_YEH = re.compile(f"ه[ \u200c\u200e][ئی]ی(?![\\w{_DIACRITICS}])")
_JOINERS = re.compile(f"[{ZWNJ}{SOFT_HYPHEN}{NOT_SIGN}]+")
_DOUBLED_DIACRITIC = re.compile(f"([{_DIACRITICS}\u0670])\\1+|(?<=[{PERSIAN_LETTERS}])[ \t]+(?=[{_DIACRITICS}])")
_LINE_BREAKS = re.compile("\n(?:[ \t\u200c]*\n)+")
_LEADING = re.compile("^[ \t\u200c]+", re.MULTILINE)
# From the start of a run of spaces only, so a long run is scanned once.
_TRAILING = re.compile("(?<![ \t\u200c])[ \t\u200c]+(?=\n|\\Z)")


@_typography_check("fa.extra_marks")
def extra_marks(doc: Document) -> Iterator[Finding]:
    """«؟؟؟!!!» to «؟!»: one question mark before one exclamation mark, no space between."""
    for paragraph, m in _matches(_MARK_RUN, doc):
        run = m.group().replace(" ", "").replace("\t", "")
        before = doc.guarded[m.start() - 1] if m.start() > paragraph.start else ""
        persian = "؟" in run or bool(_PERSIAN_LETTER.match(before)) or not before.isascii()
        question = "؟" if persian else "?"
        marks = [question if mark in "?؟" else mark for mark in run]
        if doc.options.collapse_marks:
            wanted = (question if question in marks else "") + ("!" if "!" in marks else "")
        else:
            wanted = "".join(sorted(marks, key=lambda mark: mark == "!"))
        if wanted != m.group():
            yield _fix(doc, *m.span(), wanted, "fa.extra_marks")


@_typography_check("fa.ellipsis")
def ellipsis(doc: Document) -> Iterator[Finding]:
    """«...» and «……» to one «…», with no space before it (but a line's indentation)."""
    text = doc.guarded
    for paragraph, m in _matches(_DOTS, doc):
        start = m.start()
        while start > paragraph.start and text[start - 1] in " \t":
            start -= 1
        if start == paragraph.start:
            start = m.start()  # indentation
        if text[start:m.end()] != "…":
            yield _fix(doc, start, m.end(), "…", "fa.ellipsis")


@_typography_check("fa.dashes")
def dashes(doc: Document) -> Iterator[Finding]:
    """«--» to the en dash «–», «---» to the em dash «—»; not a Markdown rule or table line."""
    for paragraph, m in _matches(_DASHES, doc):
        if _TABLE_OR_RULE.fullmatch(doc.guarded, paragraph.start, paragraph.end):
            continue
        if "|" in (_neighbour(doc.guarded, paragraph, m.start() - 1, -1), _neighbour(doc.guarded, paragraph, m.end(), 1)):
            continue  # a table cell
        yield _fix(doc, *m.span(), "—" if len(m.group()) == 3 else "–", "fa.dashes")


@_typography_check("fa.kashida_dash")
def kashida_dash(doc: Document) -> Iterator[Finding]:
    """A kashida standing alone is a dash («سخن ـ که گفتم ـ»: «–»); one at a word's edge
    («خوبـ») stretches nothing and goes. Between letters it is fa.kashida's."""
    text = doc.guarded
    for paragraph, m in _matches(_KASHIDA_RUN, doc):
        before = text[m.start() - 1] if m.start() > paragraph.start else " "
        after = text[m.end()] if m.end() < paragraph.end else " "
        if before.isspace() and after.isspace():
            yield _fix(doc, *m.span(), "–", "fa.kashida_dash")
        elif before.isalpha() != after.isalpha():
            yield _fix(doc, *m.span(), "", "fa.kashida_dash")
        # between letters it is fa.kashida's; a quoted «(ـ)» is left alone


@_typography_check("fa.ezafe")
def ezafe(doc: Document) -> Iterator[Finding]:
    """«خانه ی من»، «خانهء من»، «خانه ء من»، «خانۀ من» to «خانهٔ من» (or «خانه‌ی من»)."""
    yeh = doc.options.heh_yeh == "yeh"
    wanted = "ه" + ZWNJ + "ی" if yeh else "هٔ"
    for paragraph, m in _matches(_EZAFE, doc):
        if m.group() != "ۀ" and (m.start() == paragraph.start or not _PERSIAN_LETTER.match(doc.guarded[m.start() - 1])):
            continue  # «ه» must end a word of two letters or more
        if m.group() != wanted:
            yield _fix(doc, *m.span(), wanted, "fa.ezafe", form=wanted)
    if yeh:
        for _, m in _matches(_EZAFE_HAMZA, doc):
            yield _fix(doc, *m.span(), wanted, "fa.ezafe", form=wanted)


@_typography_check("fa.single_quotes")
def single_quotes(doc: Document) -> Iterator[Finding]:
    """'سلام' and ''سلام'' to «سلام»; an English apostrophe (don't) has a letter beside it."""
    for _, m in _matches(_SINGLE_QUOTES, doc):
        inner = m.group(2)
        start, end = m.span()
        if start > 0 and doc.guarded[start - 1] == "=":
            continue
        if _PERSIAN_LETTER.search(inner) and not re.search("[A-Za-z]", inner):
            quote = len(m.group(1))
            yield _fix(doc, start, end, f"«{doc.text[start + quote:end - quote]}»", "fa.quotes")


@_typography_check("fa.numerals")
def numerals(doc: Document) -> Iterator[Finding]:
    """«۹۶%» to «۹۶٪»; «۳.۵» to «۳٫۵» and «۱,۰۰۰» to «۱٬۰۰۰», as the options say."""
    options = doc.options
    for _, m in _matches(_PERCENT, doc):
        yield _fix(doc, *m.span(), "٪", "fa.numerals")
    for _, m in _matches(_NUMBER, doc):
        number = m.group()
        separators = set(re.sub(f"[{_PERSIAN_DIGITS}]", "", number))
        groups = re.split("[.,٫٬]", number)
        if separators <= {",", "٬"} and options.thousands_separator:
            if len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:]):
                for offset, char in enumerate(number):
                    if char == ",":
                        yield _fix(doc, m.start() + offset, m.start() + offset + 1, "٬", "fa.numerals")
        elif separators == {"."} and len(groups) == 2 and options.decimal_separator == "٫":
            dot = m.start() + number.index(".")
            yield _fix(doc, dot, dot + 1, "٫", "fa.numerals")


@_typography_check("fa.other_letters")
def other_letters(doc: Document) -> Iterator[Finding]:
    """Urdu, Kurdish and Pashto look-alikes («ے ہ ۃ ڪ ۍ») to the Persian letters («ی ه ة ک»)."""
    for _, m in _matches(_OTHER_LETTER_RUN, doc):
        yield _fix(doc, *m.span(), m.group().translate(_TO_OTHER), "fa.other_letters")


@_typography_check("fa.glyphs")
def glyphs(doc: Document) -> Iterator[Finding]:
    """Presentation forms («ﻛﺘﺎﺏ», pasted from old PDFs) to the letters they show."""
    for _, m in _matches(_GLYPHS, doc):
        letters = unicodedata.normalize("NFKC", m.group()).translate(_TO_PERSIAN)
        if letters != m.group() and len(letters) <= 3 * len(m.group()) and " " not in letters:
            yield _fix(doc, *m.span(), letters, "fa.glyphs")


@_typography_check("fa.yeh_suffix")
def yeh_suffix(doc: Document) -> Iterator[Finding]:
    """«خانه‌یی»، «خانه‌ئی»، «خانه یی» to «خانه‌ای»."""
    for paragraph, m in _matches(_YEH_YEH, doc):
        if m.start() > paragraph.start and _PERSIAN_LETTER.match(doc.guarded[m.start() - 1]):
            yield _fix(doc, m.start() + 1, m.end(), ZWNJ + "ای", "fa.yeh_suffix")


@_typography_check("fa.zwnj")
def zwnj(doc: Document) -> Iterator[Finding]:
    """One half-space (ZWNJ) where one joins two letters, none elsewhere: a soft hyphen or «¬»
    between letters becomes one, doubled ones become one, and one before a space or a mark,
    after a letter that never joins («درد‌ها») or beside Latin text is removed."""
    text = doc.guarded
    for paragraph, m in _matches(_JOINERS, doc):
        run = m.group()
        before = text[m.start() - 1] if m.start() > paragraph.start else ""
        after = text[m.end()] if m.end() < paragraph.end else ""
        persian_before = bool(before) and (_PERSIAN_LETTER.match(before) is not None or "\u064B" <= before <= "\u0652")
        persian_after = bool(after) and _PERSIAN_LETTER.match(after) is not None
        if ZWNJ not in run and not (persian_before and persian_after):
            continue  # a soft hyphen in Latin text, «¬» in logic: not ours
        if persian_before and persian_after:
            wanted = "" if before in _NON_JOINING or after == KASHIDA else ZWNJ
        else:
            wanted = run.replace(ZWNJ, "")
        if wanted != run:
            yield _fix(doc, *m.span(), wanted, "fa.zwnj")


@_typography_check("fa.diacritics")
def diacritics(doc: Document) -> Iterator[Finding]:
    """A diacritic written twice («کتابََ») once; no space between a letter and its diacritic."""
    for _, m in _matches(_DOUBLED_DIACRITIC, doc):
        yield _fix(doc, *m.span(), m.group(1) or "", "fa.diacritics")


@_typography_check("fa.line_breaks")
def line_breaks(doc: Document) -> Iterator[Finding]:
    """At most one blank line between paragraphs, no spaces at a line's end (nor, if the
    writer asks, at its start)."""
    for paragraph, m in _matches(_TRAILING, doc):
        if paragraph.start < m.start() and m.end() == paragraph.end:
            yield _fix(doc, *m.span(), "", "fa.line_breaks")
    if not doc.options.keep_leading_spaces:
        for paragraph, m in _matches(_LEADING, doc):
            if m.start() == paragraph.start and m.end() < paragraph.end:
                yield _fix(doc, *m.span(), "", "fa.line_breaks")
    paragraphs = doc.typography_paragraphs()
    if not paragraphs:
        return
    ends = {p.end for p in paragraphs}
    text = doc.guarded
    for m in _LINE_BREAKS.finditer(text, paragraphs[0].end):
        if m.start() in ends and m.group() != "\n\n" and m.end() < len(text):
            yield _fix(doc, *m.span(), "\n\n", "fa.line_breaks")
