"""Content analysis of Persian and English writing: statistics, readability, style checks,
keywords and Persian typography fixes. Pure Python: no Reflex, no database.

    result = analyse_text(text)          # AnalysisResult; result.model_dump() is JSON-ready
    fixed = fix_all(text)                # every Persian typography fix applied
    fixed = apply_fixes(text, chosen)    # only the fixes the writer picked
    fixed = fix_all(text, TypographyOptions(heh_yeh="yeh", disabled=frozenset({"fa.dashes"})))

Typography rules run on Persian paragraphs (and, in a mostly Persian document, on those with
no letters at all); code, URLs, e-mail addresses, HTML markup and entities, Markdown link
targets and placeholders are never touched (text.protected_spans).

New checks: see registry.register_check.
"""

from writers_app.analysis.document import Document, Paragraph, Sentence
from writers_app.analysis.engine import analyse_text, detect_language
from writers_app.analysis.fixes import apply_fixes, fix_all, typography_fixes
from writers_app.analysis.messages import ANALYSIS_MESSAGES, describe
from writers_app.analysis.models import (
    ANALYSIS_VERSION,
    AnalysisResult,
    CheckSummary,
    EnglishReadability,
    Finding,
    Keyword,
    LanguageSection,
    Severity,
    TextStatistics,
)
from writers_app.analysis.options import DEFAULT_OPTIONS, TypographyOptions
from writers_app.analysis.registry import register_check, registered_checks, unregister_check
from writers_app.analysis.text import count_words

__all__ = [
    "ANALYSIS_MESSAGES", "ANALYSIS_VERSION", "AnalysisResult", "CheckSummary", "Document",
    "EnglishReadability", "Finding", "Keyword", "LanguageSection", "Paragraph", "Sentence",
    "Severity", "TextStatistics", "TypographyOptions", "DEFAULT_OPTIONS", "analyse_text", "apply_fixes", "count_words", "describe",
    "detect_language", "fix_all", "register_check", "registered_checks", "typography_fixes",
    "unregister_check",
]
