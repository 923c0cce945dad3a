"""Hemingway-style marks for English: hard sentences, adverbs and the passive voice."""

from __future__ import annotations

import re
from collections.abc import Iterator

from writers_app.analysis.document import Document, Sentence
from writers_app.analysis.models import Finding, Severity
from writers_app.analysis.readability import sentence_grade
from writers_app.analysis.registry import register_check

# As the Hemingway app marks sentences (its client code, as widely re-implemented): a
# sentence of at least 14 words whose ARI grade, rounded, is 10-13 is hard and 14 or more is
# very hard. Shorter sentences are never marked, however long their words.
HARD_MIN_WORDS = 14
HARD_GRADE = 10
VERY_HARD_GRADE = 14

_LY_WORD = re.compile(r"\b[A-Za-z]+ly\b")
# Words ending in -ly that are not adverbs (adjectives, nouns, verbs), or adverbs so plain
# ("only", "early") that flagging them would be noise.
_NOT_ADVERBS = frozenset("""
only early family reply supply apply holy ugly friendly unfriendly lonely likely unlikely
lovely lively silly jolly holly folly belly jelly bully rally ally tally sally gully
hilly chilly curly burly surly fly july italy lily daily weekly monthly yearly hourly
nightly costly deadly elderly orderly disorderly scholarly cowardly manly
womanly motherly fatherly brotherly sisterly heavenly worldly earthly ghostly ghastly
sickly timely untimely homely comely stately portly wily oily woolly bubbly cuddly
wrinkly prickly crinkly sparkly wobbly drizzly grizzly smelly melancholy anomaly assembly
monopoly butterfly dragonfly firefly comply imply multiply rely
""".split())

_BE = r"(?:am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't)"
# Irregular past participles; regular ones end in -ed.
_IRREGULAR_PARTICIPLES = (
    "arisen awoken beaten become begun bent bet bid bitten blown broken brought built burnt "
    "bought caught chosen clung cut dealt done drawn dreamt driven drunk dug eaten fallen fed "
    "felt fought found fled flung forbidden forgotten forgiven frozen given ground grown hung "
    "heard hidden hit held hurt kept knelt known laid led leant learnt left lent let lit lost "
    "made meant met mislaid misled mistaken paid proven put read rid ridden rung risen run "
    "said seen sought sold sent set sewn shaken shed shone shot shown shrunk shut sung sunk "
    "slain slept slid slung spoken sped spent spilt spun spat split spoilt spread sprung stood "
    "stolen stuck stung stunk struck strung sworn swept swollen swum swung taken taught torn "
    "told thought thrown thrust trodden understood undertaken undone upset woken worn woven "
    "wed wept won wound withdrawn withheld withstood written"
).split()
# -ed words after "be" that are adjectives, or not participles at all.
_NOT_PARTICIPLES = frozenset("""
bed red shed sled wed need seed feed weed breed greed speed deed indeed naked wicked sacred
hundred kindred rugged ragged wretched crooked learned aged beloved blessed dogged jagged
tired interested excited bored worried scared married pleased surprised concerned supposed
ashamed embarrassed annoyed amazed confused exhausted disappointed satisfied frightened
determined engaged used
""".split())
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:(?:not|never|also|always|often|already|still|just|[A-Za-z]+ly)\s+)?"
    rf"([A-Za-z]+ed|{'|'.join(_IRREGULAR_PARTICIPLES)})\b",
    re.IGNORECASE,
)


@register_check("en.hard_sentences", languages=("en",), title="analysis.check.en.hard_sentences",
                category="readability")
def hard_sentences(doc: Document) -> Iterator[Finding]:
    for sentence, grade in _graded_sentences(doc):
        if HARD_GRADE <= grade < VERY_HARD_GRADE:
            yield _sentence_finding(sentence, grade, "analysis.en.hard_sentence", Severity.INFO)


@register_check("en.very_hard_sentences", languages=("en",), title="analysis.check.en.very_hard_sentences",
                category="readability")
def very_hard_sentences(doc: Document) -> Iterator[Finding]:
    for sentence, grade in _graded_sentences(doc):
        if grade >= VERY_HARD_GRADE:
            yield _sentence_finding(sentence, grade, "analysis.en.very_hard_sentence", Severity.WARNING)


@register_check("en.adverbs", languages=("en",), title="analysis.check.en.adverbs")
def adverbs(doc: Document) -> Iterator[Finding]:
    for paragraph in doc.paragraphs_in("en"):
        for match in _LY_WORD.finditer(doc.masked, paragraph.start, paragraph.end):
            if match.group().lower() not in _NOT_ADVERBS:
                yield Finding(message="analysis.en.adverb", params={"word": match.group()}, language="en",
                              span=match.span())


@register_check("en.passive_voice", languages=("en",), title="analysis.check.en.passive_voice")
def passive_voice(doc: Document) -> Iterator[Finding]:
    for paragraph in doc.paragraphs_in("en"):
        for match in _PASSIVE.finditer(doc.masked, paragraph.start, paragraph.end):
            if match.group(1).lower() not in _NOT_PARTICIPLES:
                yield Finding(message="analysis.en.passive", params={"phrase": match.group()}, language="en",
                              span=match.span())


def _graded_sentences(doc: Document) -> Iterator[tuple[Sentence, int]]:
    for sentence in doc.sentences_in("en"):
        if len(sentence.words) >= HARD_MIN_WORDS:
            yield sentence, sentence_grade(sentence.words)


def _sentence_finding(sentence: Sentence, grade: int, message: str, severity: Severity) -> Finding:
    return Finding(message=message, severity=severity, language="en", span=(sentence.start, sentence.end),
                   params={"words": len(sentence.words), "grade": grade})
