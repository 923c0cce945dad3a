"""The trash through its Reflex handlers, as a tab calls them (any handler, any argument): the
dashboard's deletes and Undo, the trash page's Restore / Delete forever, the editor's panel for
a trashed piece, and the hourly scheduling of the purge. Another writer gets nothing."""

from __future__ import annotations

import pytest

from tests.factories import make_session_token, make_task, make_writer
from tests.support.aio import run as _run
from tests.support.states import tab_state
from writers_app import db as db_module
from writers_app import jobs
from writers_app.models import Task


@pytest.fixture
def people(app_db, settings):
    with db_module.session_scope() as session:
        owner = make_writer(session, settings, display_name="O")
        intruder = make_writer(session, settings, display_name="I")
        ids = [make_task(session, owner, title=f"Piece {i}", body_html="<p>some words</p>").id for i in range(3)]
        tokens = make_session_token(session, owner, settings), make_session_token(session, intruder, settings)
    return tokens, ids


def _deleted(task_id):
    with db_module.session_scope() as session:
        task = session.get(Task, task_id)
        return "gone" if task is None else task.deleted_at is not None


def test_bulk_delete_then_undo_and_a_single_delete(people, signed_in):
    from writers_app.pages.dashboard.state import DashboardState
    from writers_app.pages.dashboard.trash_actions import DashboardTrashState

    (token, _), ids = people
    dashboard = signed_in(DashboardState, token=token)
    DashboardState.load.fn(dashboard)
    undo = tab_state(dashboard, DashboardTrashState)
    dashboard.selected = [str(ids[0]), str(ids[1]), "not an id", "-3"]
    DashboardState.delete_selected.fn(dashboard)
    _run(DashboardTrashState.offer_undo.fn(undo))
    assert undo.undo_count == 2 and [_deleted(i) for i in ids] == [True, True, False]
    assert [i.id for i in dashboard.items] == [ids[2]] and dashboard.total_tasks == 1

    _run(DashboardTrashState.undo.fn(undo))
    assert undo.undo_count == 0 and [_deleted(i) for i in ids] == [False] * 3
    assert sorted(i.id for i in dashboard.items) == sorted(ids) and dashboard.total_tasks == 3

    dashboard.selected = [str(ids[2]), str(ids[0])]
    _run(DashboardTrashState.delete_one.fn(undo, str(ids[2])))
    assert undo.undo_count == 1 and dashboard.selected == [str(ids[0])]
    assert _deleted(ids[2]) is True and ids[2] not in [i.id for i in dashboard.items]
    DashboardTrashState.clear.fn(undo)
    _run(DashboardTrashState.undo.fn(undo))  # dismissed: nothing to bring back
    assert _deleted(ids[2]) is True


def test_the_trash_page_restores_and_deletes_forever_after_asking(people, signed_in):
    from writers_app.pages.trash.state import TrashState

    (token, _), ids = people
    with db_module.session_scope() as session:
        from writers_app.services import trash

        trash.trash_tasks(session=session, owner_id=session.get(Task, ids[0]).owner_id, task_ids=ids[:2])
    page = signed_in(TrashState, token=token)
    TrashState.load.fn(page)
    assert sorted(r.id for r in page.items) == sorted(ids[:2]) and page.days == 30
    assert all(r.purge > r.deleted for r in page.items)

    TrashState.restore.fn(page, str(ids[0]))
    assert page.notice == "trash.restored" and [r.id for r in page.items] == [ids[1]] and _deleted(ids[0]) is False
    TrashState.ask_delete.fn(page, str(ids[2]))  # a live piece, not in the list: no dialog
    assert page.confirm_id == 0
    TrashState.ask_delete.fn(page, str(ids[1]))
    assert page.confirm_id == ids[1] and page.confirm_title == "Piece 1"
    TrashState.dialog_changed.fn(page, False)  # Escape
    assert page.confirm_id == 0 and _deleted(ids[1]) is True
    TrashState.ask_delete.fn(page, str(ids[1]))
    TrashState.delete_forever.fn(page)
    assert page.notice == "trash.deleted" and page.items == [] and _deleted(ids[1]) == "gone"
    TrashState.delete_forever.fn(page)  # nothing asked about: nothing happens
    assert _deleted(ids[2]) is False


def test_another_writer_can_neither_trash_restore_nor_delete_forever(people, signed_in):
    from writers_app.pages.dashboard.state import DashboardState
    from writers_app.pages.dashboard.trash_actions import DashboardTrashState
    from writers_app.pages.editor.state import EditorState
    from writers_app.pages.trash.state import TrashState

    (token, intruder), ids = people
    dashboard = signed_in(DashboardState, token=intruder)
    undo = tab_state(dashboard, DashboardTrashState)
    dashboard.selected = [str(ids[0])]
    DashboardState.delete_selected.fn(dashboard)
    _run(DashboardTrashState.offer_undo.fn(undo))
    _run(DashboardTrashState.delete_one.fn(undo, str(ids[1])))
    assert undo.undo_count == 0 and [_deleted(i) for i in ids] == [False] * 3

    owner_tab = signed_in(DashboardState, token=token)
    owner_tab.selected = [str(ids[0])]
    DashboardState.delete_selected.fn(owner_tab)
    undo._undo = [ids[0]]  # even with the owner's id planted in the intruder's tab
    _run(DashboardTrashState.undo.fn(undo))
    page = signed_in(TrashState, token=intruder)
    TrashState.load.fn(page)
    assert page.items == []
    TrashState.restore.fn(page, str(ids[0]))
    page.confirm_id = ids[0]
    TrashState.delete_forever.fn(page)
    assert page.notice == "trash.gone" and _deleted(ids[0]) is True

    editor = signed_in(EditorState, token=intruder, params={"task_id": str(ids[0])})
    EditorState.load.fn(editor)
    assert editor.found is False and editor.trashed_purge == ""  # not even that it is in a trash
    EditorState.restore_trashed.fn(editor)
    assert _deleted(ids[0]) is True


def test_the_editor_offers_a_trashed_piece_back(people, signed_in):
    from writers_app.pages.editor.state import EditorState
    from writers_app.services import trash

    (token, _), ids = people
    with db_module.session_scope() as session:
        trash.trash_tasks(session=session, owner_id=session.get(Task, ids[0]).owner_id, task_ids=[ids[0]])
    editor = signed_in(EditorState, token=token, params={"task_id": str(ids[0])})
    EditorState.load.fn(editor)
    assert editor.found is False and editor.trashed_purge != "" and editor.title == ""
    EditorState.restore_trashed.fn(editor)
    EditorState.load.fn(editor)
    assert editor.found is True and editor.trashed_purge == "" and editor.title == "Piece 0"


def test_the_purge_is_sent_once_an_hour_and_the_actor_purges(people, monkeypatch, settings):
    from workers import embedded
    from workers.actors.trash import purge_trash

    monkeypatch.setattr(embedded, "_last_purge", [])
    sent: list[str] = []
    assert embedded.schedule_purge(send=sent.append, now=1000.0) is True
    assert embedded.schedule_purge(send=sent.append, now=1000.0 + embedded.PURGE_EVERY_SECONDS - 1) is False
    assert embedded.schedule_purge(send=sent.append, now=1000.0 + embedded.PURGE_EVERY_SECONDS) is True
    assert sent == [jobs.PURGE_TRASH, jobs.PURGE_TRASH] and jobs.QUEUES[jobs.PURGE_TRASH] == "maintenance"

    from datetime import timedelta

    from writers_app.core.security import utcnow
    from writers_app.services import trash

    _, ids = people
    with db_module.session_scope() as session:
        trash.trash_tasks(session=session, owner_id=session.get(Task, ids[0]).owner_id, task_ids=ids[:2])
        session.get(Task, ids[0]).deleted_at = utcnow() - timedelta(days=settings.trash_days, minutes=1)
    purge_trash()
    purge_trash()  # delivered twice: nothing more happens
    assert [_deleted(i) for i in ids] == ["gone", True, False]
