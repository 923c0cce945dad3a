"""The real RedisBroker with a separate `dramatiq` worker process, on PostgreSQL.

Part of the fault-injection suite (tests/reliability): a worker killed with SIGKILL mid-job, and
Redis losing its queued messages. Each test gets its own redis-server (ours to kill and restart)
and the session's own database.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from dramatiq import Message
from dramatiq.brokers.redis import RedisBroker
from sqlmodel import Session, select

from tests.conftest import TEST_SECRET, free_port, make_settings, require_or_skip
from tests.factories import make_task, make_writer
from tests.reliability import ledger
from writers_app.db import make_engine
from writers_app.models import Task, TaskAnalysis, TaskStatus
from writers_app.services import processing, uploads

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


class RedisProcess:
    def __init__(self, workdir: Path):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            require_or_skip("WRITERS_REQUIRE_SERVICES", "redis-server is not installed")
        self.port, self.workdir, self.proc = free_port(), workdir, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.workdir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class WorkerProcess:
    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log, self.proc = env, log, None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "dramatiq", "workers.worker", "--processes", "1", "--threads", "2"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=30)


@pytest.fixture
def stack(migrated_postgres_url, tmp_path):
    server = RedisProcess(tmp_path)
    server.start()
    settings = make_settings(tmp_path, database_url=migrated_postgres_url)
    env = {**os.environ, "APP_ENV": "dev", "SECRET_KEY": TEST_SECRET, "DATABASE_URL": migrated_postgres_url,
           "REDIS_URL": server.url, "STORAGE_DIR": str(settings.storage_dir), "LOG_LEVEL": "INFO",
           "dramatiq_prom_db": str(tmp_path / "prom"), "dramatiq_prom_port": str(free_port()),
           "dramatiq_prom_host": "127.0.0.1"}
    worker = WorkerProcess(env, tmp_path / "worker.log")
    engine = make_engine(migrated_postgres_url)
    with Session(engine) as session:
        owner = make_writer(session, settings).id
        session.commit()
    yield server, worker, engine, settings, owner
    worker.kill()
    server.stop()
    engine.dispose()


def _send(server: RedisProcess, task_ids: list[int]) -> None:
    broker = RedisBroker(url=server.url)
    for task_id in task_ids:
        broker.enqueue(Message(queue_name="analysis", actor_name="process_task", args=(task_id,), kwargs={},
                               options={}))
    broker.close()


def _wait_for(engine, task_id: int, statuses: set[str], timeout: float = 60) -> Task:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session(engine) as session:
            task = session.get(Task, task_id)
            if task.status in statuses:
                return task
        time.sleep(0.2)
    raise AssertionError(f"task {task_id} stayed {task.status}")


def _queue(engine, owner: int, html: str) -> int:
    with Session(engine) as session:
        task = make_task(session, owner, body_html=html)
        processing.request_analysis(session=session, owner_id=owner, task_ids=[task.id])
        session.commit()
    return task.id


def test_a_task_goes_from_queued_to_analyzed(stack):
    server, worker, engine, settings, owner = stack
    worker.start()
    task_id = _queue(engine, owner, "<p>A short text to analyse. It has two sentences.</p>")
    _send(server, [task_id])
    task = _wait_for(engine, task_id, {TaskStatus.ANALYZED})
    with Session(engine) as session:
        assert session.get(TaskAnalysis, task_id).words == 9  # A short text to analyse. It has two sentences.
    assert task.progress == 100
    # The worker's metrics: Dramatiq's own and ours, summed over its processes.
    import httpx

    text = ""
    for _ in range(50):
        try:
            text = httpx.get(f"http://127.0.0.1:{worker.env['dramatiq_prom_port']}/", timeout=2).text
            if "writers_words_processed_total" in text:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    assert "writers_words_processed_total 9.0" in text
    assert 'dramatiq_messages_total{actor_name="process_task",queue_name="analysis"}' in text
    assert "writers_task_processing_seconds_count 1.0" in text


def test_a_corrupt_file_ends_failed_with_a_reason(stack):
    server, worker, engine, settings, owner = stack
    worker.start()
    incoming = uploads.IncomingFile(settings=settings, filename="broken.pdf")
    incoming.write(b"%PDF-1.7\nthis is not really a pdf at all\n")
    with Session(engine) as session:
        task_id = uploads.accept_upload(session=session, settings=settings, owner_id=owner, incoming=incoming).id
        session.commit()
    _send(server, [task_id])
    task = _wait_for(engine, task_id, {TaskStatus.FAILED})
    assert task.failure_reason.startswith("upload.") and task.attempts == 1


def test_a_worker_killed_mid_job_is_redelivered_and_the_task_analysed_once(stack):
    server, worker, engine, settings, owner = stack
    sentence = "The quiet river carried the old boat slowly past the sleeping village. "
    task_id = _queue(engine, owner, "".join(f"<p>{sentence * 12}</p>" for _ in range(5000)))  # ~700k words
    worker.start()
    _send(server, [task_id])
    _wait_for(engine, task_id, {TaskStatus.PROCESSING}, timeout=30)
    worker.kill(signal.SIGKILL)
    fault = ledger.fault("worker killed with SIGKILL mid-job")
    with Session(engine) as session:
        assert session.get(Task, task_id).status == TaskStatus.PROCESSING  # died mid-job
    killed_at = time.monotonic()
    worker.start()
    redelivered_after = None
    while time.monotonic() - killed_at < 90 and redelivered_after is None:
        with Session(engine) as session:
            if session.get(Task, task_id).attempts >= 2:  # the job started again
                redelivered_after = time.monotonic() - killed_at
        time.sleep(0.2)
    task = _wait_for(engine, task_id, {TaskStatus.ANALYZED}, timeout=90)
    assert task.attempts == 2  # one killed attempt, one redelivery: analysed once
    with Session(engine) as session:
        assert len(session.exec(select(TaskAnalysis).where(TaskAnalysis.task_id == task_id)).all()) == 1
    # Within the 90 s deadline, where Dramatiq's default heartbeat would take about six minutes;
    # the figure itself belongs to bench/bench_pipeline.py, not to an assertion on a busy machine.
    assert redelivered_after is not None, "not redelivered within 90 s of the SIGKILL"
    print(f"redelivered {redelivered_after:.1f} s after SIGKILL; analysed "
          f"{time.monotonic() - killed_at:.1f} s after")
    fault.ok(f"redelivered after {redelivered_after:.1f} s, analysed once")
    ledger.figure("worker SIGKILL: redelivered after (s)", redelivered_after)


def test_after_redis_loses_its_data_the_sweeper_brings_every_task_to_analyzed(stack):
    from datetime import timedelta

    from writers_app.core.security import utcnow

    server, worker, engine, settings, owner = stack
    ids = [_queue(engine, owner, f"<p>Piece number {i} waits in the queue.</p>") for i in range(5)]
    _send(server, ids)  # queued in Redis, but no worker is running
    server.stop()
    server.start()  # no persistence: every queued message is gone
    fault = ledger.fault("Redis restarted without persistence, 5 queued jobs lost from it")
    assert redis.Redis(port=server.port).dbsize() == 0
    worker.start()
    time.sleep(2)
    with Session(engine) as session:
        assert all(session.get(Task, i).status == TaskStatus.QUEUED for i in ids)
    from workers.embedded import sweep

    # The sweeper's next round, three minutes on, with its sends going to this Redis.
    resent = sweep(now=utcnow() + timedelta(minutes=3), send=lambda task_ids: _send(server, task_ids),
                   session_factory=lambda: Session(engine))
    assert sorted(resent) == sorted(ids)
    for task_id in ids:
        _wait_for(engine, task_id, {TaskStatus.ANALYZED})
    fault.ok(f"the sweeper re-sent {len(resent)} tasks, all analysed")
