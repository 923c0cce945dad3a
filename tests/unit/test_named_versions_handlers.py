"""The history panel's "name this version" as a browser tab calls it: the owner names, renames
and clears; a name too long shows the reason; a tab planted with someone else's task changes nothing."""

from __future__ import annotations

import pytest

from tests.factories import make_task, make_writer
from tests.support.aio import run as _run
from tests.support.states import tab_state
from writers_app import db as db_module
from writers_app.models import TaskRevision
from writers_app.pages.editor.revisions import RevisionsState
from writers_app.pages.editor.state import EditorState
from writers_app.services import revisions as revision_service


@pytest.fixture
def seeded(app_db, settings):
    with db_module.session_scope() as session:
        a, b = make_writer(session, settings), make_writer(session, settings)
        task = make_task(session, a, body_html="<p>one two</p>")
        session.add(TaskRevision(task_id=task.id, body_html="<p>one</p>", word_count=1))
        session.flush()
        return a.id, b.id, task.id


def _panel(signed_in, user, task_id):
    editor = signed_in(EditorState, user, params={"task_id": str(task_id)})
    EditorState.load.fn(editor)
    editor.task = task_id  # for the intruder: a tab that claims someone else's task
    panel = tab_state(editor, RevisionsState)
    _run(RevisionsState.show.fn(panel))
    return panel


def _stored_names(task_id):
    with db_module.session_scope() as session:
        return [r.name for r in session.query(TaskRevision).filter_by(task_id=task_id).all()]


def test_the_owner_names_renames_and_clears_a_version(signed_in, seeded):
    a, _, task_id = seeded
    panel = _panel(signed_in, a, task_id)
    [row] = panel.items
    RevisionsState.start_naming.fn(panel, str(row.id), row.name)
    RevisionsState.set_name_draft.fn(panel, "x" * (revision_service.NAME_MAX + 1))
    _run(RevisionsState.save_name.fn(panel))
    assert panel.name_error == "versions.name_too_long" and panel.naming == str(row.id)
    assert _stored_names(task_id) == [None]
    RevisionsState.set_name_draft.fn(panel, " sent to editor ")
    _run(RevisionsState.save_name.fn(panel))
    assert panel.naming == "" and panel.items[0].name == "sent to editor"
    assert _stored_names(task_id) == ["sent to editor"]
    reopened = _panel(signed_in, a, task_id)
    assert reopened.items[0].name == "sent to editor"
    RevisionsState.start_naming.fn(reopened, str(row.id), "sent to editor")
    _run(RevisionsState.save_name.fn(reopened, True))
    assert reopened.items[0].name == "" and _stored_names(task_id) == [None]


def test_a_tab_with_someone_elses_task_names_nothing(signed_in, seeded):
    a, b, task_id = seeded
    own = _panel(signed_in, a, task_id)
    revision_id = str(own.items[0].id)
    intruder = _panel(signed_in, b, task_id)
    assert intruder.items == []
    RevisionsState.start_naming.fn(intruder, revision_id, "")
    RevisionsState.set_name_draft.fn(intruder, "mine now")
    _run(RevisionsState.save_name.fn(intruder))
    assert _stored_names(task_id) == [None]
