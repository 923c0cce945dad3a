import pytest

from writers_app.analysis import count_words
from writers_app.formats.blocks import BlockDocument, split_blocks
from writers_app.services.errors import ServiceError


def test_count_words_treats_zwnj_joined_persian_as_one_word():
    assert count_words("من می\u200cخواهم کتاب\u200cها را بخوانم.") == 5
    assert count_words("Hello world, it's a well-known test.") == 6
    assert count_words("") == 0


def test_split_blocks_keeps_every_top_level_element_whole():
    html = '<h1 dir="auto">T</h1><p dir="rtl">سلام <strong>دنیا</strong></p><ul><li><p>a</p></li><li><p>b</p></li></ul><hr>'
    assert split_blocks(html) == ['<h1 dir="auto">T</h1>', '<p dir="rtl">سلام <strong>دنیا</strong></p>',
                                  '<ul><li><p>a</p></li><li><p>b</p></li></ul>', "<hr>"]
    assert "".join(split_blocks(html)) == html


def test_split_blocks_handles_newlines_inside_text():
    html = "<p>one\ntwo</p>\n<p>three</p>"
    assert split_blocks(html) == ["<p>one\ntwo</p>", "<p>three</p>"]


def test_splice_replaces_only_the_changed_blocks():
    doc = BlockDocument.from_blocks(["<p>one two</p>", "<p>three</p>", "<p>four</p>"])
    assert doc.word_count == 4
    changed = doc.splice(1, 1, ["<p>three and a half</p>", "<p>new</p>"])
    assert changed.blocks == ["<p>one two</p>", "<p>three and a half</p>", "<p>new</p>", "<p>four</p>"]
    assert changed.word_count == 8
    assert changed.text == "one two\n\nthree and a half\n\nnew\n\nfour"
    assert doc.blocks[1] == "<p>three</p>"  # the original is untouched


def test_splice_sanitises_what_it_inserts():
    doc = BlockDocument.from_blocks([]).splice(0, 0, ['<p onclick="x()">hi<script>alert(1)</script></p>'])
    assert doc.blocks == ["<p>hi</p>"]


@pytest.mark.parametrize("start, count", [(-1, 0), (4, 0), (2, 2), (0, -1)])
def test_splice_out_of_range_asks_for_a_resync(start, count):
    doc = BlockDocument.from_blocks(["<p>a</p>", "<p>b</p>", "<p>c</p>"])
    with pytest.raises(ServiceError) as err:
        doc.splice(start, count, [])
    assert err.value.code == "editor.resync"
