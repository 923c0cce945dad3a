"""The processing job with Dramatiq's StubBroker and an in-process worker, on SQLite."""

from __future__ import annotations

import io

import docx
import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker

from tests.factories import make_task, make_writer
from writers_app import db as db_module
from writers_app import jobs
from writers_app.models import Task, TaskAnalysis, TaskStatus
from writers_app.services import processing, uploads


@pytest.fixture
def world(app_db, settings):
    """The app's own database, and a stub broker + in-process worker."""
    engine = app_db
    import workers.actors.process  # noqa: F401  (declares the actor; app_db put `settings` in force)
    from workers.broker import broker

    assert isinstance(broker, StubBroker)
    broker.emit_after("process_boot")
    worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=50)
    worker.start()
    with db_module.session_scope() as session:
        owner = make_writer(session, settings).id
    yield engine, broker, worker, owner
    broker.join("analysis", fail_fast=False, timeout=120_000)  # what the test's commits sent ends here
    worker.join()
    worker.stop()
    broker.flush_all()


def _run(broker, worker, ids, *, again=False):
    """Let the worker finish what was sent; `again`: deliver `ids` once more first."""
    for task_id in ids if again else ():
        jobs.send(jobs.PROCESS_TASK, task_id)
    broker.join("analysis", fail_fast=False)
    worker.join()


def _task(task_id):
    with db_module.session_scope() as session:
        return session.get(Task, task_id), session.get(TaskAnalysis, task_id)


def test_a_task_goes_from_queued_to_analyzed(world):
    engine, broker, worker, owner = world
    with db_module.session_scope() as session:
        task = make_task(session, owner, body_html="<p>One short sentence here.</p>")
        ids = processing.request_analysis(session=session, owner_id=owner, task_ids=[task.id])
    assert _task(task.id)[0].status == TaskStatus.QUEUED
    _run(broker, worker, ids)
    row, analysis = _task(task.id)
    assert row.status == TaskStatus.ANALYZED and row.progress == 100 and row.attempts == 1
    assert analysis.words == 4 and analysis.result["sections"]["en"]["statistics"]["sentences"] == 1
    _run(broker, worker, ids, again=True)  # delivered again: nothing is redone
    assert _task(task.id)[0].attempts == 1


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(settings, owner, name, data):
    incoming = uploads.IncomingFile(settings=settings, filename=name)
    incoming.write(data)
    with db_module.session_scope() as session:
        return uploads.accept_upload(session=session, settings=settings, owner_id=owner, incoming=incoming).id


def test_an_upload_is_extracted_then_analysed(world, settings):
    engine, broker, worker, owner = world
    task_id = _upload(settings, owner, "draft.docx", _docx("من می\u200cخواهم کتاب\u200cها را بخوانم."))
    _run(broker, worker, [task_id])
    row, analysis = _task(task_id)
    assert row.status == TaskStatus.ANALYZED and row.word_count == 5
    assert "کتاب\u200cها" in row.body_html and analysis.result["sections"]["fa"]["statistics"]["words"] == 5


def test_a_corrupt_file_fails_with_a_reason_and_no_retry(world, settings):
    engine, broker, worker, owner = world
    broken = _docx("fine")[:300] + b"\x00" * 50  # a zip cut short: still typed as .docx? no: refused
    task_id = _upload(settings, owner, "notes.md", "# title only".encode())
    _run(broker, worker, [task_id])
    assert _task(task_id)[0].status == TaskStatus.ANALYZED
    with db_module.session_scope() as session:  # corrupt the stored file behind the task's back
        path, _ = uploads.upload_path(session=session, settings=settings, task_id=task_id)
        row = session.get(Task, task_id)
        row.revision, row.status = 0, TaskStatus.QUEUED.value
        session.add(row)
    path.write_bytes(broken)
    _run(broker, worker, [task_id], again=True)
    row, _ = _task(task_id)
    assert row.status == TaskStatus.FAILED and row.failure_reason.startswith("upload.")
    assert row.attempts == 2  # one try for the broken file: no retries


def test_retries_exhausted_mark_the_task_failed_exactly_once(world, monkeypatch):
    engine, broker, worker, owner = world
    import workers.actors.process as actor_module

    calls = []

    def explode(task_id, *, settings):
        calls.append(task_id)
        raise RuntimeError("boom")

    monkeypatch.setattr(actor_module.processing, "run_task", explode)
    monkeypatch.setattr(actor_module.process_task, "options", {**actor_module.process_task.options,
                                                               "max_retries": 2, "min_backoff": 10, "max_backoff": 20})
    marks = []
    real_mark_failed = processing.mark_failed
    monkeypatch.setattr(processing, "mark_failed", lambda **kw: marks.append(real_mark_failed(**kw)))
    with db_module.session_scope() as session:
        task = make_task(session, owner, body_html="<p>x</p>")
        processing.request_analysis(session=session, owner_id=owner, task_ids=[task.id])
    _run(broker, worker, [task.id])
    row, _ = _task(task.id)
    assert len(calls) == 3 and row.status == TaskStatus.FAILED and row.failure_reason == "processing.gave_up"
    assert marks == [True]


def test_the_sweeper_finds_stuck_tasks(world):
    from datetime import timedelta

    from writers_app.core.security import utcnow

    engine, broker, worker, owner = world
    with db_module.session_scope() as session:
        fresh = make_task(session, owner)
        old = make_task(session, owner)
        hung = make_task(session, owner)
        processing.request_analysis(session=session, owner_id=owner, task_ids=[fresh.id, old.id, hung.id])
        now = utcnow()
        for task_id, values in ((old.id, {"queued_at": now - timedelta(minutes=5)}),
                                (hung.id, {"status": "processing", "processing_started_at": now - timedelta(hours=1)})):
            row = session.get(Task, task_id)
            for key, value in values.items():
                setattr(row, key, value)
            session.add(row)
    with db_module.session_scope() as session:
        assert sorted(processing.stuck_task_ids(session=session)) == sorted([old.id, hung.id])
        assert len(processing.stuck_task_ids(session=session, everything=True)) == 3


def test_only_the_owner_can_request_analysis(world, settings):
    from writers_app.services.errors import NotFound

    engine, broker, worker, owner = world
    with db_module.session_scope() as session:
        other = make_writer(session, settings).id
        task = make_task(session, owner)
    with db_module.session_scope() as session, pytest.raises(NotFound):
        processing.request_analysis(session=session, owner_id=other, task_ids=[task.id])
    with db_module.session_scope() as session, pytest.raises(NotFound):
        processing.get_analysis(session=session, owner_id=other, task_id=task.id)


def test_an_upload_is_queued_with_a_time_so_the_sweeper_can_see_it(world, settings):
    from datetime import timedelta

    from writers_app.core.security import utcnow

    engine, broker, worker, owner = world
    task_id = _upload(settings, owner, "late.txt", b"some words")  # never sent to the worker
    with db_module.session_scope() as session:
        assert processing.stuck_task_ids(session=session, now=utcnow() + timedelta(minutes=3)) == [task_id]


def test_a_writer_at_the_concurrency_limit_waits_while_others_go_ahead(world, settings, queued_tasks):
    # The tasks are run by hand here, so what the commits send is only recorded.
    from writers_app.core.security import utcnow

    engine, broker, worker, owner = world
    with db_module.session_scope() as session:
        other = make_writer(session, settings).id
        busy = [make_task(session, owner).id for _ in range(settings.per_writer_concurrency)]
        waiting = make_task(session, owner, body_html="<p>my turn later</p>").id
        theirs = make_task(session, other, body_html="<p>not held up</p>").id
        for task_id in busy:
            row = session.get(Task, task_id)
            row.status, row.processing_started_at = TaskStatus.PROCESSING.value, utcnow()
            session.add(row)
        processing.request_analysis(session=session, owner_id=owner, task_ids=[waiting])
        processing.request_analysis(session=session, owner_id=other, task_ids=[theirs])
    assert processing.run_task(waiting, settings=settings) == processing.DEFERRED
    assert _task(waiting)[0].status == TaskStatus.QUEUED
    assert processing.run_task(theirs, settings=settings) is None
    assert _task(theirs)[0].status == TaskStatus.ANALYZED
    with db_module.session_scope() as session:  # the writer's earlier tasks finish: their turn comes
        for task_id in busy:
            session.get(Task, task_id).status = TaskStatus.ANALYZED.value
    assert processing.run_task(waiting, settings=settings) is None
    assert _task(waiting)[0].status == TaskStatus.ANALYZED


def test_processing_records_time_and_words(world):
    from prometheus_client import REGISTRY

    engine, broker, worker, owner = world
    before_words = REGISTRY.get_sample_value("writers_words_processed_total") or 0
    before_count = REGISTRY.get_sample_value("writers_task_processing_seconds_count") or 0
    with db_module.session_scope() as session:
        task = make_task(session, owner, body_html="<p>Exactly five words here now.</p>")
        ids = processing.request_analysis(session=session, owner_id=owner, task_ids=[task.id])
    _run(broker, worker, ids)
    assert REGISTRY.get_sample_value("writers_words_processed_total") - before_words == 5
    assert REGISTRY.get_sample_value("writers_task_processing_seconds_count") - before_count == 1
