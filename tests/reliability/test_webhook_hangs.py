"""A webhook receiver that accepts the connection and then never answers, with the real
RedisBroker and a separate `dramatiq` worker process (2 threads) on PostgreSQL.

Each attempt is bounded by WEBHOOK_TIMEOUT_SECONDS (2 s here), logged by the worker with its
context (webhook, event, attempt, error) and recorded as a failed delivery; the actor retries
with backoff; meanwhile the worker's other thread analyses a task as usual (it stays responsive);
once the receiver answers again, the next retry is delivered.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from dramatiq import Message
from dramatiq.brokers.redis import RedisBroker
from sqlmodel import Session, select

from tests.conftest import TEST_SECRET, free_port, make_settings
from tests.factories import make_writer
from tests.reliability import ledger
from tests.reliability.test_worker_redis import RedisProcess, WorkerProcess, _queue, _send, _wait_for
from writers_app.db import make_engine
from writers_app.models import TaskStatus, WebhookDelivery
from writers_app.services import webhooks

pytestmark = pytest.mark.integration
TIMEOUT_S = 2


class HangingReceiver:
    """Accepts connections and reads the request; answers 200 only once `answer` is set."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/hook"
        self.answer = threading.Event()
        self.connections = 0
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        try:
            conn.recv(65536)
            if self.answer.is_set():
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                conn.close()
            else:
                self.held.append(conn)  # never answered, never closed: the sender must give up
        except OSError:
            conn.close()

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def worker_stack(migrated_postgres_url, tmp_path):
    import os

    server = RedisProcess(tmp_path)
    server.start()
    settings = make_settings(tmp_path, database_url=migrated_postgres_url, webhooks_allow_private=True)
    env = {**os.environ, "APP_ENV": "dev", "SECRET_KEY": TEST_SECRET, "DATABASE_URL": migrated_postgres_url,
           "REDIS_URL": server.url, "STORAGE_DIR": str(settings.storage_dir), "LOG_LEVEL": "INFO",
           "WEBHOOKS_ALLOW_PRIVATE": "true", "WEBHOOK_TIMEOUT_SECONDS": str(TIMEOUT_S),
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


def _deliveries(engine, hook_id: int, event: str = "ping") -> list[WebhookDelivery]:  # noqa: ANN001
    """The attempts at one event (the analysed task sends the hook its own `task.analyzed`)."""
    with Session(engine) as session:
        return list(session.exec(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook_id,
                                                               WebhookDelivery.event == event)
                                 .order_by(WebhookDelivery.id)))


def _until(condition, what: str, deadline_s: float = 90) -> None:  # noqa: ANN001
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {deadline_s} s")


def test_a_hanging_receiver_is_bounded_retried_logged_and_the_worker_stays_responsive(worker_stack):
    server, worker, engine, settings, owner = worker_stack
    receiver = HangingReceiver()
    try:
        with Session(engine) as session:
            hook, _secret = webhooks.create_webhook(session=session, settings=settings, owner_id=owner, url=receiver.url)
            session.commit()
        worker.start()
        fault = ledger.fault(f"webhook receiver hangs (accepts, never answers; {TIMEOUT_S} s timeout)")
        broker = RedisBroker(url=server.url)
        broker.enqueue(Message(queue_name="webhooks", actor_name="deliver_webhook", args=(hook.id, "ping", None),
                               kwargs={}, options={}))
        broker.close()
        # The worker's other thread is not held up: a task sent now is analysed as usual.
        task_id = _queue(engine, owner, "<p>Analysed while a webhook receiver hangs.</p>")
        _until(lambda: receiver.connections >= 1, "the first delivery attempt reaches the receiver")
        _send(server, [task_id])
        _wait_for(engine, task_id, {TaskStatus.ANALYZED}, timeout=90)
        # Each attempt gives up at the timeout and is recorded, then retried with backoff.
        _until(lambda: len([d for d in _deliveries(engine, hook.id) if not d.ok]) >= 2, "two failed attempts")
        failed = [d for d in _deliveries(engine, hook.id) if not d.ok]
        assert [d.attempt for d in failed[:2]] == [1, 2]
        assert all(d.error == "ReadTimeout" and d.status_code is None for d in failed)
        # The receiver answers again: the next retry is delivered.
        receiver.answer.set()
        _until(lambda: any(d.ok for d in _deliveries(engine, hook.id)), "a retry delivered once the receiver answers")
    finally:
        receiver.close()
    deliveries = _deliveries(engine, hook.id)
    assert deliveries[-1].ok and deliveries[-1].status_code == 200 and deliveries[-1].attempt == len(deliveries)
    logged = [json.loads(line) for line in worker.log.read_text().splitlines() if line.startswith("{")]
    warnings = [r for r in logged if r.get("message") == "webhook delivery failed" and r.get("event") == "ping"]
    assert len(warnings) >= 2, worker.log.read_text()[-3000:]
    assert all(r.get("webhook_id") == hook.id and r.get("error") == "ReadTimeout" for r in warnings)
    assert [r["attempt"] for r in warnings] == list(range(1, len(warnings) + 1))
    ledger.checked("webhook events delivered after a hanging receiver", count=1)
    fault.ok(f"{len(deliveries) - 1} attempts timed out, each logged; delivered on attempt {deliveries[-1].attempt}; "
             "a task was analysed meanwhile")
