"""Persian-aware search folding (writers_app/core/fold.py): each rule, and Latin text untouched."""

import pytest

from writers_app.core.fold import FOLD_TABLE, fold, fold_joined


@pytest.mark.parametrize("arabic, persian", [
    ("\u064a", "\u06cc"), ("\u0649", "\u06cc"), ("\u0643", "\u06a9"), ("\u0629", "\u0647"),
    ("\u0623", "\u0627"), ("\u0625", "\u0627"), ("\u0622", "\u0627"),
])
def test_arabic_forms_fold_to_persian(arabic, persian):
    assert fold(arabic) == persian


def test_arabic_spelling_meets_persian_spelling():
    assert fold("كتاب‌هاي") == fold("کتابهای") == "کتابهای"


@pytest.mark.parametrize("mark", [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"])
def test_diacritics_dropped(mark):
    assert fold(f"ک{mark}تاب") == "کتاب"


def test_kashida_dropped():
    assert fold("کـــتاب") == "کتاب"


def test_zwnj_space_and_nothing_meet_when_joined():
    forms = ["می\u200cخواهم", "می خواهم", "میخواهم"]
    assert {fold_joined(f) for f in forms} == {"میخواهم"}
    assert fold("می\u200cخواهم") == "میخواهم"
    assert fold("می خواهم") == "می خواهم"  # fold keeps spaces: word search still works


def test_digits_fold_to_latin():
    assert fold("۱۴۰۳") == "1403"
    assert fold("١٢٣٤٥٦٧٨٩٠") == "1234567890"


def test_latin_text_unchanged_apart_from_case():
    text = "The Lighthouse, chapter 3 — naïve café «quoted» ü"
    assert fold(text) == text.lower()


def test_table_only_touches_arabic_script_and_format_marks():
    assert all(0x0600 <= code <= 0x06FF or 0x200C <= code <= 0x200F for code in FOLD_TABLE)


def test_fold_search_drops_spaces_between_persian_letters_only():
    from writers_app.core.fold import fold_search

    assert {fold_search(f) for f in ("می خواهم", "می\u200cخواهم", "میخواهم", "مي\u00a0خواهم", "می  خواهم")} == {"میخواهم"}
    assert fold_search("To Be") == "to be"  # Latin words keep their spaces
    assert fold_search("کتاب\n\nخوب") == "کتاب\n\nخوب"  # never across a line break (two paragraphs)
    assert fold_search("کتاب ۱۲ فصل") == "کتاب 12 فصل"  # a digit is no letter: its spaces stay
    assert fold_search("book کتاب") == "book کتاب"
    assert fold_search("") == ""
