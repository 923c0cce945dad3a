"""HTML nested deeper than MAX_NESTING_DEPTH is refused before nh3 (whose cost grows with the
square of the depth), by a linear scan that reads tags as the HTML tokenizer does."""

import pytest

from tests.factories import make_task, make_writer
from writers_app.formats.detect import DocumentKind, ExtractionError
from writers_app.formats.extract import extract
from writers_app.formats.sanitize import MAX_NESTING_DEPTH, nesting_depth_exceeds, sanitize_html
from writers_app.i18n import translate
from writers_app.services import tasks
from writers_app.services.errors import ServiceError

DEEP = "<div>" * 40_000 + "x" + "</div>" * 40_000  # 440 KB: 21 s of CPU in nh3 before the limit


def test_deep_html_is_refused_by_the_sanitiser():
    with pytest.raises(ServiceError) as err:
        sanitize_html(DEEP)
    assert err.value.code == "editor.too_deep"


def test_deep_html_is_refused_when_a_body_is_saved(db, settings):
    writer = make_writer(db, settings)
    with pytest.raises(ServiceError) as err:
        make_task(db, writer, title="Deep", body_html=DEEP)
    assert err.value.code == "editor.too_deep"
    task = make_task(db, writer, title="Fine", body_html="<p>x</p>")
    with pytest.raises(ServiceError) as err:
        tasks.save_body(session=db, owner_id=writer.id, task_id=task.id, base_revision=task.revision, html=DEEP)
    assert err.value.code == "editor.too_deep"


@pytest.mark.parametrize("kind, data", [
    (DocumentKind.HTML, DEEP.encode()),
    (DocumentKind.HTML, ("<html><body>" + "<blockquote>" * 5000 + "text").encode()),
])
def test_deep_uploads_are_refused_with_an_upload_message(kind, data):
    with pytest.raises(ExtractionError) as err:
        extract(data, kind)
    assert err.value.code == "upload.too_deep"


@pytest.mark.parametrize("markup", [
    '<div title="<">' * 300,  # a "<" inside a quoted value does not start a tag
    '<div title="</div>">' * 300,  # nor does an end tag inside one
    "<div><script></div></script>" * 300,  # script content is text
    "<div><textarea></div></textarea>" * 300,
    "".join(f"<div><b id={i}></div>" for i in range(300)),  # formatting the parser reopens
    "<table><td>" * 150,  # the <tbody>/<tr> a cell implies
    "<DIV>" * 300,
    "<div\nclass=x>" * 300,
    "<span/>" * 300,  # "/>" closes nothing in HTML
    "<ul><li>" * 150,
], ids=["lt-in-value", "end-tag-in-value", "script", "textarea", "reopened-formatting", "table", "upper",
        "newline", "slash", "lists"])
def test_tricks_do_not_hide_the_depth(markup):
    assert nesting_depth_exceeds(markup)


@pytest.mark.parametrize("markup", [
    "<div>" * MAX_NESTING_DEPTH + "x" + "</div>" * MAX_NESTING_DEPTH,
    '<p dir="rtl">یک <strong>دو</strong></p>' * 20_000,
    "<p>one<p>two<p>three" * 1000,  # unclosed paragraphs are siblings
    "<ul>" + "<li>item" * 1000 + "</ul>",
    "<p>a<br>b<hr><img src=x></p>" * 1000,
    "<!--" + "<div>" * 1000 + "-->",
    "<p>a < b and 3<4 <= 5</p>" * 1000,
    '<div a="' + "<div>" * 1000,  # the rest is one attribute value
])
def test_ordinary_and_harmless_markup_passes(markup):
    assert not nesting_depth_exceeds(markup)


def test_the_messages_exist_in_both_languages():
    for key in ("editor.too_deep", "upload.too_deep"):
        english, persian = translate(key, "en"), translate(key, "fa")
        assert english != key and persian != key and english != persian
