"""The Persian rule families after Virastar: a vector file, one test per family, options,
stability, protected spans and a fuzz test."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from writers_app.analysis import TypographyOptions, analyse_text, apply_fixes, fix_all, typography_fixes
from writers_app.analysis.document import Document
from writers_app.analysis.text import protected_spans

ZWNJ = "\u200c"
VECTORS = json.loads((Path(__file__).parent / "vectors" / "persian_vectors.json").read_text())


def test_the_vector_file_is_large_enough():
    assert len(VECTORS) >= 150


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{i}-{v['family']}" for i, v in enumerate(VECTORS)])
def test_vector(vector):
    fixed = fix_all(vector["input"])
    assert fixed == vector["expected"]
    assert fix_all(fixed) == fixed  # stable: a second pass changes nothing


def fixed_by(text: str, check_id: str, options: TypographyOptions | None = None) -> str:
    return apply_fixes(text, [f for f in typography_fixes(text, options) if f.check_id == check_id])


@pytest.mark.parametrize("check_id, text, fixed", [
    ("fa.extra_marks", "چرا؟؟؟!!! نه", "چرا؟! نه"),
    ("fa.ellipsis", "صبر کن ... بعد", "صبر کن… بعد"),
    ("fa.dashes", "او -- که --- رفت", "او – که — رفت"),
    ("fa.kashida_dash", "سخن ـ که گفتم ـ و خوبـ", "سخن – که گفتم – و خوب"),
    ("fa.ezafe", "خانه ی من و خانهء او و خانه ء ما", "خانهٔ من و خانهٔ او و خانهٔ ما"),
    ("fa.single_quotes", "گفت 'سلام' و ''خوب''", "گفت «سلام» و «خوب»"),
    ("fa.numerals", "رشد ۹۶% و ۳.۵ و ۱,۰۰۰", "رشد ۹۶٪ و ۳٫۵ و ۱٬۰۰۰"),
    ("fa.punctuation", "گفت (کتاب), و [این]; بعد", "گفت (کتاب)، و [این]؛ بعد"),
    ("fa.other_letters", "کتابے ہمہ ۃ", "کتابی همه ة"),
    ("fa.glyphs", "ﻛﺘﺎﺏ", "کتاب"),
    ("fa.yeh_suffix", f"خانه{ZWNJ}یی", f"خانه{ZWNJ}ای"),
    ("fa.zwnj", f"این{ZWNJ}{ZWNJ}ها حرف\u00adها کتاب\u00acها درد{ZWNJ}ها کتاب{ZWNJ} .",
     f"این{ZWNJ}ها حرف{ZWNJ}ها کتاب{ZWNJ}ها دردها کتاب ."),
    ("fa.diacritics", "کتابََ کتاب ِ", "کتابَ کتابِ"),
    ("fa.line_breaks", "یک  \n\n\n\nدو", "یک\n\nدو"),
    ("fa.suffix_zwnj", "آن ها و این ها", f"آن{ZWNJ}ها و این{ZWNJ}ها"),
])
def test_each_rule_family(check_id, text, fixed):
    assert fixed_by(text, check_id) == fixed
    found = [f for f in typography_fixes(text) if f.check_id == check_id]
    assert found and all(f.message.startswith("analysis.") and text[slice(*f.span)] == f.original for f in found)


# Damage the old fix_all did; each of these failed before the fix.
@pytest.mark.parametrize("text, expected", [
    ("چرا!!!? نه", "چرا؟! نه"),  # it put a space inside the run: "!!! ?"
    ('<a title="سلام">کتاب</a>', '<a title="سلام">کتاب</a>'),  # it wrote title=«سلام»
    ("متن %1$s و %2$d است", "متن %1$s و %2$d است"),  # it wrote %۱$s
    ("آن ها و این ها", f"آن{ZWNJ}ها و این{ZWNJ}ها"),  # never joined
    ("کتاب\n\n12:34\n\n96%", "کتاب\n\n۱۲:۳۴\n\n۹۶٪"),  # letterless paragraphs skipped
])
def test_damage_bugs(text, expected):
    assert fix_all(text) == expected


@pytest.mark.parametrize("text", ["چشم تر", "دست تر و خشک", "گفت ای خدا", "به شان او", "don't stop و کتاب",
                                  "فیلم 3D دیدم", "شمارهٔ IBM-96", "Born 12/5/1990 in Tehran.",
                                  "گزینهٔ --help را بزنید", "الف --> ب و ب <-- الف"])
def test_hazards_stay_out_of_fix_all(text):
    assert fix_all(text) == text


def test_chashm_tar_is_a_suggestion_without_a_fix():
    findings = [f for f in analyse_text("چشم تر او").findings if f.check_id == "fa.suffix_zwnj"]
    assert [(f.message, f.replacement) for f in findings] == [("analysis.fa.suffix_zwnj_ambiguous", None)]


@pytest.mark.parametrize("options, text, expected", [
    (TypographyOptions(heh_yeh="yeh"), "خانه ی من و خانهٔ او و خانهء ما", f"خانه{ZWNJ}ی من و خانه{ZWNJ}ی او و خانه{ZWNJ}ی ما"),
    (TypographyOptions(decimal_separator="."), "قیمت ۳.۵", "قیمت ۳.۵"),
    (TypographyOptions(thousands_separator=False), "عدد ۱,۰۰۰ نفر", "عدد ۱,۰۰۰ نفر"),
    (TypographyOptions(collapse_marks=False), "چرا!!!؟؟ نه", "چرا؟؟!!! نه"),
    (TypographyOptions(convert_dates=True), "تاریخ 12/5/1402", "تاریخ ۱۲/۵/۱۴۰۲"),
    (TypographyOptions(), "تاریخ 12/5/1402", "تاریخ 12/5/1402"),
    (TypographyOptions(disabled=frozenset({"fa.dashes", "fa.digits"})), "او -- در 1402", "او -- در 1402"),
    (TypographyOptions(keep_leading_spaces=False), "   کتاب خوب", "کتاب خوب"),
    (TypographyOptions(), "   کتاب خوب", "   کتاب خوب"),
])
def test_options(options, text, expected):
    assert fix_all(text, options) == expected
    assert fix_all(expected, options) == expected


def test_fix_all_is_stable_and_leaves_latin_paragraphs_alone():
    latin = "Wait!!! What?! He said 'hi' -- then left... It's 96% at 12:30, v1.2.3."
    text = ("كتاب ها را مي خواهم , اما 2 جلد ... خانه ی من!!!؟\n\n\n\n" + latin + "\n\n"
            + "او -- گفت 'سلام' و رشد 96% بود ـ خوبـ\u00adها   ")
    fixed = fix_all(text)
    assert latin in fixed
    assert typography_fixes(fixed) == []
    assert fix_all(fixed) == fixed


def test_analyse_text_accepts_options():
    result = analyse_text("او -- رفت", TypographyOptions(disabled=frozenset({"fa.dashes"})))
    assert not [f for f in result.findings if f.check_id == "fa.dashes"]
    assert [f for f in analyse_text("او -- رفت").findings if f.check_id == "fa.dashes"]


# The fuzz test: pieces that make trouble, glued at random.
PIECES = ["کتاب", "خانه", " ", "  ", "\n", "\n\n\n", ZWNJ, "\u00ad", "¬", "ـ", "ـــ", "!", "?", "؟", "...", "…",
          ".", ",", ";", "،", "--", "---", "%", "'", "''", '"', "«", "»", "(", ")", "[", "]", "ی", "ء", "ۀ", "ه",
          "ها", "تر", "می", "ای", "1402", "3.5", "1,000", "12:30", "١٢", "ك", "ي", "ے", "ﻛ", "َ", "ََ", "don't",
          "Hello", "https://example.com/a?b=1", "a@b.co", "`x, y`", "<a title=\"x\">", "&nbsp;", "%1$s", "{name}",
          "[link](page--1.html)", "<!-- c -->", "```\nx\n```"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_fuzz_fix_all(pieces):
    text = "".join(pieces)
    fixes = typography_fixes(text)
    once = apply_fixes(text, fixes)
    # The text grows or shrinks by no more than the fixes it reports.
    assert abs(len(once) - len(text)) <= sum(abs(len(f.replacement) - len(f.original)) for f in fixes)
    fixed = fix_all(text)
    assert fix_all(fixed) == fixed
    # Every protected span comes through unchanged, in order.
    spans = [text[start:end] for start, end in protected_spans(text)]
    position = 0
    for span in spans:
        found = fixed.find(span, position)
        assert found >= 0, (span, fixed)
        position = found + len(span)
    assert all(not (f.span[0] < e and f.span[1] > s) for f in fixes for s, e in Document.from_text(text).protected
               if f.span[1] > f.span[0])


LATIN_PIECES = ["Hello", "world", " ", "  ", "!!!", "?!", "...", "--", "'hi'", '"yes"', "96%", "3.5", "1,000", "12:30",
                "v1.2.3", "12/5/2024", "don't", "e.g.", "Dr.", ",", ";", "(", ")", "\u00ad", "‌"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LATIN_PIECES), min_size=1, max_size=20).map("".join),
       st.lists(st.sampled_from(PIECES[:40]), max_size=15).map("".join))
def test_fuzz_latin_paragraphs_are_never_changed(latin, persian):
    latin = "Latin words " + latin.replace("\n", " ")
    text = "کتاب خوب " + persian.replace("\n", " ") + "\n\n" + latin + "\n\nو کتاب دیگر"
    assert latin in fix_all(text).split("\n")


def fix_all_rechecking_everything(text: str) -> str:
    """fix_all as it was before it rechecked only the lines it changed: the reference."""
    for _ in range(5):
        fixed = apply_fixes(text, typography_fixes(text))
        if fixed == text:
            break
        text = fixed
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES + ["\n", "\n\n", "Latin words here", "12:34", "‌"]), max_size=40))
def test_fuzz_rechecking_changed_lines_only_gives_the_same_text(pieces):
    text = "".join(pieces)
    assert fix_all(text) == fix_all_rechecking_everything(text)
