"""Every hostile upload through the real extraction and analysis job: refused at upload with a
clear code, or queued and then "failed" with an upload.* reason, or analysed with inert HTML;
bombs are refused by the size limits before they expand (memory stays bounded), and the worker
goes on to analyse the next normal job. Once with Dramatiq's StubBroker and an in-process worker
(SQLite), once through Redis with the separate `dramatiq` worker process (PostgreSQL)."""

from __future__ import annotations

import resource

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from sqlmodel import Session

from tests.factories import make_writer
from tests.hostile.corpus import MB, XXE_MARK, assert_inert, tried, uploads
from tests.reliability.test_worker_redis import _send, _wait_for, stack  # noqa: F401  (fixture)
from writers_app import db as db_module
from writers_app.core.errors import ServiceError
from writers_app.i18n import MESSAGES
from writers_app.models import Task, TaskStatus
from writers_app.services import uploads as upload_service

KEYS = MESSAGES["en"]
# Headroom for the process's peak memory across all the bombs: 200 MB bombs must never inflate.
MEMORY_HEADROOM_MB = 400


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@pytest.fixture
def worker_world(app_db, settings):
    import workers.actors.process  # noqa: F401  (declares the actor; app_db put `settings` in force)
    from workers.broker import broker

    assert isinstance(broker, StubBroker)
    broker.emit_after("process_boot")
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=50)
    worker.start()
    with db_module.session_scope() as session:
        owner = make_writer(session, settings).id
    yield broker, worker, owner
    broker.join("analysis", fail_fast=False, timeout=120_000)
    worker.join()
    worker.stop()
    broker.flush_all()


def _accept(settings, owner: int, upload, session=None) -> int | str:  # noqa: ANN001
    """The task id of an accepted upload, or the code it was refused with at once."""
    incoming = upload_service.IncomingFile(settings=settings, filename=upload.filename)
    for start in range(0, max(len(upload.data), 1), MB):
        incoming.write(upload.data[start:start + MB])
    try:
        if session is not None:
            task = upload_service.accept_upload(session=session, settings=settings, owner_id=owner, incoming=incoming)
            session.commit()
            return task.id
        return upload_service.store_upload(settings=settings, owner_id=owner, incoming=incoming).id
    except ServiceError as exc:
        return exc.code


def _check_outcome(task: Task, upload) -> str:  # noqa: ANN001
    if task.status == TaskStatus.FAILED:
        assert task.failure_reason in KEYS and task.failure_reason.startswith("upload."), (upload.label, task.failure_reason)
        return task.failure_reason
    assert task.status == TaskStatus.ANALYZED, (upload.label, task.status)
    assert upload.expect != "refused", f"{upload.label} was analysed: {task.body_html[:200]!r}"
    assert XXE_MARK not in task.body_html and "lollol" not in task.body_html
    assert_inert(task.body_html)
    return "analysed"


def test_every_hostile_upload_ends_clearly_and_the_worker_lives(worker_world, settings):
    broker, worker, owner = worker_world
    start_peak = _peak_mb()
    outcomes: dict[str, str] = {}
    corpus = uploads(settings.upload_max_bytes)
    for upload in corpus:
        accepted = _accept(settings, owner, upload)
        if isinstance(accepted, str):
            assert accepted in KEYS, (upload.label, accepted)
            outcomes[upload.label] = f"refused at upload: {accepted}"
            continue
        broker.join("analysis", fail_fast=False, timeout=120_000)
        worker.join()
        with db_module.session_scope() as session:
            outcomes[upload.label] = _check_outcome(session.get(Task, accepted), upload)
    tried("worker", len(corpus))
    assert _peak_mb() - start_peak < MEMORY_HEADROOM_MB, outcomes
    # The worker is alive: the next ordinary upload is analysed.
    from tests.hostile.corpus import Upload

    normal = _accept(settings, owner, Upload("normal", "normal.md", "# Fine\n\nAn ordinary piece of prose.".encode()))
    broker.join("analysis", fail_fast=False, timeout=120_000)
    worker.join()
    with db_module.session_scope() as session:
        assert session.get(Task, normal).status == TaskStatus.ANALYZED
    assert outcomes["zip bomb docx"] in ("upload.docx_too_large", "refused at upload: upload.docx_too_large")
    assert "analysed" in outcomes.values() and any(v.startswith("upload.") for v in outcomes.values())


@pytest.mark.integration
def test_hostile_uploads_through_redis_and_a_real_worker(stack):
    server, worker, engine, settings, owner = stack
    worker.start()
    picked = {"zip bomb docx", "billion laughs docx", "xxe docx", "pdf decompression bomb", "malformed pdf",
              "deep html", "xss html", "10k members docx"}
    chosen = [u for u in uploads(settings.upload_max_bytes) if u.label in picked]
    ids = {}
    with Session(engine) as session:
        for upload in chosen:
            accepted = _accept(settings, owner, upload, session=session)
            assert isinstance(accepted, int), (upload.label, accepted)
            ids[upload.label] = accepted
    _send(server, list(ids.values()))
    for upload in chosen:
        _check_outcome(_wait_for(engine, ids[upload.label], {TaskStatus.ANALYZED, TaskStatus.FAILED}, timeout=120),
                       upload)
    from tests.hostile.corpus import Upload

    with Session(engine) as session:
        normal = _accept(settings, owner, Upload("normal", "n.md", b"# Fine\n\nStill working after the bombs."),
                         session=session)
    _send(server, [normal])
    assert _wait_for(engine, normal, {TaskStatus.ANALYZED, TaskStatus.FAILED}, timeout=120).status == TaskStatus.ANALYZED
    assert worker.proc.poll() is None  # the worker process never died
    tried("worker-redis", len(chosen))
