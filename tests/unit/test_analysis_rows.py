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
    assert values["analysis.ui.keywords"] == ", ".join(f"k{i}" for i in range(8))  # the first eight only
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
    assert shown.findings[0].snippet == "very long" and shown.findings[0].notes[0].en == "A note"


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
    assert [(f.check, f.snippet) for f in shown.findings] == [("fa.spacing", ""), ("en.hard_sentences", "")]  # text order


def test_notes_and_highlights_are_capped():
    many = [_finding("en.adverbs", [i % 30, i % 30 + 1 + i // 30]) for i in range(analysis_rows.MAX_HIGHLIGHTS + 10)]
    shown = display_rows(_result(*many), text=TEXT, block_texts=BLOCKS, stale=False)
    assert len(shown.highlights) == analysis_rows.MAX_HIGHLIGHTS
    assert len(shown.findings) == analysis_rows.MAX_FINDINGS


def test_the_panel_shaping_imports_no_reflex():
    import subprocess
    import sys

    code = "import sys, writers_app.pages.editor.analysis_rows; assert 'reflex' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_findings_carry_their_checks_title_in_both_languages():
    result = _result(_finding("en.adverbs", [0, 5]), _finding("en.adverbs", [6, 11]), _finding("en.gone", [12, 16]),
                     _finding("style.long_sentences", [19, 25]))
    result["checks"] = [{"check_id": "en.adverbs", "title": "analysis.check.en.adverbs"},
                        {"check_id": "en.gone", "title": "analysis.check.en.gone"},  # a check since removed
                        {"check_id": "style.long_sentences", "title": "analysis.check.style.long_sentences"}]
    rows = display_rows(result, text=TEXT, block_texts=BLOCKS, stale=False).findings
    assert [(n.title_en, n.title_fa) for r in rows for n in r.notes] == [
        ("Adverbs", "قیدها"), ("Adverbs", "قیدها"), ("en.gone", "en.gone"), ("Sentence length", "درازی جمله‌ها")]


def test_two_notes_on_one_sentence_are_one_entry_in_reading_order():
    start = TEXT.index("Second")
    result = _result(_finding("en.hard_sentences", [start, len(TEXT)], message="Hard"),
                     _finding("en.adverbs", [0, 5], message="Adverb"),
                     _finding("style.long_sentences", [start, len(TEXT)], message="Long"),
                     _finding("style.long_sentences", [start, len(TEXT)], message="Long"))  # the same note twice
    for stale in (False, True):
        rows = display_rows(result, text=TEXT, block_texts=BLOCKS, stale=stale).findings
        assert [[n.en for n in r.notes] for r in rows] == [["Adverb"], ["Hard", "Long"]]


def test_reading_time_reads_as_a_writer_says_it():
    assert analysis_rows.duration(0.07) == ("analysis.ui.under_minute", 0, 0)
    assert analysis_rows.duration(2.6) == ("analysis.ui.minutes", 0, 3)
    assert analysis_rows.duration(125.2) == ("analysis.ui.hours_minutes", 2, 5)
    result = _result()
    result["sections"]["en"]["statistics"]["reading_minutes"] = 0.07
    rows = {r.key: r for r in display_rows(result, text=TEXT, block_texts=BLOCKS, stale=False).stats}
    assert rows["analysis.ui.reading_time"].value_key == "analysis.ui.under_minute"
    assert rows["analysis.ui.speaking_time"].value_key == "analysis.ui.minutes"
    assert rows["analysis.ui.speaking_time"].value == "1"


def test_no_keywords_means_no_keywords_row_and_figures_are_rounded():
    result = _result()
    result["sections"]["en"]["keywords"] = []
    result["sections"]["en"]["statistics"]["mean_words_per_sentence"] = 2.5714
    rows = {r.key: r.value for r in display_rows(result, text=TEXT, block_texts=BLOCKS, stale=False).stats}
    assert "analysis.ui.keywords" not in rows and rows["analysis.ui.mean_sentence"] == "2.6"
    result["sections"]["en"]["statistics"]["sentences"] = 0  # nothing but headings: no per-sentence rows
    rows = {r.key: r.value for r in display_rows(result, text=TEXT, block_texts=BLOCKS, stale=False).stats}
    assert "analysis.ui.mean_sentence" not in rows and "analysis.ui.long_share" not in rows


def test_the_panel_shows_each_notes_title_and_isolates_fix_sides():
    import reflex as rx

    from writers_app.pages.editor.analysis_panel import AnalysisState, _finding, _fix

    drawn = str(rx.foreach(AnalysisState.findings, _finding).render())
    assert "check-title" in drawn and "title_fa" in drawn and "title_en" in drawn and "notes" in drawn
    fixes = str(rx.foreach(AnalysisState.fixes, _fix).render())
    assert "bdi" in fixes and "zwnj-mark" in fixes and "del" not in fixes.replace("delay", "")
