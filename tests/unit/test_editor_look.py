"""What writers see in the editor, the parts a unit test can tell: the compare marks only the
words that changed, the revision policy's choices, headings and list items are not sentences,
and an analysis of older text is marked stale (panel and dashboard)."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import make_task, make_writer
from writers_app.analysis import analyse_text
from writers_app.core.security import utcnow
from writers_app.formats.compare import Part, compare_paragraphs, compare_words
from writers_app.formats.sanitize import html_to_text
from writers_app.models import Task, TaskAnalysis, TaskStatus
from writers_app.pages.dashboard.rows import task_row
from writers_app.services import processing, tasks
from writers_app.services import revisions as policy

# --- compare: word by word inside an edited paragraph ---


def test_an_edited_paragraph_marks_only_the_changed_words():
    changes = compare_paragraphs("Keep this.\n\nThe cat sat on the mat.", "Keep this.\n\nThe black cat sat on a mat.")
    assert [c.kind for c in changes] == ["changed"]
    marked = [(p.kind, p.text) for p in changes[0].parts if p.kind != "same"]
    assert marked == [("added", " black"), ("removed", "the"), ("added", "a")]
    assert "".join(p.text for p in changes[0].parts if p.kind != "removed") == "The black cat sat on a mat."


def test_persian_words_with_a_half_space_are_compared_whole():
    parts = compare_words("من می\u200cخواهم بروم.", "من می\u200cخواهم بیایم.")
    assert parts == (Part("same", "من می\u200cخواهم "), Part("removed", "بروم"), Part("added", "بیایم"),
                     Part("same", "."))
    # A half-space fix is a change of the word that holds it, not of the words around.
    fixed = compare_words("ما میخواهیم رفت", "ما می\u200cخواهیم رفت")
    assert [p for p in fixed if p.kind != "same"] == [Part("removed", "میخواهیم"), Part("added", "می\u200cخواهیم")]


def test_a_rewritten_paragraph_is_removed_and_added_and_insertions_stay_whole():
    assert [(c.kind, c.text) for c in compare_paragraphs("alpha beta gamma", "one two three")] == [
        ("removed", "alpha beta gamma"), ("added", "one two three")]
    changes = compare_paragraphs("one two three four\n\nend", "a new paragraph\n\none two THREE four\n\nend")
    assert [c.kind for c in changes] == ["added", "changed"]


# --- the revision policy ---

NOW = utcnow()


def _decide(**over):
    args = {"newest_revision_at": NOW - timedelta(minutes=1), "last_saved_at": NOW - timedelta(seconds=2),
            "now": NOW, "words_before": 100, "words_after": 101, "at_word_boundary": lambda: True}
    return policy.autosave_snapshot(**{**args, **over})


def test_continuous_typing_keeps_nothing_between_versions():
    assert _decide() is None


def test_a_pause_keeps_the_text_the_writer_left():
    assert _decide(newest_revision_at=NOW - timedelta(minutes=4),
                   last_saved_at=NOW - policy.IDLE_PAUSE - timedelta(seconds=1)) == policy.BEFORE
    # ...unless that text is the newest version already, or empty
    assert _decide(last_saved_at=NOW - timedelta(minutes=3), newest_revision_at=NOW - timedelta(minutes=3)) is None
    assert _decide(newest_revision_at=NOW - timedelta(minutes=4), last_saved_at=NOW - timedelta(minutes=3),
                   words_before=0) is None


def test_a_big_paste_or_deletion_keeps_the_text_before_it():
    assert _decide(words_after=100 + policy.LARGE_CHANGE_WORDS) == policy.BEFORE
    assert _decide(words_after=100 - policy.LARGE_CHANGE_WORDS) == policy.BEFORE


def test_a_long_session_keeps_a_version_every_few_minutes_but_never_mid_word():
    old = NOW - policy.AUTOSAVE_REVISION_EVERY
    assert _decide(newest_revision_at=old) == policy.AFTER
    assert _decide(newest_revision_at=old, at_word_boundary=lambda: False) is None
    asked = []
    _decide(at_word_boundary=lambda: asked.append(1) or True)
    assert asked == []  # the text comparison runs only when it matters


def test_word_boundaries():
    assert not policy.ends_at_word_boundary("Hello wor", "Hello worl")
    assert policy.ends_at_word_boundary("Hello world", "Hello world.")
    assert policy.ends_at_word_boundary("Hello world", "Hello world ")
    assert not policy.ends_at_word_boundary("foo  bar", "foo hel bar")  # typing in the middle, mid-word
    assert policy.ends_at_word_boundary("foo bar baz", "foo baz")  # a whole word deleted
    assert not policy.ends_at_word_boundary("hello", "helo")  # a letter deleted inside a word
    assert not policy.ends_at_word_boundary("می", "می\u200c")  # a half-space joins the next part
    assert policy.ends_at_word_boundary("من می\u200cروم", "من می\u200cروم، ")


# --- headings and list items are not sentences ---


def test_headings_and_list_items_count_words_but_not_sentences():
    html = ("<h1>My title</h1><p>This is the first real sentence of the text. And a second one follows.</p>"
            "<ul><li><p>milk</p></li><li><p>eggs and bread</p></li></ul><h2>Part two</h2><p>Short one.</p>")
    stats = analyse_text(html_to_text(html)).sections["en"].statistics
    assert stats.sentences == 3 and stats.words == 24
    assert stats.mean_words_per_sentence == round(16 / 3, 2)
    fa = analyse_text("عنوان نوشته\n\nاین یک جملهٔ کامل است که چند واژه دارد.\n\nشیر\n\nنان و پنیر").sections["fa"]
    assert fa.statistics.sentences == 1 and fa.statistics.mean_words_per_sentence == 9


def test_a_long_line_without_a_full_stop_is_still_a_sentence():
    line = " ".join(["word"] * 20)
    assert analyse_text(line).sections["en"].statistics.sentences == 1


# --- stale analysis ---


def test_the_dashboard_marks_a_piece_changed_since_its_analysis(db, settings):
    owner = make_writer(db, settings)
    other = make_writer(db, settings)
    task = make_task(db, owner, body_html="<p>Some text.</p>")
    db.add(TaskAnalysis(task_id=task.id, version=1, revision=0, result={}))
    row = db.get(Task, task.id)
    row.status = TaskStatus.ANALYZED.value
    db.add(row)
    db.commit()
    fresh = tasks.get_task(session=db, owner_id=owner.id, task_id=task.id)
    analysed = processing.analysed_revisions(session=db, owner_id=owner.id, task_ids=[task.id])
    assert analysed == {task.id: 0}
    assert not task_row(fresh, NOW.date(), analysed.get(task.id)).stale
    assert processing.analysed_revisions(session=db, owner_id=other.id, task_ids=[task.id]) == {}  # not theirs
    tasks.save_body(session=db, owner_id=owner.id, task_id=task.id, base_revision=0, html="<p>Other text.</p>")
    db.commit()
    edited = tasks.get_task(session=db, owner_id=owner.id, task_id=task.id)
    assert task_row(edited, NOW.date(), analysed.get(task.id)).stale
    assert not task_row(edited, NOW.date(), None).stale  # never analysed: nothing to be stale


def test_the_panel_marks_stale_from_the_editors_acknowledgements_too():
    from writers_app.pages.editor.analysis_panel import stale_now

    drawn = str(stale_now())
    assert "ack" in drawn and "revision" in drawn and "analysed_revision" in drawn and "stale" in drawn


# --- the handlers, as a browser tab calls them ---


def test_fix_all_keeps_a_revision_for_the_owner_and_nothing_for_anyone_else(app_db, settings, signed_in):
    from tests.support.aio import run
    from tests.support.states import tab_state
    from writers_app import db as db_module
    from writers_app.models import TaskRevision
    from writers_app.pages.editor.analysis_panel import AnalysisState
    from writers_app.pages.editor.state import EditorState

    with db_module.session_scope() as session:
        owner = make_writer(session, settings, email="owner@example.com")
        intruder = make_writer(session, settings, email="intruder@example.com")
        task = make_task(session, owner, body_html="<p>من میخواهم</p>")
        owner_id, intruder_id = owner.id, intruder.id

    def revisions() -> list[str]:
        with db_module.session_scope() as session:
            return [r.reason for r in session.query(TaskRevision).filter_by(task_id=task.id).all()]

    theirs = signed_in(EditorState, intruder_id, params={"task_id": str(task.id)})
    theirs.task = task.id  # planted: the service still says "not found"
    analysis = tab_state(theirs, AnalysisState)
    analysis._fix_targets = [{"block": 0, "offset": 3, "original": "میخواهم", "replacement": "می\u200cخواهم"}]
    run(AnalysisState.fix_all.fn(analysis))
    assert revisions() == [] and analysis.command == {}

    mine = signed_in(EditorState, owner_id, params={"task_id": str(task.id)})
    EditorState.load.fn(mine)
    analysis = tab_state(mine, AnalysisState)
    analysis._fix_targets = [{"block": 0, "offset": 3, "original": "میخواهم", "replacement": "می\u200cخواهم"}]
    run(AnalysisState.fix_all.fn(analysis))
    assert revisions() == ["fixes"] and analysis.command["fixes"] and analysis.stale
    # A goal typed with Persian digits and grouping is read as the number it is.
    EditorState.set_goal.fn(mine, "۱٬۲۰۰")
    assert mine.error == "" and mine.word_goal == 1200
