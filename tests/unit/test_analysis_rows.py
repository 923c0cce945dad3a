"""The analysis panel's rows come from one pure function: statistics, notes, fixes and
highlights, each pointing at the right block and offset of the editor's text."""

from writers_app.pages.editor import analysis_rows
from writers_app.pages.editor.analysis_rows import display_rows

BLOCKS = ["First block here.", "", "Second block, with a very long sentence."]
TEXT = "First block here.\n\nSecond block, with a very long sentence."  # blocks joined by a blank line
SECOND = TEXT.index("Second")


def _stats(**over):
    stats = {"words": 10, "sentences": 2, "paragraphs": 2, "reading_minutes": 1, "speaking_minutes": 1,
             "mean_words_per_sentence": 5, "long_sentence_share": 0.5}
    return {**stats, **over}


def _result(*findings, readability=None):
    return {"sections": {"en": {"statistics": _stats(), "readability": readability,
                                "keywords": [{"term": f"k{i}"} for i in range(10)]}},
            "findings": list(findings)}


def _finding(check, span, message="A note", **extra):
    return {"check_id": check, "span": span, "message": message, "params": {}, **extra}


def test_statistics_rows_start_with_a_heading_per_language():
    shown = display_rows(_result(readability={"flesch_reading_ease": 60, "flesch_kincaid_grade": 8,
                                              "automated_readability_index": 9}), text=TEXT, block_texts=BLOCKS,
                         stale=False)
    assert shown.stats[0].heading and shown.stats[0].key == "lang.en"
    values = {row.key: row.value for row in shown.stats[1:]}
    assert values["analysis.ui.words"] == "10" and values["analysis.ui.long_share"] == "50"
    assert values["analysis.ui.flesch"] == "60"
    assert values["analysis.ui.keywords"] == "، ".join(f"k{i}" for i in range(8))  # the first eight only
    assert not any(row.heading for row in shown.stats[1:])


def test_without_readability_there_are_no_readability_rows():
    keys = [row.key for row in display_rows(_result(), text=TEXT, block_texts=BLOCKS, stale=False).stats]
    assert "analysis.ui.flesch" not in keys and "analysis.ui.words" in keys


def test_a_highlight_points_into_its_block_past_empty_blocks():
    start = TEXT.index("very long")
    shown = display_rows(_result(_finding("en.hard_sentences", [start, start + 9])), text=TEXT, block_texts=BLOCKS,
                         stale=False)
    assert shown.highlights == [{"block": 2, "offset": start - SECOND, "length": 9, "kind": "hard",
                                 "text": "very long"}]
    assert shown.findings[0].snippet == "very long" and shown.findings[0].en == "A note"


def test_a_fix_shows_whole_words_and_targets_its_block():
    start = TEXT.index("block here")
    fix = _finding("fa.spacing", [start, start + 5], original="block", replacement="BLOCK")
    shown = display_rows(_result(fix), text=TEXT, block_texts=BLOCKS, stale=False)
    # after a space, the word before is shown too: the fix reads in its context
    assert [(f.index, f.original, f.replacement) for f in shown.fixes] == [(0, "First block", "First BLOCK")]
    assert shown.targets == [{"block": 0, "offset": start, "original": "block", "replacement": "BLOCK"}]
    assert shown.findings == []  # a fix is not also listed as a note


def test_a_stale_result_keeps_its_notes_but_points_at_nothing():
    start = TEXT.index("very long")
    shown = display_rows(_result(_finding("en.hard_sentences", [start, start + 9]),
                                 _finding("fa.spacing", [0, 5], original="First", replacement="FIRST")),
                         text=TEXT, block_texts=BLOCKS, stale=True)
    assert shown.highlights == [] and shown.fixes == [] and shown.targets == []
    assert [(f.check, f.snippet) for f in shown.findings] == [("en.hard_sentences", ""), ("fa.spacing", "")]


def test_notes_and_highlights_are_capped():
    many = [_finding("en.adverbs", [0, 5]) for _ in range(analysis_rows.MAX_HIGHLIGHTS + 10)]
    shown = display_rows(_result(*many), text=TEXT, block_texts=BLOCKS, stale=False)
    assert len(shown.highlights) == analysis_rows.MAX_HIGHLIGHTS
    assert len(shown.findings) == analysis_rows.MAX_FINDINGS


def test_the_panel_shaping_imports_no_reflex():
    import subprocess
    import sys

    code = "import sys, writers_app.pages.editor.analysis_rows; assert 'reflex' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_findings_carry_their_checks_title_in_both_languages_and_the_first_of_each_says_so():
    result = _result(_finding("en.adverbs", [0, 5]), _finding("en.adverbs", [6, 11]), _finding("en.gone", [0, 5]),
                     _finding("style.long_sentences", [0, 5]))
    result["checks"] = [{"check_id": "en.adverbs", "title": "analysis.check.en.adverbs"},
                        {"check_id": "en.gone", "title": "analysis.check.en.gone"},  # a check since removed
                        {"check_id": "style.long_sentences", "title": "analysis.check.style.long_sentences"}]
    rows = display_rows(result, text=TEXT, block_texts=BLOCKS, stale=False).findings
    assert [(r.title_en, r.title_fa, r.first) for r in rows] == [
        ("Adverbs", "قیدها", True), ("Adverbs", "قیدها", False), ("en.gone", "en.gone", True),
        ("Sentence length", "درازی جمله‌ها", True)]


def test_the_panel_shows_the_title_above_a_checks_first_finding():
    import reflex as rx

    from writers_app.pages.editor.analysis_panel import AnalysisState, _finding

    drawn = str(rx.foreach(AnalysisState.findings, _finding).render())
    assert "check-title" in drawn and "title_fa" in drawn and "title_en" in drawn and '["first"]' in drawn
