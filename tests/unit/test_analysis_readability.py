"""English readability formulas, Hemingway marks and Yoast checks, on samples counted by hand."""

import pytest

from writers_app.analysis import analyse_text
from writers_app.analysis.readability import count_syllables


def findings_of(text: str, check_id: str):
    return [f for f in analyse_text(text).findings if f.check_id == check_id]


@pytest.mark.parametrize("word, syllables", [
    ("cat", 1), ("table", 2), ("little", 2), ("whale", 1), ("make", 1), ("makes", 1),
    ("walked", 1), ("wanted", 2), ("played", 1), ("boxes", 2), ("pages", 2), ("tables", 2),
    ("media", 3), ("piano", 3), ("actual", 3), ("nation", 2), ("religion", 3), ("radio", 3),
    ("curious", 3), ("lonely", 2), ("completely", 3), ("movement", 2), ("hopeful", 2),
    ("something", 2), ("therefore", 2), ("yellow", 2), ("beautiful", 3), ("remarkable", 4),
    ("patience", 2), ("people", 2), ("created", 3), ("university", 5), ("Teacher's", 2),
])
def test_syllables_of_common_words(word, syllables):
    assert count_syllables(word) == syllables


# Counted by hand, word by word:
#   The(1) cat(1) sat(1) on(1) the(1) mat(1)                                     6 words, 6 syllables
#   It(1) was(1) a(1) sunny(2) day(1) and(1) the(1) children(2) played(1) in(1) the(1) garden(2)
#                                                                                12 words, 15 syllables
#   Our(1) teacher(2) explained(2) the(1) difficult(3) lesson(2) with(1) remarkable(4) patience(2)
#                                                                                 9 words, 18 syllables
# Letters: 3+3+3+2+3+3 = 17; 2+3+1+5+3+3+3+8+6+2+3+6 = 45; 3+7+9+3+9+6+4+10+8 = 59; total 121.
SAMPLE = ("The cat sat on the mat. It was a sunny day, and the children played in the garden. "
          "Our teacher explained the difficult lesson with remarkable patience.")


def test_flesch_kincaid_and_ari_on_a_hand_counted_sample():
    section = analyse_text(SAMPLE).sections["en"]
    readability = section.readability
    assert (section.statistics.words, section.statistics.sentences) == (27, 3)
    assert (readability.syllables, readability.letters) == (39, 121)
    # 206.835 - 1.015 * 27/3 - 84.6 * 39/27 = 206.835 - 9.135 - 122.2
    assert readability.flesch_reading_ease == pytest.approx(75.5, abs=0.01)
    # 0.39 * 9 + 11.8 * 39/27 - 15.59 = 3.51 + 17.0444 - 15.59
    assert readability.flesch_kincaid_grade == pytest.approx(4.96, abs=0.01)
    # 4.71 * 121/27 + 0.5 * 9 - 21.43 = 21.1078 + 4.5 - 21.43
    assert readability.automated_readability_index == pytest.approx(4.18, abs=0.01)


def test_persian_has_no_invented_readability_score():
    assert analyse_text("من کتاب می‌خوانم.").sections["fa"].readability is None


# 15 words, letters 3+9+8+5+8+9+6+4+5+5+5+6+2+3+6 = 84:
# 4.71 * 84/15 + 0.5 * 15 - 21.43 = 26.376 + 7.5 - 21.43 = 12.45 -> grade 12: hard.
HARD = "The committee reviewed every proposal carefully before they wrote their final answer to the public."
# 14 words, 141 letters: 4.71 * 141/14 + 7 - 21.43 = 33.0 -> very hard.
VERY_HARD = ("Administrative responsibilities accumulated considerably throughout the organisation during "
             "the unprecedented international economic reorganisation period.")
# 4 words of long letters: under the 14-word minimum, never marked.
SHORT_BUT_LONG_WORDS = "Internationalisation notwithstanding, bureaucracies proliferate."


def test_hemingway_hard_and_very_hard_sentences():
    text = " ".join([HARD, VERY_HARD, SHORT_BUT_LONG_WORDS])
    hard = findings_of(text, "en.hard_sentences")
    very_hard = findings_of(text, "en.very_hard_sentences")
    assert [(text[f.span[0]:f.span[1]], f.params["grade"]) for f in hard] == [(HARD, 12)]
    assert [(text[f.span[0]:f.span[1]], f.params["grade"]) for f in very_hard] == [(VERY_HARD, 33)]
    assert very_hard[0].severity == "warning"


def test_adverbs_skip_words_that_only_end_in_ly():
    text = "She quickly and quietly left, but only early in the morning; her family was friendly and likely to reply."
    assert [f.params["word"] for f in findings_of(text, "en.adverbs")] == ["quickly", "quietly"]


def test_passive_voice_with_regular_irregular_and_adverb_between():
    text = ("The letter was written by Sara. The house was carefully built last year. The cake is eaten. "
            "The door was opened. They were tired. He is interested in art. She wrote a letter.")
    phrases = [f.params["phrase"] for f in findings_of(text, "en.passive_voice")]
    assert phrases == ["was written", "was carefully built", "is eaten", "was opened"]


def test_paragraph_over_150_words_is_flagged_and_150_is_not():
    flagged = findings_of("tree " * 151 + "\n\n" + "leaf " * 150, "style.long_paragraphs")
    assert [f.params["words"] for f in flagged] == [151]


def test_long_sentence_share_is_flagged_only_above_25_percent():
    long = " ".join(["word"] * 21) + ". "  # 21 words: over the English limit of 20
    normal = " ".join(["word"] * 20) + ". "  # 20 words: not long
    assert findings_of(long + normal * 3, "style.long_sentences") == []  # 1 of 4 = 25%: fine
    findings = findings_of(long * 2 + normal * 2, "style.long_sentences")  # 2 of 4 = 50%
    summary = [f for f in findings if f.span is None]
    marked = [f for f in findings if f.span is not None]
    assert [f.params["percent"] for f in summary] == [50]
    assert len(marked) == 2


def test_three_sentences_starting_alike_are_flagged():
    text = "Then we ate. Then we slept. Then we left. Finally we rested."
    findings = findings_of(text, "style.repeated_beginnings")
    assert [(f.params["count"], f.params["word"]) for f in findings] == [(3, "then")]
    assert text[findings[0].span[0]:findings[0].span[1]] == "Then we ate. Then we slept. Then we left."


def test_common_openers_are_compared_with_the_next_word():
    assert findings_of("The cat ran. The dog ran. The bird flew.", "style.repeated_beginnings") == []
    assert findings_of("Two cats ran.", "style.repeated_beginnings") == []
