"""analyse_text as a whole: the result model, the check registry, keywords and messages."""

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from writers_app.analysis import (
    ANALYSIS_MESSAGES,
    ANALYSIS_VERSION,
    AnalysisResult,
    Document,
    Finding,
    analyse_text,
    describe,
    fix_all,
    register_check,
    registered_checks,
    typography_fixes,
    unregister_check,
)

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "writers_app" / "analysis"
MIXED = ("من می خواهم كتاب ها را بخوانم. او هم کتاب می‌خواند.\n\n"
         "The report was written quickly. It is really good!")


def test_mixed_text_gets_both_sections_and_findings_of_both_languages():
    result = analyse_text(MIXED)
    assert result.version == ANALYSIS_VERSION
    assert result.language == "mixed"
    assert set(result.sections) == {"fa", "en"}
    # «من می خواهم كتاب ها را بخوانم.» counts 7 words (the typos split them); «او هم کتاب می‌خواند.» 4
    assert result.sections["fa"].statistics.words == 11
    assert result.sections["en"].statistics.words == 9  # 5 + 4
    languages = {f.language for f in result.findings}
    assert {"fa", "en"} <= languages


def test_result_is_json_and_round_trips():
    result = analyse_text(MIXED)
    payload = json.loads(json.dumps(result.model_dump(mode="json")))
    assert payload["version"] == ANALYSIS_VERSION
    assert AnalysisResult.model_validate(payload) == result


def test_empty_text():
    result = analyse_text("")
    assert (result.language, result.sections, result.findings) == (None, {}, [])
    assert all(summary.count == 0 for summary in result.checks)


def test_a_newly_registered_check_appears_in_the_output():
    @register_check("test.exclamations", languages=("en",),
                    title=("Too many exclamation marks", "علامت تعجب زیاد"))
    def exclamations(doc: Document) -> list[Finding]:
        return [Finding(message="Too many!", span=(m.start(), m.end()))
                for m in re.finditer("!{2,}", doc.masked)]

    try:
        result = analyse_text("Wow!! Great!!! Fine!")
        # "Wow" 0-2, "!!" 3-4, " " 5, "Great" 6-10, "!!!" 11-13
        assert [f.span for f in result.findings if f.check_id == "test.exclamations"] == [(3, 5), (11, 14)]
        summary = next(s for s in result.checks if s.check_id == "test.exclamations")
        assert summary.count == 2
        assert ANALYSIS_MESSAGES[summary.title] == ("Too many exclamation marks", "علامت تعجب زیاد")
        # The check is for English only: a Persian text does not run it.
        assert not [f for f in analyse_text("عالی!! بود").findings if f.check_id == "test.exclamations"]
    finally:
        unregister_check("test.exclamations")
    assert "test.exclamations" not in {c.id for c in registered_checks()}


def test_a_registered_typography_check_is_used_by_fix_all():
    @register_check("test.persian_percent", languages=("fa",), title=("Percent sign", "نشانهٔ درصد"),
                    category="typography")
    def persian_percent(doc: Document) -> list[Finding]:
        return [Finding(message="use ٪", span=(m.start(), m.end()), original="%", replacement="٪")
                for m in re.finditer("%", doc.masked)]

    try:
        assert fix_all("۵۰% کتاب‌ها") == "۵۰٪ کتاب‌ها"
    finally:
        unregister_check("test.persian_percent")


def test_a_failing_check_does_not_spoil_the_analysis():
    @register_check("test.broken", title=("Broken", "خراب"))
    def broken(doc: Document) -> list[Finding]:
        raise RuntimeError("bug in a plugin")

    try:
        result = analyse_text("The report was written quickly.")
        assert next(s for s in result.checks if s.check_id == "test.broken").failed
        assert any(f.check_id == "en.passive_voice" for f in result.findings)
    finally:
        unregister_check("test.broken")


def test_check_ids_are_unique():
    with pytest.raises(ValueError):
        register_check("en.adverbs", title="analysis.check.en.adverbs")(lambda doc: [])


def test_keywords_fold_spellings_and_skip_stop_words():
    english = analyse_text("The river runs. Rivers flow. The river is cold. A boat sails.")
    assert [(k.term, k.count) for k in english.sections["en"].keywords] == [("river", 3)]
    # کتاب‌ها, كتاب (Arabic kaf), کتاب‌های, کِتاب (a diacritic): one word, four times
    persian = analyse_text("کتاب‌ها را خواندم. كتاب خوب بود. این کتاب‌های تازه است. کِتاب.")
    assert [(k.term, k.count) for k in persian.sections["fa"].keywords] == [("کتاب", 4)]


def test_every_message_has_english_and_persian_with_the_same_placeholders():
    for key, (english, persian) in ANALYSIS_MESSAGES.items():
        assert key.startswith("analysis."), key
        assert english.strip() and persian.strip(), key
        assert re.search("[\u0600-\u06FF]", persian), f"{key} has no Persian text"
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", persian)), key


def test_the_persian_messages_follow_our_own_typography_rules():
    quoting_what_they_flag = {"analysis.fa.arabic_letters", "analysis.fa.quotes"}  # «ي»، « »
    for key, (_, persian) in ANALYSIS_MESSAGES.items():
        if key not in quoting_what_they_flag:
            assert typography_fixes(persian) == [], key


def test_every_check_title_and_finding_message_is_translated():
    assert all(check.title in ANALYSIS_MESSAGES for check in registered_checks())
    text = (MIXED + "\n\n" + "tree " * 151 + "\n\n" + "Then we ate. Then we slept. Then we left.\n\n"
            + 'او گفت "سلام" و خوبی , بله 3 و ٣ و كتاب( جلد )  خوبـــی .'
            # the rule families after Virastar, one slip each
            + "\n\nچرا؟؟!! صبر ... او -- رفت ـ خوبـ خانه ی من 'سلام' ۹۶% کتابے ﻛﺘﺎﺏ خانه\u200cیی "
              "این\u200c\u200cها کتابََ   \n\n\n\nپایان")
    findings = analyse_text(text).findings
    assert {f.check_id for f in findings} >= {c.id for c in registered_checks(category="typography")}
    assert all(f.message in ANALYSIS_MESSAGES for f in findings)


def test_describe_fills_placeholders_in_either_language():
    assert describe("analysis.style.long_sentence", {"words": 30}, "en") == "30 words in one sentence."
    assert describe("analysis.style.long_sentence", {"words": 30}, "fa") == "30 واژه در یک جمله."
    assert describe("A check's own text", {}, "fa") == "A check's own text"


def test_the_package_imports_no_reflex_and_no_database():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in {"reflex", "sqlmodel", "sqlalchemy"}, (path, name)


PATHOLOGICAL = [
    "a" * 300_000,
    " " * 300_000 + "کتاب",
    "." * 200_000,
    "a.b" * 100_000,
    "می " * 100_000,
    "x@" * 100_000,
    "`" * 100_000,
    "(" * 100_000 + "کتاب",
    "ـ" * 100_000,
    '"کتاب ' * 50_000,
]
# Its cost per character, against ordinary prose, is measured in bench/bench_analysis.py.
_PATHOLOGICAL_CHILD = """
import sys
from tests.unit.test_analysis_engine import PATHOLOGICAL
from writers_app.analysis import analyse_text, fix_all
for text in PATHOLOGICAL:
    analyse_text(text)
    fix_all(text)
sys.stdout.write("done")
"""


def test_pathological_input_finishes():
    # Catastrophic backtracking on these inputs takes hours; the whole list costs seconds of
    # linear work. A child process with a generous deadline tells the two apart on any machine
    # without timing the work under test (which a busy pytest process would distort).
    done = subprocess.run([sys.executable, "-c", _PATHOLOGICAL_CHILD], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "done"
