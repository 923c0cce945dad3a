"""Counts per language: words, characters, sentences, paragraphs, sentence lengths and times."""

from __future__ import annotations

import re
from collections import Counter

from writers_app.analysis.document import Document, Paragraph
from writers_app.analysis.models import TextStatistics

# Silent reading: 238 wpm is the mean for English non-fiction in Brysbaert, M. (2019), "How
# many words do we read per minute? A review and meta-analysis of reading rate", Journal of
# Memory and Language 109, 104047. Persian: 200 wpm is our convention, not a measured
# figure (we know of no comparable meta-analysis); unvowelled script and ZWNJ compounds make
# Persian words slower to read than English ones.
READING_WPM = {"en": 238, "fa": 200}
# Speaking: 150 wpm is the usual convention for presentations and narration in English;
# 130 wpm for Persian is our convention, scaled from it. Neither is a measured figure.
SPEAKING_WPM = {"en": 150, "fa": 130}

# A sentence with more words than this is long. English: 20, Yoast SEO's default
# recommendation. Persian: 25, Yoast SEO's Persian configuration
# (yoastseo languageProcessing/languages/fa/config/sentenceLength.js); Persian sentences run
# longer (compound verbs such as «انجام دادن» are two words, and clitics are written apart).
LONG_SENTENCE_WORDS = {"en": 20, "fa": 25}
# Yoast flags a text when more than 25% of its sentences are long.
LONG_SENTENCE_SHARE_LIMIT = 0.25

# A paragraph that does not end a sentence (no full stop, question or exclamation mark, ellipsis)
# and has at most this many words is a title, a heading or a list item: its words count, but it
# is not a sentence, or a list of ten one-word items would make "2.5 words per sentence".
FRAGMENT_WORDS = 15
_SENTENCE_END = re.compile(r"[.!?\u061f\u2026\u06d4][\s\"'»”’)\]]*$")

# Whitespace plus invisible joiners and direction marks (ZWNJ, ZWJ, LRM, RLM): not characters
# a reader sees.
_INVISIBLE_RUN = re.compile(r"[\s\u200b-\u200f]+")


def language_statistics(doc: Document, language: str) -> TextStatistics:
    paragraphs = doc.paragraphs_in(language)
    every = [len(s.words) for p in paragraphs for s in p.sentences]
    words = sum(every)
    lengths = [len(s.words) for p in paragraphs if not is_fragment(doc, p) for s in p.sentences]
    characters = sum(p.end - p.start for p in paragraphs)
    invisible = sum(sum(map(len, _INVISIBLE_RUN.findall(doc.text, p.start, p.end))) for p in paragraphs)
    threshold = LONG_SENTENCE_WORDS[language]
    long_sentences = sum(1 for length in lengths if length > threshold)
    return TextStatistics(
        words=words,
        characters=characters,
        characters_no_spaces=characters - invisible,
        sentences=len(lengths),
        paragraphs=len(paragraphs),
        reading_minutes=round(words / READING_WPM[language], 2),
        speaking_minutes=round(words / SPEAKING_WPM[language], 2),
        mean_words_per_sentence=round(sum(lengths) / len(lengths), 2) if lengths else 0.0,
        median_words_per_sentence=_median(lengths),
        max_words_per_sentence=max(lengths, default=0),
        long_sentence_threshold=threshold,
        long_sentences=long_sentences,
        long_sentence_share=round(long_sentences / len(lengths), 4) if lengths else 0.0,
    )


def is_fragment(doc: Document, paragraph: Paragraph) -> bool:
    """A heading, title or list item rather than a sentence (see FRAGMENT_WORDS)."""
    if len(paragraph.sentences) != 1 or len(paragraph.sentences[0].words) > FRAGMENT_WORDS:
        return False
    return _SENTENCE_END.search(doc.text, paragraph.start, paragraph.end) is None


def _median(values: list[int]) -> float:
    """Median of small non-negative integers by counting: linear, unlike sorting."""
    if not values:
        return 0.0
    counts = Counter(values)
    middle_low, middle_high = (len(values) - 1) // 2, len(values) // 2
    low = high = None
    seen = 0
    for value in sorted(counts):  # distinct sentence lengths: a few hundred at most
        seen += counts[value]
        if low is None and seen > middle_low:
            low = value
        if seen > middle_high:
            high = value
            break
    return (low + high) / 2
