"""The analysis result: what the worker stores, the API returns and the UI panel shows."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

# Bump when counts, thresholds or checks change meaning, so stored results can be recomputed.
ANALYSIS_VERSION = 2  # 2: ZWNJ runs, soft hyphens and «ق.م.» count once; the Virastar rule families

Language = Literal["fa", "en"]


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"


class Finding(BaseModel):
    """One remark of one check, optionally tied to a span of the original text.

    `message` is a key of ANALYSIS_MESSAGES (formatted with `params`) or plain text.
    With a `replacement`, the finding is a fix: `original` is text[start:end] when it was
    found, so a fix for text that has changed since can be refused.
    """

    check_id: str = ""  # filled in by the registry from the check that produced it
    severity: Severity = Severity.INFO
    message: str
    params: dict[str, int | float | str] = Field(default_factory=dict)
    language: Language | None = None
    span: tuple[int, int] | None = None
    original: str | None = None
    replacement: str | None = None


class CheckSummary(BaseModel):
    check_id: str
    title: str  # message key
    category: str
    languages: tuple[str, ...]
    count: int  # every finding, including those left out of AnalysisResult.findings
    failed: bool = False


class Keyword(BaseModel):
    term: str
    count: int


class TextStatistics(BaseModel):
    words: int
    characters: int  # every character of the paragraphs, spaces included
    characters_no_spaces: int  # without whitespace and invisible joiners/direction marks
    sentences: int
    paragraphs: int
    reading_minutes: float
    speaking_minutes: float
    mean_words_per_sentence: float
    median_words_per_sentence: float
    max_words_per_sentence: int
    long_sentence_threshold: int  # a sentence with more words than this is long
    long_sentences: int
    long_sentence_share: float  # 0..1


class EnglishReadability(BaseModel):
    syllables: int
    letters: int  # letters and digits of the words, as ARI counts them
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    automated_readability_index: float


class LanguageSection(BaseModel):
    language: Language
    statistics: TextStatistics
    # English only: no published Persian formula is implemented (see readability.py).
    readability: EnglishReadability | None = None
    keywords: list[Keyword] = Field(default_factory=list)


class AnalysisResult(BaseModel):
    version: int = ANALYSIS_VERSION
    language: Literal["fa", "en", "mixed"] | None
    sections: dict[str, LanguageSection]
    findings: list[Finding]
    checks: list[CheckSummary]
