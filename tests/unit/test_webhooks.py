"""Webhooks: URL checks, signed deliveries received by a real local HTTP server, retries, log."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import make_settings
from tests.factories import make_task, make_writer
from tests.unit.test_processing import _run, world  # noqa: F401  (the stub broker + worker fixture)
from writers_app import db as db_module
from writers_app.services import processing, webhooks
from writers_app.services.errors import NotFound, ServiceError


class Receiver:
    """A local HTTP server that records what it receives and answers with chosen codes."""

    def __init__(self, answers: list[int]):
        self.requests: list[tuple[dict, bytes]] = []
        self.answers = answers
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args):  # keep test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("url, code", [
    ("ftp://example.com/x", "webhook.url_invalid"), ("javascript:alert(1)", "webhook.url_invalid"),
    ("http://user:pw@example.com/", "webhook.url_invalid"), ("http://127.0.0.1:8080/", "webhook.url_private"),
    ("http://10.1.2.3/", "webhook.url_private"), ("http://[::1]/", "webhook.url_private"),
    ("http://169.254.169.254/latest/meta-data", "webhook.url_private"), ("http://localhost/", "webhook.url_private"),
])
def test_bad_and_private_urls_are_refused(db, settings, url, code):
    user = make_writer(db, settings)
    with pytest.raises(ServiceError) as err:
        webhooks.create_webhook(session=db, settings=settings, owner_id=user.id, url=url)
    assert err.value.code == code


def test_signed_posts_on_analyzed_with_retries_and_a_log(world, settings, use_settings, monkeypatch):  # noqa: F811
    engine, broker, worker, owner = world
    dev = use_settings(make_settings(settings.storage_dir.parent, webhooks_allow_private=True))
    import workers.actors.webhooks as actor_module

    monkeypatch.setattr(actor_module.deliver_webhook, "options",
                        {**actor_module.deliver_webhook.options, "min_backoff": 10, "max_backoff": 50})
    receiver = Receiver(answers=[500])  # the first attempt fails, the retry succeeds
    try:
        with db_module.session_scope() as session:
            hook, secret = webhooks.create_webhook(session=session, settings=dev, owner_id=owner, url=receiver.url)
            task = make_task(session, owner, title="Hooked", body_html="<p>Two words.</p>")
            processing.request_analysis(session=session, owner_id=owner, task_ids=[task.id])
        _run(broker, worker, [task.id])
        broker.join("webhooks", fail_fast=False)
        worker.join()
    finally:
        receiver.close()
    assert len(receiver.requests) == 2
    headers, body = receiver.requests[-1]
    expected = "sha256=" + hmac.new(secret.encode(), headers["X-Writers-Timestamp"].encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Writers-Signature"], expected)
    event = json.loads(body)
    assert event["event"] == "task.analyzed" and event["task"]["id"] == task.id and event["task"]["status"] == "analyzed"
    with db_module.session_scope() as session:
        log = webhooks.list_deliveries(session=session, owner_id=owner)
    assert [(d.attempt, d.status_code, d.ok) for d in reversed(log)] == [(1, 500, False), (2, 200, True)]


def test_only_the_owner_sees_and_changes_a_webhook(db, settings):
    dev = make_settings(settings.storage_dir.parent, webhooks_allow_private=True)
    a = make_writer(db, dev)
    b = make_writer(db, dev)
    hook, _ = webhooks.create_webhook(session=db, settings=dev, owner_id=a.id, url="http://127.0.0.1:9/x")
    assert webhooks.list_webhooks(session=db, owner_id=b.id) == []
    with pytest.raises(NotFound):
        webhooks.delete_webhook(session=db, owner_id=b.id, webhook_id=hook.id)
    with pytest.raises(NotFound):
        webhooks.test_webhook(session=db, owner_id=b.id, webhook_id=hook.id)
    webhooks.delete_webhook(session=db, owner_id=a.id, webhook_id=hook.id)
    assert webhooks.list_webhooks(session=db, owner_id=a.id) == []
