"""English readability: syllable counting and the Flesch, Flesch-Kincaid and ARI formulas.

Syllables come from a rule-based counter written here (no dependency): vowel groups, then
the usual English corrections (silent final e, -ed, -es, syllabic -le, vowel pairs said as two
syllables), then a small table of words the rules get wrong. Like every rule-based counter it
is off for some words; the formulas are averages over many words and tolerate that.

Persian: no readability formula is computed. Flesch adaptations for Persian exist (the one
usually cited is Dayani's, from the late 1970s), but we could not check the exact
coefficients against the original publication, and they need syllable counts that unvowelled
Persian script does not show (short vowels are not written). Rather than invent numbers,
Persian sections report sentence-length measures only (statistics.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from writers_app.analysis.document import Document
from writers_app.analysis.models import EnglishReadability

_NOT_LETTER = re.compile(r"[^a-z]")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Vowel pairs usually said as two syllables ("me-di-a", "pi-a-no", "ac-tu-al", "ra-di-o"),
# except after the consonants that merge them into one ("spe-cial", "na-tion", "re-gion").
_TWO_SYLLABLE_PAIR = re.compile(r"(?<![ctsx])ia|(?<![ctsxgln])io|(?<![qg])ua")
_SILENT_E_BEFORE_SUFFIX = re.compile(r"[^aeiouyl]e(?:ly|ment|ful|ness|less)$")
_VOWELS = frozenset("aeiouy")
# First halves of compounds whose final e is silent: "some-thing", "there-fore", "life-time".
_SILENT_E_COMPOUND = re.compile(
    r"^(?:some|there|where|here|home|time|like|life|base|fire|stone|whole|name)(?=[^aeiouy])"
)
_SUFFIXES_AFTER_SILENT_E = ("ly", "ment", "ful", "ness", "less")

# Words the rules above count wrongly, with their dictionary syllable counts.
_SYLLABLE_OVERRIDES = {
    "area": 3, "idea": 3, "ideas": 3, "ideal": 3, "react": 2, "reaction": 3, "create": 2,
    "created": 3, "creates": 2, "creating": 3, "creation": 3, "creative": 3, "creator": 3,
    "theater": 3, "theatre": 3, "reality": 4, "people": 2, "peoples": 2, "recipe": 3,
    "science": 2, "scientist": 3, "scientists": 3, "scientific": 4, "client": 2, "clients": 2,
    "quiet": 2, "quietly": 3, "diet": 2, "society": 4, "variety": 4, "anxiety": 4,
    "experience": 4, "experienced": 4, "audience": 3, "being": 2, "ratio": 3, "lion": 2,
    "lions": 2, "via": 2, "poem": 2, "poems": 2, "poet": 2, "poetry": 3, "every": 2,
    "everyone": 3, "everything": 3, "business": 2, "family": 3, "different": 3, "evening": 2,
    "interest": 3, "interesting": 4, "several": 3, "general": 3, "chocolate": 3, "camera": 3,
    "cement": 2, "element": 3, "elements": 3, "implement": 3, "supplement": 3, "complement": 3,
    "increment": 3, "vehement": 3, "naive": 2, "cafe": 2, "simile": 3, "apostrophe": 4,
    "catastrophe": 4, "karate": 3, "sesame": 3, "coyote": 3, "acne": 2, "epitome": 4,
    "hyperbole": 4, "wednesday": 2, "fire": 1, "hour": 1, "hours": 1, "our": 1, "wherever": 3,
}


@lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Syllables of one English word; 1 for a token without letters (a number, a masked URL)."""
    letters = _NOT_LETTER.sub("", word.lower())
    if not letters:
        return 1
    if letters in _SYLLABLE_OVERRIDES:
        return _SYLLABLE_OVERRIDES[letters]
    if len(letters) <= 3:
        return 1
    # A leading y is a consonant ("yes", "yellow").
    body = letters[1:] if letters[0] == "y" else letters
    count = len(_VOWEL_GROUP.findall(body))
    count += len(_TWO_SYLLABLE_PAIR.findall(letters))
    count -= _silent_endings(letters)
    compound = _SILENT_E_COMPOUND.match(letters)
    if compound and len(letters) - compound.end() >= 3 and not letters.endswith(_SUFFIXES_AFTER_SILENT_E):
        count -= 1
    if letters.endswith("ism"):
        count += 1  # "tour-is-m" is said "tour-iz-um"
    return max(count, 1)


def _silent_endings(word: str) -> int:
    """1 when the word ends in a vowel group that is not pronounced, else 0."""
    last, before, third = word[-1], word[-2], word[-3]
    if last == "e" and before not in _VOWELS:
        # "ta-ble", "lit-tle": a consonant + "le" is its own syllable; "whale" is not.
        return 0 if before == "l" and third not in _VOWELS else 1
    if word.endswith("es") and third not in _VOWELS:
        if word.endswith(("ses", "xes", "zes", "ces", "ges", "ches", "shes")):
            return 0  # "box-es", "pag-es", "wish-es"
        return 0 if third == "l" and word[-4] not in _VOWELS else 1
    if word.endswith("ed") and third not in _VOWELS:
        return 0 if third in "td" else 1  # "want-ed" but "walked"
    if _SILENT_E_BEFORE_SUFFIX.search(word):
        return 1  # "lone-ly", "move-ment", "hope-ful"
    return 0


def english_readability(doc: Document) -> EnglishReadability | None:
    """The three formulas over every English sentence, or None without English sentences."""
    words = sentences = letters = 0
    word_counts: Counter[str] = Counter()
    for sentence in doc.sentences_in("en"):
        sentences += 1
        words += len(sentence.words)
        letters += letter_count(sentence.words)
        word_counts.update(sentence.words)
    if not words:
        return None
    syllables = sum(count * count_syllables(word) for word, count in word_counts.items())
    words_per_sentence = words / sentences
    syllables_per_word = syllables / words
    return EnglishReadability(
        syllables=syllables,
        letters=letters,
        # Flesch (1948); Kincaid, Fishburne, Rogers & Chissom (1975), CNTECHTRA Research
        # Branch Report 8-75; Senter & Smith (1967), the Automated Readability Index.
        flesch_reading_ease=round(206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word, 2),
        flesch_kincaid_grade=round(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59, 2),
        automated_readability_index=round(4.71 * letters / words + 0.5 * words_per_sentence - 21.43, 2),
    )


_NOT_LETTERS = str.maketrans(dict.fromkeys("'\u2019-_\u200c"))


def letter_count(words: Sequence[str]) -> int:
    """Letters and digits of the words: joiners, apostrophes, hyphens and mask marks left out."""
    return len("".join(words).translate(_NOT_LETTERS))


def sentence_grade(words: Sequence[str]) -> int:
    """ARI of one sentence, rounded half up, as the Hemingway app grades sentences."""
    return math.floor(4.71 * letter_count(words) / len(words) + 0.5 * len(words) - 21.43 + 0.5)
