import pytest

from writers_app.formats.sanitize import (
    first_strong_direction,
    html_to_text,
    sanitize_html,
    text_blocks,
    text_to_html,
)

PERSIAN = "می\u200cخواهم کتاب\u200cها را بخوانم"

# What the editor saves: every allowed tag, already clean.
EDITOR_HTML = (
    '<h1 dir="ltr">Chapter one</h1>'
    f'<p dir="rtl">{PERSIAN} <strong>پررنگ</strong> <em>کج</em> <s>خط</s> <u>زیر</u></p>'
    '<h2>Part</h2><h3>Scene</h3>'
    '<p>A <a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">link</a>'
    ' and <code>x &lt; y</code><br>second line</p>'
    '<ul dir="rtl"><li dir="rtl"><p>یک</p></li></ul><ol><li><p>one</p></li></ol>'
    '<blockquote dir="ltr"><p>quoted</p></blockquote><pre dir="ltr"><code>let a = 1;</code></pre><hr>'
)


def test_script_is_removed_with_its_content():
    cleaned = sanitize_html("<p>before</p><script>alert(1)</script><p>after</p>")
    assert cleaned == "<p>before</p><p>after</p>"


def test_style_element_and_attribute_are_removed():
    cleaned = sanitize_html('<style>p{color:red}</style><p style="color:red">text</p>')
    assert cleaned == "<p>text</p>"


def test_image_with_onerror_is_removed():
    cleaned = sanitize_html('<p>x<img src=x onerror="alert(1)"></p>')
    assert cleaned == "<p>x</p>"


def test_event_handlers_are_removed_from_allowed_tags():
    assert sanitize_html('<p onclick="alert(1)" dir="rtl">x</p>') == '<p dir="rtl">x</p>'


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "/relative/path",
])
def test_unsafe_link_targets_are_dropped_but_the_text_stays(href):
    cleaned = sanitize_html(f'<p><a href="{href}">click</a></p>')
    assert "href" not in cleaned and "script" not in cleaned.lower()
    assert ">click</a>" in cleaned


@pytest.mark.parametrize("href", ["http://example.com/", "https://example.com/x", "mailto:a@example.com"])
def test_allowed_links_keep_href_get_rel_and_lose_target(href):
    cleaned = sanitize_html(f'<a href="{href}" target="_blank" rel="opener">x</a>')
    assert cleaned == f'<a href="{href}" rel="noopener noreferrer nofollow">x</a>'


def test_dir_is_kept_on_blocks_normalised_and_dropped_when_unknown():
    assert sanitize_html('<p dir="RTL">x</p>') == '<p dir="rtl">x</p>'
    assert sanitize_html('<p dir="auto">x</p>') == '<p dir="auto">x</p>'
    assert sanitize_html('<p dir="sideways">x</p>') == "<p>x</p>"
    assert sanitize_html('<strong dir="rtl">x</strong>') == "<strong>x</strong>"


def test_tags_outside_the_editor_are_unwrapped_keeping_text():
    assert sanitize_html("<div><span>hi</span> <h4>there</h4></div>") == "hi there"


def test_clean_editor_html_passes_byte_for_byte():
    assert sanitize_html(EDITOR_HTML) == EDITOR_HTML


def test_sanitising_twice_changes_nothing():
    dirty = ('<p dir="RTL" onclick="x()">a<script>b</script><a href="https://e.com" target="_blank">l</a>'
             '<img src=x onerror=alert(1)><span style="x">s</span></p><!-- note -->')
    once = sanitize_html(dirty)
    assert sanitize_html(once) == once


def test_html_to_text_separates_blocks_by_one_blank_line():
    text = html_to_text(EDITOR_HTML)
    assert text.split("\n\n") == [
        "Chapter one", f"{PERSIAN} پررنگ کج خط زیر", "Part", "Scene",
        "A link and x < y\nsecond line", "یک", "one", "quoted", "let a = 1;",
    ]


def test_html_to_text_decodes_entities_and_keeps_zwnj_exactly():
    assert html_to_text("<p>a &amp; b&nbsp;c &#x200c;&quot;</p>") == "a & b\xa0c \u200c\""
    assert html_to_text(f"<p>{PERSIAN}</p>") == PERSIAN


def test_html_to_text_collapses_source_whitespace_but_not_in_pre():
    assert html_to_text("<p>  a\n   b  </p><pre>  x\n    y</pre>") == "a b\n\n  x\n    y"


def test_text_blocks_name_the_block_each_text_came_from():
    blocks = text_blocks("<h2>Head</h2><p>a</p><hr><ul><li>b</li></ul>tail")
    assert blocks == [("h2", "Head"), ("p", "a"), ("li", "b"), ("", "tail")]


def test_html_to_text_leaves_out_script_text_even_unsanitised():
    assert html_to_text("<p>a</p><script>var secret = 1;</script><p>b</p>") == "a\n\nb"


def test_text_to_html_makes_paragraphs_line_breaks_and_escapes():
    html = text_to_html("Hello <b> & you\nnext line\n\n\n" + PERSIAN + "\r\n\r\n  ")
    assert html == (f'<p dir="ltr">Hello &lt;b&gt; &amp; you<br>next line</p><p dir="rtl">{PERSIAN}</p>')


def test_text_to_html_direction_follows_the_first_strong_letter():
    assert text_to_html("۱۲۳ سلام") == '<p dir="rtl">۱۲۳ سلام</p>'
    assert text_to_html("Python را دوست دارم") == '<p dir="ltr">Python را دوست دارم</p>'
    assert first_strong_direction("123 ...") is None


def test_text_survives_text_to_html_and_back():
    text = f"First paragraph\nwith a break\n\n{PERSIAN}\n\nx < y & z"
    assert html_to_text(sanitize_html(text_to_html(text))) == text


def test_lists_outside_the_editor_take_their_own_texts_direction():
    from writers_app.formats.sanitize import with_list_directions

    html_in = ('<p>Intro</p><ul><li><p>شیر</p></li><li>bread</li></ul>'
               '<ol dir="ltr"><li><p>نخست</p></li></ol><ul><li></li></ul>')
    out = with_list_directions(html_in)
    assert out == ('<p>Intro</p><ul dir="rtl"><li dir="rtl"><p>شیر</p></li><li dir="ltr">bread</li></ul>'
                   '<ol dir="ltr"><li dir="rtl"><p>نخست</p></li></ol><ul><li></li></ul>')
    assert with_list_directions("<p>no lists &amp; more</p>") == "<p>no lists &amp; more</p>"
