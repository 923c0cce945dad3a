"""Persian typography rules after the rule families of Virastar: letters, digits, punctuation,
quotes, spacing, half-spaces (ZWNJ) and kashida.

Every rule runs on Persian paragraphs only and searches Document.masked, so code, URLs and
emails are never touched. Each finding is a fix over the smallest span that needs changing
(often one space), so fixes from different rules rarely overlap. The rules are conservative:
a wrong "correction" costs a writer more than a missed one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator

from writers_app.analysis.checks.persian_words import MI_EXCEPTIONS, VERB_FORMS_AFTER_MI
from writers_app.analysis.document import Document, Paragraph
from writers_app.analysis.models import Finding, Severity
from writers_app.analysis.registry import register_check
from writers_app.analysis.text import KASHIDA, PERSIAN_LETTERS, ZWNJ

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_TO_PERSIAN_DIGITS = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", _PERSIAN_DIGITS * 2)
_TO_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_TO_PERSIAN_MARKS = {",": "،", ";": "؛", "?": "؟"}
_MARKS = "،؛؟?!.:…"
_QUESTION_EXCLAMATION = "؟?!"
_OPENERS = "([{«"
_CLOSERS = ")]}»"
_PERSIAN_LETTER = re.compile(f"[{PERSIAN_LETTERS}]")
_PERSIAN_OR_DIGIT = re.compile(f"[{PERSIAN_LETTERS}{_PERSIAN_DIGITS}]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
# Function words: never the stem before «ها» or «تر», nor the verb after «می».
_FUNCTION_WORDS = frozenset({"و", "را", "که", "از", "به", "با", "در", "تا", "بر", "چه", "نه", "یا", "هم",
                             "نیز", "اما", "ولی", "این", "آن", "است", "بود"})
# «آن‌ها» and «این‌ها» are plurals: only «تر» and the personal endings never follow them.
_PLURAL_STEMS = frozenset({"آن", "این"})
_PLURALS = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان")
# «تر» after these is often the adjective "wet" («چشم تر»، «دست تر»): a suggestion, never a fix.
_WET_NOUNS = frozenset({"چشم", "دیده", "دست", "لب", "مژه", "دامن", "خاک", "زمین", "گونه", "رخ", "مو",
                        "موی", "جامه", "لباس", "نان", "علف", "سبزه", "چوب", "هیزم", "برگ", "گل", "دهان",
                        "کام", "آستین", "پا", "پای", "دل", "رو", "روی", "چمن", "شن", "ماسه"})
_DATE = re.compile(r"[0-9]{1,4}/[0-9]{1,2}/[0-9]{1,4}")

_ARABIC_LETTERS = re.compile("[يكى]+")
_ARABIC_DIGITS = re.compile("[٠-٩]+")
# Patterns start with a literal where they can: re then skips ahead to candidates quickly,
# and context that would need a leading look-behind is checked in Python on the few matches.
_LATIN_NUMBER = re.compile(r"[0-9]+(?:[.,:/\-][0-9]+)*(?![A-Za-z0-9_])")
_LATIN_LETTER = re.compile("[A-Za-z]")
_LATIN_WORD_CHAR = re.compile("[A-Za-z0-9_]")
_LATIN_MARK = re.compile(r"[,;?]")
_STRAIGHT_QUOTES = re.compile(r"\"([^\"\n]+)\"|\u201C([^\u201D\n]+)\u201D")
_MARK_RUN = re.compile(rf"[{_MARKS}]+")
_OPENING = re.compile(rf"([{re.escape(_OPENERS)}])([ \t]*)")
_CLOSING = re.compile(rf"[{re.escape(_CLOSERS)}]")
# «می» (and «نمی», the «ن» found by _prefix_start) followed by a space and a word.
_MI_SPACED = re.compile(rf"م[یي]( )(?=([{PERSIAN_LETTERS}][\w{ZWNJ}]*))")
_WORD_GOES_ON = rf"(?![\w{ZWNJ}\u064B-\u065F\u0670])"
_MI_JOINED = re.compile(rf"م[یي]([{PERSIAN_LETTERS}]+){_WORD_GOES_ON}")
_PLURAL_COMPARATIVE = re.compile(
    rf"( )(?<=[{PERSIAN_LETTERS}] )(هایشان|هایتان|هایمان|هایش|هایت|هایم|هایی|های|ها|ترین|تری|تر){_WORD_GOES_ON}"
)
# Personal endings take a ZWNJ after a silent «ه»: «رفته‌اند»، «خانه‌ام»، «نامه‌ای».
_PERSONAL_AFTER_HEH = re.compile(rf"( )(?<=ه )(ایم|اید|اند|ام|ای|ات|اش|مان|تان|شان){_WORD_GOES_ON}")
_WORD_BEFORE = re.compile(rf"[\w{ZWNJ}]+$")
_REPEATED_SPACES = re.compile(" {2,}")
_KASHIDA = re.compile(f"{KASHIDA}+")


def _typography_check(check_id: str) -> Callable:
    return register_check(check_id, languages=("fa",), title=f"analysis.check.{check_id}", category="typography")


def _fix(doc: Document, start: int, end: int, replacement: str, message: str, **params) -> Finding:
    # model_construct: these fields are known to be valid, and validating thousands of fixes
    # of a long draft would cost more than finding them.
    # Every field is given, so no default is computed either.
    return Finding.model_construct(check_id="", severity=Severity.INFO, message=f"analysis.{message}", params=params,
                                   language="fa", span=(start, end), original=doc.text[start:end],
                                   replacement=replacement)


def _matches(pattern: re.Pattern, doc: Document) -> Iterator[tuple[Paragraph, re.Match]]:
    """Every match of pattern inside a typography paragraph, with that paragraph.

    One scan of the whole text, not one per paragraph: a document of many short lines would
    otherwise pay a search's set-up cost per line and per rule. No rule's pattern matches a
    line break, so a match never spans two paragraphs; those outside any (an English
    paragraph, a blank line) are dropped.
    """
    paragraphs = doc.typography_paragraphs()
    if not paragraphs:
        return
    starts = doc.typography_starts()
    for window_start, window_end in doc.typography_windows():
        for match in pattern.finditer(doc.guarded, window_start, window_end):
            index = bisect_right(starts, match.start()) - 1
            if index < 0:
                continue
            paragraph = paragraphs[index]
            if match.end() <= paragraph.end:
                yield paragraph, match


def _neighbour(masked: str, paragraph: Paragraph, index: int, step: int) -> str:
    """The nearest character before (step -1) or after (step 1) index that is not a space,
    looking past at most three spaces; "" at the paragraph's edge or past more spaces."""
    for _ in range(4):
        if not paragraph.start <= index < paragraph.end:
            return ""
        if masked[index] not in " \t":
            return masked[index]
        index += step
    return ""


@_typography_check("fa.arabic_letters")
def arabic_letters(doc: Document) -> list[Finding]:
    return [_fix(doc, *m.span(), m.group().translate(_TO_PERSIAN_LETTERS), "fa.arabic_letters")
            for _, m in _matches(_ARABIC_LETTERS, doc)]


@_typography_check("fa.digits")
def digits(doc: Document) -> list[Finding]:
    findings = [_fix(doc, *m.span(), m.group().translate(_TO_PERSIAN_DIGITS), "fa.digits")
                for _, m in _matches(_ARABIC_DIGITS, doc)]
    for paragraph, m in _matches(_LATIN_NUMBER, doc):
        if m.start() > paragraph.start and _LATIN_WORD_CHAR.match(doc.guarded[m.start() - 1]):
            continue  # "mp3", "x_1"
        # "Python 3.11", "COVID-19": a number beside Latin text belongs to it.
        before = _neighbour(doc.guarded, paragraph, m.start() - 1, -1)
        if before and before in "-./:#":
            before = _neighbour(doc.guarded, paragraph, m.start() - 2, -1)
        after = _neighbour(doc.guarded, paragraph, m.end(), 1)
        if _DATE.fullmatch(m.group()) and not doc.options.convert_dates:
            continue  # «12/5/1402»: a date is converted only when the writer asks for it
        if not _LATIN_LETTER.match(before) and not _LATIN_LETTER.match(after):
            findings.append(_fix(doc, *m.span(), m.group().translate(_TO_PERSIAN_DIGITS), "fa.digits"))
    return findings


@_typography_check("fa.punctuation")
def punctuation(doc: Document) -> list[Finding]:
    findings = []
    for paragraph, m in _matches(_LATIN_MARK, doc):
        before = _neighbour(doc.guarded, paragraph, m.start() - 1, -1)
        after = _neighbour(doc.guarded, paragraph, m.end(), 1)
        # Persian before it, nothing Latin after it: "1,000" and "Hello, world" stay as they are.
        persian_before = bool(_PERSIAN_OR_DIGIT.match(before)) or (bool(before) and before in "»)]}”")
        if not persian_before or _LATIN_OR_DIGIT.match(after):
            continue
        if before in _PERSIAN_DIGITS and after and after in _PERSIAN_DIGITS:
            continue  # «۱,۵»: a separator inside a number
        mark = _TO_PERSIAN_MARKS[m.group()]
        findings.append(_fix(doc, *m.span(), mark, "fa.punctuation", mark=mark))
    return findings


@_typography_check("fa.quotes")
def quotes(doc: Document) -> list[Finding]:
    findings = []
    for _, m in _matches(_STRAIGHT_QUOTES, doc):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        start, end = m.span()
        if start > 0 and (doc.guarded[start - 1] == "=" or _LATIN_WORD_CHAR.match(doc.guarded[start - 1])):
            continue  # title="…" is markup, even outside a tag
        if _PERSIAN_LETTER.search(inner) and not _LATIN_LETTER.search(inner):
            findings.append(_fix(doc, start, end, f"«{doc.text[start + 1:end - 1]}»", "fa.quotes"))
    return findings


@_typography_check("fa.punctuation_spacing")
def punctuation_spacing(doc: Document) -> list[Finding]:
    findings = []
    taken_until = 0
    for paragraph, m in _matches(_MARK_RUN, doc):
        start = _spaces_from(doc.guarded, m.start(), paragraph.start, -1)
        end = _spaces_from(doc.guarded, m.end(), paragraph.end, 1)
        if start <= paragraph.start or start < taken_until:
            continue  # a line opening with a mark, or spaces the previous mark already took
        taken_until = end
        spaces_before, mark, spaces_after = doc.guarded[start:m.start()], m.group(), doc.guarded[m.end():end]
        previous = doc.guarded[start - 1]
        following = doc.guarded[end] if end < paragraph.end else ""
        if previous.isascii() and previous.isalnum() and not spaces_before:
            continue  # "e.g.", "example.com", "3.5", "12:30": Latin or numeric, not our concern
        if not following and not spaces_before:
            continue  # only trailing spaces at the end of a line: invisible, not worth a remark
        if not spaces_before and not spaces_after and mark == "." and _follows_one_letter(doc.guarded, m.start()):
            continue
        if not spaces_before and not spaces_after and previous.isdigit() and following.isdigit():
            continue  # «۱۲:۳۰»، «۳.۵»
        # No space inside a run of marks («؟ !» is one «؟!») or before a closing bracket.
        wants_space = bool(following) and following not in _CLOSERS + "\"'" + _QUESTION_EXCLAMATION
        wanted = mark + (" " if wants_space else "")
        if doc.guarded[start:end] != wanted:
            findings.append(_fix(doc, start, end, wanted, "fa.punctuation_spacing"))
    return findings


def _spaces_from(masked: str, index: int, limit: int, step: int) -> int:
    """Where the run of spaces and tabs next to index ends, going back (-1) or forward (1)."""
    if step < 0:
        while index > limit and masked[index - 1] in " \t":
            index -= 1
    else:
        while index < limit and masked[index] in " \t":
            index += 1
    return index


def _follows_one_letter(masked: str, index: int) -> bool:
    """«ق.م»، «ه.ش»: a dot after a one-letter word abbreviates; it needs no space."""
    return masked[index - 1].isalpha() and (index < 2 or not masked[index - 2].isalpha())


@_typography_check("fa.bracket_spacing")
def bracket_spacing(doc: Document) -> list[Finding]:
    findings = []
    for paragraph, m in _matches(_OPENING, doc):
        bracket, inside = m.groups()
        previous = doc.guarded[m.start() - 1] if m.start() > paragraph.start else ""
        if m.end() >= paragraph.end:
            continue
        space_before = bool(_PERSIAN_OR_DIGIT.match(previous))  # «کتاب(جلد ۲)» but not "f(x)"
        wanted = (" " if space_before else "") + bracket
        if m.group() != wanted:
            findings.append(_fix(doc, *m.span(), wanted, "fa.bracket_spacing"))
    for paragraph, m in _matches(_CLOSING, doc):
        start = _spaces_from(doc.guarded, m.start(), paragraph.start, -1)
        if start == paragraph.start and start < m.start():
            continue  # indentation before a line's first character
        following = doc.guarded[m.end()] if m.end() < paragraph.end else ""
        space_after = bool(_PERSIAN_OR_DIGIT.match(following)) or following in ("«", "(")
        wanted = m.group() + (" " if space_after else "")
        if doc.guarded[start:m.end()] != wanted:
            findings.append(_fix(doc, start, m.end(), wanted, "fa.bracket_spacing"))
    return findings


@_typography_check("fa.prefix_zwnj")
def prefix_zwnj(doc: Document) -> list[Finding]:
    findings = []
    for paragraph, m in _matches(_MI_SPACED, doc):
        start = _prefix_start(doc.guarded, paragraph, m.start())
        # «می و معشوق»: «می» (wine) before a function word is not a prefix.
        if start is not None and _persian(m.group(2)) not in _FUNCTION_WORDS:
            prefix = _persian(doc.guarded[start:m.start(1)])
            findings.append(_fix(doc, *m.span(1), ZWNJ, "fa.prefix_zwnj", prefix=prefix))
    for paragraph, m in _matches(_MI_JOINED, doc):
        start = _prefix_start(doc.guarded, paragraph, m.start())
        if start is None or _persian(doc.guarded[start:m.end()]) in MI_EXCEPTIONS:
            continue
        if _persian(m.group(1)) in VERB_FORMS_AFTER_MI:
            # The fix replaces the prefix's last letter with itself and a ZWNJ.
            prefix_end = m.start(1)
            prefix = _persian(doc.guarded[start:prefix_end])
            findings.append(_fix(doc, prefix_end - 1, prefix_end, "ی" + ZWNJ, "fa.prefix_zwnj", prefix=prefix))
    return findings


def _prefix_start(masked: str, paragraph: Paragraph, mim: int) -> int | None:
    """Where «می» or «نمی» starts, given the offset of its «م»; None when the «م» is inside a
    longer word («کمی»، «تمیز»)."""
    start = mim - 1 if mim > paragraph.start and masked[mim - 1] == "ن" else mim
    if start > paragraph.start and (masked[start - 1].isalnum() or masked[start - 1] in "_" + ZWNJ):
        return None
    return start


@_typography_check("fa.suffix_zwnj")
def suffix_zwnj(doc: Document) -> list[Finding]:
    findings = []
    for pattern in (_PLURAL_COMPARATIVE, _PERSONAL_AFTER_HEH):
        for paragraph, m in _matches(pattern, doc):
            word = _WORD_BEFORE.search(doc.guarded, max(paragraph.start, m.start() - 40), m.start())
            if word is None or len(word.group()) < 2:
                continue
            stem, suffix = _persian(word.group()), m.group(2)
            if stem in _FUNCTION_WORDS and not (stem in _PLURAL_STEMS and suffix in _PLURALS):
                continue
            if stem in _WET_NOUNS and suffix.startswith("تر"):
                # «چشم تر»: a wet eye or a comparative; the writer decides.
                findings.append(Finding(message="analysis.fa.suffix_zwnj_ambiguous", language="fa", span=m.span(1),
                                        original=doc.text[m.start(1):m.end(1)], params={"suffix": suffix}))
                continue
            findings.append(_fix(doc, *m.span(1), ZWNJ, "fa.suffix_zwnj", suffix=suffix))
    return findings


@_typography_check("fa.repeated_spaces")
def repeated_spaces(doc: Document) -> list[Finding]:
    findings = []
    for paragraph, m in _matches(_REPEATED_SPACES, doc):
        # Spaces beside punctuation and brackets are those rules' business; edges are indentation.
        if m.start() == paragraph.start or m.end() == paragraph.end:
            continue
        previous, following = doc.guarded[m.start() - 1], doc.guarded[m.end()]
        if previous in _MARKS + _OPENERS + "\t" or following in _MARKS + _CLOSERS + "\t":
            continue
        findings.append(_fix(doc, *m.span(), " ", "fa.repeated_spaces"))
    return findings


@_typography_check("fa.kashida")
def kashida(doc: Document) -> list[Finding]:
    # Only between letters: a kashida standing alone or at a word's edge is used as a dash.
    return [_fix(doc, *m.span(), "", "fa.kashida") for paragraph, m in _matches(_KASHIDA, doc)
            if paragraph.start < m.start() and m.end() < paragraph.end
            and doc.guarded[m.start() - 1].isalpha() and doc.guarded[m.end()].isalpha()]


def _persian(word: str) -> str:
    return word.translate(_TO_PERSIAN_LETTERS)
