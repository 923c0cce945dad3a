import io
import re

import docx
import pytest

from writers_app.formats.detect import DocumentKind, detect_kind
from writers_app.formats.docx_export import export_docx
from writers_app.formats.export import (
    export_filename,
    export_html,
    export_markdown,
    export_text,
)
from writers_app.formats.extract import extract
from writers_app.formats.sanitize import html_to_text

PERSIAN = "می\u200cخواهم کتاب\u200cها را بخوانم"
TITLE = "کتاب\u200cهای من"
BODY = (
    f'<h2>Chapter one</h2><p dir="rtl">{PERSIAN} <strong>کتاب\u200cها</strong> و <em>دفتر</em></p>'
    '<p>Read <a href="https://example.com/x">the notes</a>, not <code>rm -rf</code> * or _this_.</p>'
    '<ul><li><p>first</p></li><li><p>second</p><ol><li><p>inner</p></li></ol></li></ul>'
    '<blockquote><p>A quote.</p></blockquote><pre><code>line 1\n    line 2</code></pre><hr>'
    '<p>Done.<br>Really.</p><p>1. not a list</p>'
)
EXPECTED_MARKDOWN = f"""# کتاب\u200cهای من

## Chapter one

{PERSIAN} **کتاب\u200cها** و *دفتر*

Read [the notes](https://example.com/x), not `rm -rf` \\* or \\_this\\_.

- first
- second
  1. inner

> A quote.

```
line 1
    line 2
```

---

Done.\\
Really.

1\\. not a list
"""


def test_markdown_export_is_exact():
    assert export_markdown(TITLE, BODY) == EXPECTED_MARKDOWN


def test_markdown_export_reads_back_to_the_same_text():
    markdown = export_markdown(TITLE, BODY)
    document = extract(markdown.encode(), DocumentKind.MARKDOWN)
    assert document.text == f"{TITLE}\n\n{html_to_text(BODY)}"
    assert document.title == TITLE


def test_markdown_keeps_spaces_outside_emphasis_markers():
    assert export_markdown("", "<p>a<strong> bold </strong>word</p>") == "a **bold** word\n"


def test_text_export_is_title_then_body():
    assert export_text(TITLE, "<p>one</p><ul><li>two</li></ul>") == f"{TITLE}\n\none\n\ntwo\n"


def test_html_export_is_a_standalone_document_without_script():
    page = export_html('Tom & "Jerry" <script>', BODY + "<script>alert(1)</script><p onclick=x()>t</p>", "fa")
    assert page.startswith("<!doctype html>\n")
    assert '<html lang="fa" dir="rtl">' in page and '<meta charset="utf-8">' in page
    assert "<title>Tom &amp; &quot;Jerry&quot; &lt;script&gt;</title>" in page
    assert "<script" not in page.lower() and "onclick" not in page and "alert" not in page
    assert f'<p dir="rtl">{PERSIAN} <strong>' in page and "<style>" in page
    assert page.rstrip().endswith("</html>")


@pytest.mark.parametrize("lang", ["en", "xx"])
def test_html_export_is_left_to_right_for_english_and_unknown_languages(lang):
    assert '<html lang="en" dir="ltr">' in export_html("t", "<p>x</p>", lang)


def test_docx_export_reads_back_to_the_same_text():
    data = export_docx(TITLE, BODY)
    assert detect_kind(data, "export.docx") is DocumentKind.DOCX
    document = extract(data, DocumentKind.DOCX)
    assert document.text == f"{TITLE}\n\n{html_to_text(BODY)}"
    assert document.title == TITLE
    assert '<strong>کتاب\u200cها</strong>' in document.html and "<em>دفتر</em>" in document.html
    assert '<a href="https://example.com/x" rel="noopener noreferrer nofollow">the notes</a>' in document.html


def test_docx_export_uses_word_styles_and_marks_persian_right_to_left():
    document = docx.Document(io.BytesIO(export_docx(TITLE, BODY)))
    styles = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert styles[:3] == [("Title", TITLE), ("Heading 2", "Chapter one"),
                          ("Normal", f"{PERSIAN} کتاب\u200cها و دفتر")]
    assert ("List Bullet", "first") in styles and ("List Number 2", "inner") in styles
    assert ("Quote", "A quote.") in styles
    persian, english = document.paragraphs[2], document.paragraphs[3]
    assert persian._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None
    assert all(run.font.rtl for run in persian.runs)
    assert english._p.pPr is None or english._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is None
    bold = next(run for run in persian.runs if run.bold)
    assert bold.text == "کتاب\u200cها" and bold.font.cs_bold


@pytest.mark.parametrize("title, ext, expected", [
    ("My story", "docx", "My story.docx"),
    (TITLE, "md", f"{TITLE}.md"),
    ("../../etc/passwd", "txt", "etc passwd.txt"),
    ('a\\b:c*d?"e<f>|g', "html", "a b c d e f g.html"),
    ("tab\there\x00\x1b end", "txt", "tab here end.txt"),
    ("evil\u202etxt.exe", "txt", "eviltxt.exe.txt"),
    ("   ", "pdf", "untitled.pdf"),
    ("...", ".PDF", "untitled.pdf"),
    ("CON", "txt", "CON_.txt"),
])
def test_export_filename_is_safe(title, ext, expected):
    assert export_filename(title, ext) == expected


def test_export_filename_stays_under_the_file_system_limit():
    name = export_filename("کتاب" * 200, "docx")
    assert len(name.encode()) <= 255 and name.endswith(".docx") and re.match("^(کتاب)+", name)
