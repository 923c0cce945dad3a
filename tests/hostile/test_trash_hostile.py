"""The trash's handlers with any id a hand-made event can send (not a number, past 64 bits,
another writer's piece, trashed or not): never an exception, the victim's pieces untouched."""

from __future__ import annotations

from tests.hostile.corpus import tried
from tests.hostile.test_handlers_hostile import ALL_IDS, _clear, people, victim_snapshot  # noqa: F401
from tests.support.aio import run
from tests.support.states import tab_state
from writers_app import db as db_module
from writers_app.models import Task
from writers_app.services import trash


def _victims_trash(people) -> tuple:  # noqa: ANN001
    with db_module.session_scope() as session:
        return tuple(sorted((t.id, t.deleted_at) for t in session.query(Task).filter_by(owner_id=people["victim"].id)))


def test_trash_handlers_take_any_id(people, signed_in):  # noqa: F811
    from writers_app.pages.dashboard.state import DashboardState
    from writers_app.pages.dashboard.trash_actions import DashboardTrashState
    from writers_app.pages.editor.state import EditorState
    from writers_app.pages.trash.state import TrashState

    with db_module.session_scope() as session:  # one of the victim's pieces is in their trash
        trashed = trash.trash_tasks(session=session, owner_id=people["victim"].id, task_ids=[people["task"]])
    before, trash_before = victim_snapshot(people["victim"].id), _victims_trash(people)
    dashboard = signed_in(DashboardState, people["writer"])
    undo = tab_state(dashboard, DashboardTrashState)
    page = tab_state(dashboard, TrashState)
    ids = [str(x) for x in ALL_IDS] + [str(people["task"]), *map(str, trashed)]
    for raw in ids:
        run(DashboardTrashState.delete_one.fn(undo, raw))
        TrashState.restore.fn(page, raw)
        _clear(page.notice)
        TrashState.ask_delete.fn(page, raw)
        TrashState.delete_forever.fn(page)
        _clear(page.notice)
        editor = signed_in(EditorState, people["writer"], params={"task_id": raw})
        EditorState.load.fn(editor)
        EditorState.restore_trashed.fn(editor)
        assert editor.trashed_purge == ""
    undo._undo = [people["task"]]
    run(DashboardTrashState.undo.fn(undo))
    tried("handlers", 5 * len(ids) + 1)
    assert victim_snapshot(people["victim"].id) == before and _victims_trash(people) == trash_before
