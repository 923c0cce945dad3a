"""The dashboard summary and analysis results are cached, every write path drops what it
changes (after its commit), and a broken cache only makes reads slower."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.conftest import make_settings
from tests.factories import make_task, make_writer
from writers_app import db as db_module
from writers_app.services import cache, processing, tasks, writing_stats


@pytest.fixture
def writer(app_db, settings, queued_tasks):
    cache.reset_memory()
    with db_module.session_scope() as session:
        user = make_writer(session, settings)
    return user.id


class Queries:
    def __init__(self, engine) -> None:  # noqa: ANN001
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:  # noqa: ANN002
        self.count += 1


def _summary(owner_id: int):
    with db_module.session_scope() as session:
        return writing_stats.summary(session=session, owner_id=owner_id)


def test_summary_is_cached_and_every_write_invalidates_it(app_db, writer, settings):
    queries = Queries(app_db)
    with db_module.session_scope() as session:
        task = make_task(session, writer, title="One", body_html="<p>one two</p>")
    first = _summary(writer)
    assert first.total_tasks == 1 and first.total_words == 2

    before = queries.count
    assert _summary(writer) == first
    assert queries.count - before <= 1  # no summary queries: at most the session's own BEGIN/SELECT 1

    with db_module.session_scope() as session:  # the editor's save
        tasks.save_body(session=session, owner_id=writer, task_id=task.id, base_revision=0,
                        html="<p>one two three four</p>")
    assert _summary(writer).total_words == 4

    with db_module.session_scope() as session:  # analysis requested (a bulk UPDATE)
        processing.request_analysis(session=session, owner_id=writer, task_ids=[task.id])
    assert _summary(writer).by_status["queued"] == 1

    processing.run_task(task.id, settings=settings)  # the worker, in its own sessions
    assert _summary(writer).by_status["analyzed"] == 1

    with db_module.session_scope() as session:
        tasks.delete_tasks(session=session, owner_id=writer, task_ids=[task.id])
    assert _summary(writer).total_tasks == 0


def test_failed_write_keeps_the_cached_value(app_db, writer):
    with db_module.session_scope() as session:
        make_task(session, writer, title="Kept", body_html="<p>a b c</p>")
    cached = _summary(writer)
    with pytest.raises(RuntimeError):
        with db_module.session_scope() as session:
            make_task(session, writer, title="Rolled back", body_html="<p>x</p>")
            raise RuntimeError("the request failed after the write")
    assert _summary(writer) == cached and cached.total_tasks == 1


def test_analysis_payload_is_cached_per_owner_check_and_refreshed(app_db, writer, settings):
    with db_module.session_scope() as session:
        task = make_task(session, writer, title="A", body_html="<p>Short text.</p>")
        other = make_writer(session, settings)
    with db_module.session_scope() as session:
        assert processing.analysis_payload(session=session, owner_id=writer, task_id=task.id) is None
    processing.run_task(task.id, settings=settings)
    with db_module.session_scope() as session:
        payload = processing.analysis_payload(session=session, owner_id=writer, task_id=task.id)
    assert payload["revision"] == 0 and payload["words"] == 2

    from writers_app.services.errors import NotFound

    with db_module.session_scope() as session, pytest.raises(NotFound):  # cached or not: owners only
        processing.analysis_payload(session=session, owner_id=other.id, task_id=task.id)

    with db_module.session_scope() as session:
        tasks.save_body(session=session, owner_id=writer, task_id=task.id, base_revision=0,
                        html="<p>Now a longer text with more words.</p>")
    processing.run_task(task.id, settings=settings)
    with db_module.session_scope() as session:
        payload = processing.analysis_payload(session=session, owner_id=writer, task_id=task.id)
    assert payload["revision"] == 1 and payload["words"] == 7


def test_unreachable_cache_only_costs_time(tmp_path, monkeypatch, app_db, writer):
    broken = make_settings(tmp_path, redis_url="redis://127.0.0.1:1/0")  # nothing listens on port 1
    calls = []
    value = cache.get_or_compute("k", lambda: calls.append(1) or {"n": 1}, settings=broken)
    assert value == {"n": 1} and calls == [1]
    cache.delete("k", settings=broken)  # logged, not raised
