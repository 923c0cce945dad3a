"""analyse_text: one document in, one AnalysisResult out; pure computation, no I/O."""

from __future__ import annotations

import logging

import writers_app.analysis.checks  # noqa: F401  (registers the built-in checks)
from writers_app.analysis.document import Document
from writers_app.analysis.keywords import top_keywords
from writers_app.analysis.models import (
    AnalysisResult,
    CheckSummary,
    Finding,
    LanguageSection,
)
from writers_app.analysis.options import TypographyOptions
from writers_app.analysis.readability import english_readability
from writers_app.analysis.registry import registered_checks, run_check
from writers_app.analysis.statistics import language_statistics

log = logging.getLogger(__name__)

# A novel can have tens of thousands of adverbs: the result keeps the first findings of each
# check for the panel, and CheckSummary.count keeps the true total.
MAX_FINDINGS_PER_CHECK = 500


def detect_language(text: str) -> str | None:
    """"fa", "en", "mixed" (paragraphs of both), or None for a text without words."""
    return _document_language(Document.from_text(text))


def analyse_text(text: str, options: TypographyOptions | None = None) -> AnalysisResult:
    doc = Document.from_text(text, options)
    sections = {language: _section(doc, language) for language in doc.languages}
    findings: list[Finding] = []
    summaries: list[CheckSummary] = []
    for check in registered_checks():
        failed = False
        try:
            kept, count = run_check(check, doc, keep=MAX_FINDINGS_PER_CHECK)
        except Exception:  # one faulty check must not cost the writer the whole analysis
            log.exception("analysis check %s failed", check.id)
            kept, count, failed = [], 0, True
        findings += kept
        summaries.append(CheckSummary(check_id=check.id, title=check.title, category=check.category,
                                      languages=check.languages, count=count, failed=failed))
    return AnalysisResult(language=_document_language(doc), sections=sections, findings=findings,
                          checks=summaries)


def _section(doc: Document, language: str) -> LanguageSection:
    return LanguageSection(
        language=language,
        statistics=language_statistics(doc, language),
        readability=english_readability(doc) if language == "en" else None,
        keywords=top_keywords(doc, language),
    )


def _document_language(doc: Document) -> str | None:
    languages = doc.languages
    if len(languages) > 1:
        return "mixed"
    return languages[0] if languages else None
