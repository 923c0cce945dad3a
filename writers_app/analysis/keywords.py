"""Keywords: a language's most frequent words once stop words and spelling variants are set aside."""

from __future__ import annotations

import re
from collections import Counter

from writers_app.analysis.document import Document
from writers_app.analysis.models import Keyword
from writers_app.analysis.stopwords import ENGLISH_STOP_WORDS, PERSIAN_STOP_WORDS
from writers_app.analysis.text import KASHIDA, MASK_CHAR, ZWNJ

TOP_KEYWORDS = 10
MIN_OCCURRENCES = 2  # a word met once says nothing about what a text is about

_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه"})
_DIACRITICS = re.compile(f"[\u064B-\u065F\u0670{KASHIDA}]")
# Written after a ZWNJ, these are inflections of the word before it: «کتاب‌ها», «خانه‌ام».
_PERSIAN_SUFFIXES = frozenset({
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "ای", "ام", "ات",
    "اش", "ایم", "اید", "اند", "ی", "تر", "ترین", "مان", "تان", "شان",
})
_DIGIT = re.compile(r"\d")


def normalise_persian(word: str) -> str:
    word = _DIACRITICS.sub("", word.translate(_ARABIC_TO_PERSIAN))
    stem, _, suffix = word.rpartition(ZWNJ)
    return stem if stem and suffix in _PERSIAN_SUFFIXES else word


def normalise_english(word: str) -> str:
    word = word.lower().replace("\u2019", "'")
    return word[:-2] if word.endswith("'s") else word


_PERSIAN_STOPS = frozenset(normalise_persian(word) for word in PERSIAN_STOP_WORDS)


def top_keywords(doc: Document, language: str, limit: int = TOP_KEYWORDS) -> list[Keyword]:
    raw: Counter[str] = Counter()
    for sentence in doc.sentences_in(language):
        raw.update(sentence.words)
    # Normalise each distinct word once, not every occurrence: linear in the vocabulary.
    if language == "fa":
        normalise, stops = normalise_persian, _PERSIAN_STOPS
    else:
        normalise, stops = normalise_english, ENGLISH_STOP_WORDS
    terms: Counter[str] = Counter()
    for word, count in raw.items():
        term = normalise(word)
        if len(term) > 1 and term not in stops and MASK_CHAR not in term and not _DIGIT.search(term):
            terms[term] += count
    if language == "en":
        _fold_plurals(terms)
    ranked = sorted(terms.items(), key=lambda item: (-item[1], item[0]))
    return [Keyword(term=term, count=count) for term, count in ranked[:limit] if count >= MIN_OCCURRENCES]


def _fold_plurals(terms: Counter[str]) -> None:
    """Count "chapters" as "chapter", but only when the text also uses "chapter": so "news",
    "series" or "always" are never cut to a word the writer did not use."""
    for term in [t for t in terms if t.endswith("s") and len(t) > 3]:
        for singular in (term[:-1], term[:-2] if term.endswith("es") else None,
                         term[:-3] + "y" if term.endswith("ies") else None):
            if singular and singular in terms:
                terms[singular] += terms.pop(term)
                break
