"""Words, sentences, paragraphs, languages and statistics, on samples counted by hand."""

import pytest

from writers_app.analysis import Document, analyse_text, count_words, detect_language

ZWNJ = "\u200c"


def sentences_of(text: str) -> list[str]:
    doc = Document.from_text(text)
    return [text[s.start:s.end] for p in doc.paragraphs for s in p.sentences]


@pytest.mark.parametrize("text, words", [
    # من / می‌خواهم / کتاب‌ها / را / بخوانم
    ("من می‌خواهم کتاب‌ها را بخوانم.", 5),
    # the same sentence with diacritics: «کِتاب‌ها» and «بِخوانَم» stay one word each
    ("من می‌خواهم کِتاب‌ها را بِخوانَم.", 5),
    # don't / well-known / e.g / 3.5 / 1,000 / 12:30
    ("don't well-known e.g. 3.5 1,000 12:30", 6),
    # Visit / <the URL> / or / write / to / <the address>
    ("Visit https://example.com/a-b/c.html?x=1&y=2 or write to jo.doe@example.org", 6),
    ("", 0),
    ("  ...  !!  ", 0),
    # one word however it is joined: two ZWNJ, a soft hyphen, «¬»
    ("این\u200c\u200cها", 1), ("حرف\u00adهاست", 1), ("کتاب\u00acها", 1),
    # در / ۵۰۰ / ق.م. / و / ۱۳۰۰ / ه.ش. / م / رضایی
    ("در ۵۰۰ ق.م. و ۱۳۰۰ ه.ش. م. رضایی", 8),
    # e.g / Dr / 10:30 / 3.5 / 1.2.3
    ("e.g. Dr. 10:30 3.5 1.2.3", 5),
])
def test_word_count(text, words):
    assert count_words(text) == words


def test_zwnj_words_are_single_words_in_the_parsed_document():
    doc = Document.from_text("من می‌خواهم کتاب‌ها را بخوانم.")
    assert doc.paragraphs[0].sentences[0].words == ("من", f"می{ZWNJ}خواهم", f"کتاب{ZWNJ}ها", "را", "بخوانم")


@pytest.mark.parametrize("text, expected", [
    ("I paid 3.5 dollars. Then I left.", ["I paid 3.5 dollars.", "Then I left."]),
    ("Dr. Smith met Mr. Jones. They talked.", ["Dr. Smith met Mr. Jones.", "They talked."]),
    ("We need fruit, e.g. apples and pears. Buy them.", ["We need fruit, e.g. apples and pears.", "Buy them."]),
    ("Visit https://example.com/x.y?a=b for more. Thanks!",
     ["Visit https://example.com/x.y?a=b for more.", "Thanks!"]),
    ("J. K. Rowling wrote it. Fans loved it.", ["J. K. Rowling wrote it.", "Fans loved it."]),
    ("The meeting is at 10 a.m. tomorrow.", ["The meeting is at 10 a.m. tomorrow."]),
    ("We saw apples, pears, etc. and more.", ["We saw apples, pears, etc. and more."]),
    ("We saw apples, pears, etc. Then we left.", ["We saw apples, pears, etc.", "Then we left."]),
    ("He waited… then he left.", ["He waited…", "then he left."]),
    ("\"Are you sure?\" she asked. Yes.", ["\"Are you sure?\" she asked.", "Yes."]),
    ("\"Stop!\" He ran.", ["\"Stop!\"", "He ran."]),
    ("1. The first point.", ["1. The first point."]),
    ("آیا می‌آیی؟ بله! حتماً.", ["آیا می‌آیی؟", "بله!", "حتماً."]),
    ("قیمت ۳.۵ میلیون بود. خریدم", ["قیمت ۳.۵ میلیون بود.", "خریدم"]),
    ("A line without a stop\nAnother line", ["A line without a stop", "Another line"]),
    ("در ۵۰۰ ق.م. شهری بود. بعد ویران شد.", ["در ۵۰۰ ق.م. شهری بود.", "بعد ویران شد."]),
    ("م. رضایی آمد. ه.ق. گذشت.", ["م. رضایی آمد.", "ه.ق. گذشت."]),
    ("ساعت ۱۰:۳۰ و نسخهٔ ۱.۲.۳ آمد. تمام.", ["ساعت ۱۰:۳۰ و نسخهٔ ۱.۲.۳ آمد.", "تمام."]),
])
def test_sentence_splitting(text, expected):
    assert sentences_of(text) == expected


def test_english_counts_by_hand():
    text = ("Dr. Smith paid $3.5 million for the house, e.g. the one on Oak St. near the river. "
            "Was it worth it? Visit https://example.com/a.b?c=1 for details! Email me at jo.doe@example.org.")
    # Sentence 1: Dr Smith paid 3.5 million for the house e.g the one on Oak St near the river = 17
    # Sentence 2: Was it worth it = 4; 3: Visit <URL> for details = 4; 4: Email me at <address> = 4
    stats = analyse_text(text).sections["en"].statistics
    assert (stats.words, stats.sentences, stats.paragraphs) == (29, 4, 1)
    assert (stats.max_words_per_sentence, stats.median_words_per_sentence) == (17, 4.0)
    assert stats.mean_words_per_sentence == 7.25  # 29 / 4


def test_persian_counts_by_hand():
    text = "دیروز به کتاب‌خانه رفتم. کتاب‌های تازه‌ای دیدم!\n\nآیا تو هم می‌آیی؟ قیمت هر کتاب ۳.۵ میلیون بود…"
    # Paragraph 1: «دیروز به کتاب‌خانه رفتم.» 4 words, «کتاب‌های تازه‌ای دیدم!» 3 words.
    # Paragraph 2: «آیا تو هم می‌آیی؟» 4 words, «قیمت هر کتاب ۳.۵ میلیون بود…» 6 words.
    stats = analyse_text(text).sections["fa"].statistics
    assert (stats.words, stats.sentences, stats.paragraphs) == (17, 4, 2)
    assert stats.mean_words_per_sentence == 4.25  # 17 / 4
    assert stats.median_words_per_sentence == 4.0  # lengths 3, 4, 4, 6
    assert stats.max_words_per_sentence == 6
    assert stats.long_sentences == 0


def test_characters_with_and_without_spaces():
    # "Hi there. Bye!": 14 characters; without its 2 spaces, 12.
    english = analyse_text("Hi there. Bye!").sections["en"].statistics
    assert (english.characters, english.characters_no_spaces, english.words, english.sentences) == (14, 12, 3, 2)
    # «من می‌خواهم.»: م ن, a space, م ی ZWNJ خ و ا ه م, a dot = 12; without the space and the
    # invisible ZWNJ, 10.
    persian = analyse_text("من می‌خواهم.").sections["fa"].statistics
    assert (persian.characters, persian.characters_no_spaces) == (12, 10)


def test_reading_and_speaking_times():
    english = analyse_text("word " * 238).sections["en"].statistics
    assert english.reading_minutes == 1.0  # 238 wpm
    assert english.speaking_minutes == 1.59  # 238 / 150
    persian = analyse_text("کتاب " * 200).sections["fa"].statistics
    assert persian.reading_minutes == 1.0  # 200 wpm
    assert persian.speaking_minutes == 1.54  # 200 / 130


def test_persian_long_sentence_threshold_is_25_words():
    text = " ".join(["کتاب"] * 25) + ". " + " ".join(["کتاب"] * 26) + "."
    stats = analyse_text(text).sections["fa"].statistics
    assert (stats.long_sentence_threshold, stats.long_sentences, stats.long_sentence_share) == (25, 1, 0.5)


@pytest.mark.parametrize("text, language", [
    ("", None),
    ("123 456", None),
    ("من کتاب می‌خوانم.", "fa"),
    ("I am reading a book.", "en"),
    ("من کتاب Python را می‌خوانم.", "fa"),  # a Persian paragraph quoting an English word
    ("من کتاب می‌خوانم.\n\nI am reading a book.", "mixed"),
    ("Code: `x = 1`", "en"),
])
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_a_masked_url_does_not_make_a_persian_paragraph_english():
    text = "نشانی https://example.com/a-very-long-english-looking-path-with-many-letters است"
    assert detect_language(text) == "fa"
