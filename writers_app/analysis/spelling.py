"""Spelling of Persian and English words: which words of a text are not in the dictionary, and
what they might have been. Pure: no database; the writer's own words are passed in.

Dictionaries: English is pyspellchecker's word-frequency list (MIT); Persian is the aspell-fa
word list (GPL-2+, `dictionaries/fa_words.LICENSE`) with pyspellchecker's Persian frequencies
for ranking suggestions. Both load once per process, on first use.

Words are found with the same regex that counts them (text.WORD_RE), on a copy with code, URLs,
e-mail addresses and markup masked, so «می‌خواهم» and «کتاب‌ها» are one word each and a link
is never checked. Numbers, dotted abbreviations, acronyms (all capitals) and words mixing
scripts are not checked.

Nothing that a typography rule rewrites is reported as a spelling mistake, whichever rules the
writer switched on or off: Arabic «ي»/«ك» and other letter forms, presentation glyphs, kashida,
diacritics, the ezafe («خانهٔ»/«خانه‌ی»), and where the ZWNJ of a prefix or suffix goes
(«می‌خواهم», «میخواهم», «می خواهم», «کتاب‌ها», «کتابها», «کتاب ها») are all normalised or
split into known parts before the look-up, so a word is reported at most once, and by the
check that can fix it.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from writers_app.analysis.stopwords import ENGLISH_STOP_WORDS, PERSIAN_STOP_WORDS
from writers_app.analysis.text import KASHIDA, LATIN_LETTERS, NOT_SIGN, PERSIAN_LETTERS, SOFT_HYPHEN, WORD_RE, ZWNJ, \
    mask_and_protect

LANGUAGES = ("en", "fa")
MAX_WORD_LENGTH = 40  # longer runs are not words a dictionary could know
_DIR = Path(__file__).parent / "dictionaries"

_EN_WORD = re.compile(f"[{LATIN_LETTERS}]+(?:['\u2019\\-][{LATIN_LETTERS}]+)*['\u2019]?")
_FA_WORD = re.compile(f"[{PERSIAN_LETTERS}\u064B-\u065F\u0670{KASHIDA}{ZWNJ}{SOFT_HYPHEN}{NOT_SIGN}]+")
_GLYPHS = re.compile("[\uFB50-\uFDFF\uFE70-\uFEFC]")
_MARKS = re.compile(f"[\u064B-\u065F\u0670{KASHIDA}]")
_JOINERS = re.compile(f"[{ZWNJ}{SOFT_HYPHEN}{NOT_SIGN}]+")
# The letter forms the typography rules replace (fa.arabic_letters, fa.other_letters).
_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ڪ": "ک", "ۍ": "ی", "ې": "ی", "ے": "ی", "ہ": "ه",
                             "ە": "ه", "ھ": "ه", "ۀ": "ه", "ۂ": "ه", "ۃ": "ة"})
# Prefixes and suffixes written joined, with a ZWNJ or after a space: each form is the
# typography rules' business, so each is a known word part here.
FA_PREFIXES = ("نمی", "می", "بی")
FA_SUFFIXES = tuple(sorted("""
ها های هایی هایم هایت هایش هایمان هایتان هایشان ای ام ات اش ایم اید اند ی یی تر ترین تری ترها
ان یان انی انش انم
""".split(), key=len, reverse=True))
_FA_PARTS = frozenset(FA_PREFIXES + FA_SUFFIXES)
# British spellings are not mistakes: a word is known when its American form is
# (colour, centre, realise, analyse, travelled, catalogue, defence).
_BRITISH = tuple((re.compile(a), b) for a, b in (
    (r"our(?=s?$|ed$|ing$|ite|able|ful|less|er)", "or"), (r"is(?=e$|es$|ed$|ing$|ation)", "iz"),
    (r"ys(?=e$|es$|ed$|ing$)", "yz"), (r"tre(?=s?$)", "ter"), (r"ll(?=ed$|ing$|er$|ers$)", "l"),
    (r"ogue(?=s?$)", "og"), (r"ence(?=s?$)", "ense")))
# Units and short forms a word-frequency list lacks.
_EN_EXTRA = frozenset("km kg cm mm ml mg kb mb gb tb hz khz mhz ghz kph mph kw kwh".split())
_FA_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئءؤأ" + ZWNJ
_EN_ALPHABET = "abcdefghijklmnopqrstuvwxyz'"


@dataclass(frozen=True)
class Misspelling:
    """A word not in the dictionary: offsets are characters in its block's text."""

    block: int
    offset: int
    length: int
    word: str
    lang: str


@dataclass(frozen=True)
class Lexicon:
    """One language's known words and how common each is (for ordering suggestions)."""

    lang: str
    words: frozenset[str]
    frequency: dict[str, int]


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The dictionary of `lang`, loaded on first use (~0.3 s each) and kept for the process."""
    # pyspellchecker reads its bundled list when constructed: imported here, not at module
    # load, so that importing the analysis package costs nothing until spelling is used.
    from spellchecker import SpellChecker

    frequency = dict(SpellChecker(language=lang).word_frequency.dictionary)
    if lang == "fa":
        with gzip.open(_DIR / "fa_words.txt.gz", "rt", encoding="utf-8") as handle:
            listed = handle.read().split()
        words = frozenset(listed) | frozenset(normalise(w, "fa") for w in frequency) | PERSIAN_STOP_WORDS | _FA_PARTS
    elif lang == "en":
        words = frozenset(frequency) | ENGLISH_STOP_WORDS | _EN_EXTRA
    else:
        raise ValueError(f"no dictionary for {lang!r}")
    return Lexicon(lang, words, frequency)


def language_of(word: str) -> str | None:
    """"en" or "fa" for a word wholly in one script, else None (not checked)."""
    if _EN_WORD.fullmatch(word):
        return "en"
    if _FA_WORD.fullmatch(word):
        return "fa"
    return None


def normalise(word: str, lang: str) -> str:
    """The form looked up and stored in a writer's dictionary: lower-case English with a plain
    apostrophe; Persian letters, no diacritics or kashida, one ZWNJ for any joiner."""
    if lang == "en":
        return word.replace("\u2019", "'").lower()
    if _GLYPHS.search(word):
        word = unicodedata.normalize("NFKC", word)
    word = _MARKS.sub("", word.translate(_TO_PERSIAN))
    return _JOINERS.sub(ZWNJ, word).strip(ZWNJ)


def _known_fa_part(part: str, words: frozenset[str]) -> bool:
    if part in words:
        return True
    for prefix in FA_PREFIXES:
        if part.startswith(prefix) and len(part) - len(prefix) >= 2 and _known_stem(part[len(prefix):], words):
            return True
    return _known_stem(part, words)


def _known_stem(part: str, words: frozenset[str]) -> bool:
    if part in words:
        return True
    for suffix in FA_SUFFIXES:
        if part.endswith(suffix) and len(part) - len(suffix) >= 2 and part[:-len(suffix)] in words:
            return True
    # «نویسندگان» from «نویسنده»: a silent «ه» becomes «گ» before «ان».
    return part.endswith("گان") and part[:-3] + "ه" in words


def _known_en(word: str, words: frozenset[str]) -> bool:
    word = word.strip("'")
    if word in words:
        return True
    if word.endswith("'s") and word[:-2] in words:
        return True
    if "-" in word:
        return all(_known_en(part, words) for part in word.split("-") if part)
    return any(pattern.search(word) and pattern.sub(american, word, count=1) in words for pattern, american in _BRITISH)


def is_known(word: str, lang: str, personal: frozenset[str] = frozenset()) -> bool:
    """Whether `word` (as written) is spelt right: in the dictionary, the writer's own words,
    or for Persian made of known parts joined by ZWNJ."""
    norm = normalise(word, lang)
    if norm in personal:
        return True
    words = lexicon(lang).words
    if lang == "en":
        return _known_en(norm, words)
    if norm.replace(ZWNJ, "") in words:
        return True
    return all(_known_fa_part(part, words) for part in norm.split(ZWNJ))


def _checked(word: str) -> str | None:
    """The language to check `word` in, or None for what is never checked."""
    if len(word) < 2 or len(word) > MAX_WORD_LENGTH:
        return None
    lang = language_of(word)
    if lang == "en" and word.replace("-", "").replace("'", "").isupper():
        return None  # an acronym: NASA, BBC
    return lang


def check_text(text: str, *, personal: frozenset[str] = frozenset(), block: int = 0) -> list[Misspelling]:
    """Every misspelt word of one block's text, in order."""
    masked, _spans = mask_and_protect(text)
    found: list[Misspelling] = []
    for match in WORD_RE.finditer(masked):
        word = match.group()
        lang = _checked(word)
        if lang is None or is_known(word, lang, personal):
            continue
        found.append(Misspelling(block, match.start(), len(word), word, lang))
    return found


def check_blocks(blocks: list[str], *, personal: frozenset[str] = frozenset()) -> list[Misspelling]:
    """check_text over several blocks; each finding names its block's index in `blocks`."""
    found: list[Misspelling] = []
    for index, text in enumerate(blocks):
        found += check_text(text, personal=personal, block=index)
    return found


def _edits(word: str, alphabet: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1} \
        | {a + c + b[1:] for a, b in splits if b for c in alphabet} | {a + c + b for a, b in splits for c in alphabet}


def suggestions(word: str, *, limit: int = 5) -> list[str]:
    """Up to `limit` known words one edit away (two for short words), commonest first, in the
    word's own capitalisation; [] for a word in neither language."""
    lang = language_of(word)
    if lang is None or len(word) > MAX_WORD_LENGTH:
        return []
    lex = lexicon(lang)
    norm = normalise(word, lang)
    alphabet = _EN_ALPHABET if lang == "en" else _FA_ALPHABET
    first = _edits(norm, alphabet)
    found = {w for w in first if w in lex.words}
    if not found and len(norm) <= 7:
        found = {w2 for w1 in first for w2 in _edits(w1, alphabet) if w2 in lex.words}
    found.discard(norm)
    ranked = sorted(found, key=lambda w: (-lex.frequency.get(w, 1), w))[:limit]
    if lang == "en" and word[:1].isupper():
        ranked = [w[:1].upper() + w[1:] for w in ranked]
    return ranked


def valid_personal_word(word: str) -> str | None:
    """The normalised form of a word a writer may add to their dictionary, or None."""
    word = word.strip()
    lang = language_of(word)
    if lang is None or not 1 < len(word) <= MAX_WORD_LENGTH:
        return None
    return normalise(word, lang) or None


__all__ = ["LANGUAGES", "Lexicon", "Misspelling", "check_blocks", "check_text", "is_known", "language_of", "lexicon",
           "normalise", "suggestions", "valid_personal_word"]
