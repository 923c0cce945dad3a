"""The dashboard's empty-search way back, its chart axis, and which upload notices stay, as a
browser tab calls them (issue 14)."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import make_task, make_writer
from writers_app import db as db_module
from writers_app.core.security import utcnow
from writers_app.models import TaskPublic, TaskStatus
from writers_app.pages.dashboard.state import DashboardState
from writers_app.pages.dashboard.uploads import UploadResult, _followed, _still_shown
from writers_app.services import writing_stats


def test_a_search_without_result_clears_back_to_every_piece(app_db, settings, signed_in):
    with db_module.session_scope() as session:
        owner = make_writer(session, settings)
        for title in ("Snow", "Rain"):
            make_task(session, owner, title=title, body_html="<p>words</p>")
        writing_stats.add_written_words(session, owner_id=owner.id, words=90, day=utcnow().date() - timedelta(days=2))
    tab = signed_in(DashboardState, owner.id)
    DashboardState.load.fn(tab)
    assert len(tab.items) == 2 and [t.en for t in tab.chart.ticks] == ["0", "25", "50", "75", "100"]
    DashboardState.set_search.fn(tab, "nothing like this")
    assert tab.items == [] and tab.loaded
    DashboardState.clear_search.fn(tab)
    assert tab.search == "" and sorted(i.title for i in tab.items) == ["Rain", "Snow"]


def _task(status: TaskStatus, failure: str = "") -> TaskPublic:
    now = utcnow()
    return TaskPublic(id=7, title="Draft notes", status=status, word_count=3, created_at=now, updated_at=now,
                      failure_reason=failure)


def test_an_upload_notice_follows_its_piece_and_goes_once_analysed():
    notice = UploadResult(name="draft-notes.md", error="", task_id=7)
    assert _still_shown(_task(TaskStatus.QUEUED)) and _still_shown(_task(TaskStatus.PROCESSING))
    assert _followed(notice, _task(TaskStatus.PROCESSING)).status == "processing"
    assert not _still_shown(_task(TaskStatus.ANALYZED))  # the list says Analysed: the notice goes
    assert not _still_shown(None)  # deleted meanwhile
    failed = _followed(notice, _task(TaskStatus.FAILED, "upload.corrupt"))
    assert _still_shown(_task(TaskStatus.FAILED)) and failed.error == "upload.corrupt"
