"""Yoast-style checks for both languages: long paragraphs, long sentences, repeated beginnings."""

from __future__ import annotations

from collections.abc import Iterator

from writers_app.analysis.document import LANGUAGES, Document, Sentence
from writers_app.analysis.models import Finding, Severity
from writers_app.analysis.registry import register_check
from writers_app.analysis.statistics import LONG_SENTENCE_SHARE_LIMIT, LONG_SENTENCE_WORDS

LONG_PARAGRAPH_WORDS = 150  # Yoast's recommended maximum paragraph length
REPEATED_BEGINNINGS = 3  # Yoast flags three or more consecutive sentences opening alike

# Openers too common to count alone: "The cat ..." and "The dog ..." begin differently.
_WEAK_OPENERS = {
    "en": frozenset({"the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her",
                     "its", "our", "their", "one", "two", "three"}),
    "fa": frozenset({"این", "آن", "یک", "همین", "همان", "هر"}),
}


@register_check("style.long_paragraphs", title="analysis.check.style.long_paragraphs")
def long_paragraphs(doc: Document) -> Iterator[Finding]:
    for paragraph in doc.paragraphs:
        words = paragraph.word_count
        if paragraph.language and words > LONG_PARAGRAPH_WORDS:
            yield Finding(message="analysis.style.long_paragraph", severity=Severity.WARNING,
                          language=paragraph.language, span=(paragraph.start, paragraph.end),
                          params={"words": words, "limit": LONG_PARAGRAPH_WORDS})


@register_check("style.long_sentences", title="analysis.check.style.long_sentences")
def long_sentences(doc: Document) -> Iterator[Finding]:
    """Silent while at most 25% of a language's sentences are long; past that, one warning for
    the language and a mark on each long sentence, which is what the writer has to shorten."""
    for language in doc.languages:
        limit = LONG_SENTENCE_WORDS[language]
        total = long = 0
        for sentence in doc.sentences_in(language):
            total += 1
            long += len(sentence.words) > limit
        if not total or long / total <= LONG_SENTENCE_SHARE_LIMIT:
            continue
        yield Finding(message="analysis.style.long_sentence_share", severity=Severity.WARNING, language=language,
                      params={"percent": round(100 * long / total), "limit": limit,
                              "max_percent": round(100 * LONG_SENTENCE_SHARE_LIMIT)})
        for sentence in doc.sentences_in(language):
            if len(sentence.words) > limit:
                yield Finding(message="analysis.style.long_sentence", language=language,
                              span=(sentence.start, sentence.end), params={"words": len(sentence.words)})


@register_check("style.repeated_beginnings", title="analysis.check.style.repeated_beginnings")
def repeated_beginnings(doc: Document) -> list[Finding]:
    findings = []
    for language in LANGUAGES:
        run: list[Sentence] = []
        run_opener = None
        # Sentences of the other language in between break a run: they are not consecutive.
        for paragraph in doc.paragraphs:
            if paragraph.language != language:
                findings.extend(_run_finding(run, run_opener, language))
                run, run_opener = [], None
                continue
            for sentence in paragraph.sentences:
                opener = _opener(sentence, language)
                if opener != run_opener:
                    findings.extend(_run_finding(run, run_opener, language))
                    run, run_opener = [], opener
                run.append(sentence)
        findings.extend(_run_finding(run, run_opener, language))
    return findings


def _opener(sentence: Sentence, language: str) -> str:
    words = [word.lower() for word in sentence.words[:2]]
    return " ".join(words) if words[0] in _WEAK_OPENERS[language] else words[0]


def _run_finding(run: list[Sentence], opener: str | None, language: str) -> list[Finding]:
    if len(run) < REPEATED_BEGINNINGS or opener is None:
        return []
    return [Finding(message="analysis.style.repeated_beginning", language=language,
                    span=(run[0].start, run[-1].end), params={"count": len(run), "word": opener})]
