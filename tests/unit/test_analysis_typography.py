"""Persian typography rules, fixes and what they must leave alone; issue counts found by hand."""

import pytest

from writers_app.analysis import Finding, apply_fixes, fix_all, typography_fixes

ZWNJ = "\u200c"


def issues(text: str, check_id: str) -> list[Finding]:
    return [f for f in typography_fixes(text) if f.check_id == check_id]


@pytest.mark.parametrize("check_id, text, count, fixed", [
    # «ك» in «كتاب», «ي» in «ديگر», the run «يك»
    ("fa.arabic_letters", "كتاب ديگر يك روز", 3, "کتاب دیگر یک روز"),
    # 1402 and ٢٠٢٤ change; ۱۴۰۳ is already Persian; the 3 of "Python 3" belongs to the Latin name
    ("fa.digits", "در سال 1402 و ۱۴۰۳ و ٢٠٢٤ نسخهٔ Python 3 منتشر شد",
     2, "در سال ۱۴۰۲ و ۱۴۰۳ و ۲۰۲۴ نسخهٔ Python 3 منتشر شد"),
    # «سلام,» «دنیا;» «خوبی?»; not the comma inside 1,000 nor the one in "Hello, world"
    ("fa.punctuation", "سلام, دنیا; خوبی? آری. عدد 1,000 و Hello, world",
     3, "سلام، دنیا؛ خوبی؟ آری. عدد 1,000 و Hello, world"),
    # "سلام" and “باشه” become «»; "hello" is English and stays
    ("fa.quotes", 'او گفت "سلام" و "hello" را نوشت و “باشه” گفت',
     2, 'او گفت «سلام» و "hello" را نوشت و «باشه» گفت'),
    # « ، » « .خ» «؟ب»; not ۳.۵, ۱۲:۳۰ or the abbreviation ق.م
    ("fa.punctuation_spacing", "سلام ، دنیا .خوبی؟بله. قیمت ۳.۵ و ساعت ۱۲:۳۰ در ۵۰۰ ق.م بود.",
     3, "سلام، دنیا. خوبی؟ بله. قیمت ۳.۵ و ساعت ۱۲:۳۰ در ۵۰۰ ق.م بود."),
    # «کتاب( » and « )خوب»; «(این)» is right already
    ("fa.bracket_spacing", "این کتاب( جلد دوم )خوب است و (این) هم.",
     2, "این کتاب (جلد دوم) خوب است و (این) هم."),
    # «می خواهم», «نمی دانم», «میخواهم»; none of the nouns that merely start with «می», not even
    # «میدانی» (field, as in field research), which reads like «می» + «دانی» (you know)
    ("fa.prefix_zwnj", "من می خواهم و نمی دانم و میخواهم بروم؛ میز و میوه و میهن و میان و میل و میراث و "
                       "میدان و میش و تحقیقات میدانی.",
     3, f"من می{ZWNJ}خواهم و نمی{ZWNJ}دانم و می{ZWNJ}خواهم بروم؛ میز و میوه و میهن و میان و میل و میراث و "
        "میدان و میش و تحقیقات میدانی."),
    # «کتاب ها» «خانه های» «بزرگ تر» «بزرگ ترین» «رفته اند» «خانه ای»
    ("fa.suffix_zwnj", "کتاب ها و خانه های بزرگ تر و بزرگ ترین شهر. آنها رفته اند. خانه ای خرید.",
     6, f"کتاب{ZWNJ}ها و خانه{ZWNJ}های بزرگ{ZWNJ}تر و بزرگ{ZWNJ}ترین شهر. آنها رفته{ZWNJ}اند. خانه{ZWNJ}ای خرید."),
    # two runs; the space before the dot is the punctuation rule's
    ("fa.repeated_spaces", "این  یک   جمله است .", 2, "این یک جمله است ."),
    # inside «خیلـــی» only: a kashida at a word's edge or alone is a dash
    ("fa.kashida", "خیلـــی خوبـ است ـ واقعا", 1, "خیلی خوبـ است ـ واقعا"),
])
def test_each_rule_finds_and_fixes_what_was_counted_by_hand(check_id, text, count, fixed):
    found = issues(text, check_id)
    assert len(found) == count
    assert all(text[f.span[0]:f.span[1]] == f.original for f in found)
    assert apply_fixes(text, found) == fixed


def test_fix_all_on_a_messy_sentence():
    messy = "كتاب ها را مي خواهم , اما 2 جلد  بیشتر نیست ?"
    assert fix_all(messy) == f"کتاب{ZWNJ}ها را می{ZWNJ}خواهم، اما ۲ جلد بیشتر نیست؟"


def test_fix_all_is_idempotent_and_leaves_nothing_to_fix():
    messy = ('او گفت "من نمي دانم كه چرا 3 كتاب ها را آورده اند , ولی خیلـی خوب بود ?" \n\n'
             "اين كتاب( جلد دوم )را  میخواستم .بعد رفتم")
    fixed = fix_all(messy)
    assert fixed != messy
    assert typography_fixes(fixed) == []
    assert fix_all(fixed) == fixed


def test_code_urls_and_emails_are_left_alone():
    text = ("برای نصب `pip install x==1.0, y` را بزنید و به https://example.com/a?b=1,2 یا "
            "ali.reza@example.com نامه بدهید , باشه?\n\n```\nprint(1, 2) ; x = 'كتاب'\n```")
    fixed = fix_all(text)
    for untouched in ("`pip install x==1.0, y`", "https://example.com/a?b=1,2", "ali.reza@example.com",
                      "```\nprint(1, 2) ; x = 'كتاب'\n```"):
        assert untouched in fixed
    assert "بدهید، باشه؟" in fixed  # the Persian around them is still fixed


def test_english_paragraphs_get_no_persian_typography():
    text = "I have 3 books, really? Yes; \"quite\" so  (see below).\n\nمن 3 کتاب دارم"
    found = typography_fixes(text)
    assert [f.original for f in found] == ["3"]  # only the digit in the Persian paragraph
    assert found[0].span == (text.index("من 3") + 3, text.index("من 3") + 4)


def test_apply_fixes_takes_any_subset_in_any_order():
    text = "كتاب ديگر"
    found = issues(text, "fa.arabic_letters")
    assert apply_fixes(text, found[1:]) == "كتاب دیگر"
    assert apply_fixes(text, list(reversed(found))) == "کتاب دیگر"
    assert apply_fixes(text, []) == text


def test_apply_fixes_skips_overlapping_and_stale_fixes():
    text = "abcdef"
    first = Finding(message="x", span=(1, 3), original="bc", replacement="X")
    overlapping = Finding(message="x", span=(2, 4), original="cd", replacement="Y")
    stale = Finding(message="x", span=(4, 5), original="Q", replacement="Z")
    insertion = Finding(message="x", span=(6, 6), original="", replacement="!")
    assert apply_fixes(text, [overlapping, stale, first, insertion]) == "aXdef!"


def test_fixes_keep_offsets_of_the_original_text_when_lengths_change():
    text = "خیلـــی خوب و کتاب ها"
    fixed = apply_fixes(text, typography_fixes(text))
    assert fixed == f"خیلی خوب و کتاب{ZWNJ}ها"
