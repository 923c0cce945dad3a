"""The mail server down while a writer asks for a password-reset link (the real page function,
services and the actor, on PostgreSQL; a tiny SMTP receiver of our own on loopback).

The request is not lost: the page answers as always ("check your e-mail"; it never tells
whether an account exists), no link is left that nobody received, and the mail is queued; the
worker retries it with backoff while the server is down and sends it once the server is back,
with a fresh link that works.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import threading
import time
from email import message_from_bytes, policy

import dramatiq
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from tests.conftest import free_port, make_settings
from tests.factories import make_writer
from tests.reliability import ledger
from writers_app.db import make_engine
from writers_app.models import PasswordResetToken

pytestmark = pytest.mark.integration


class Receiver:
    """A minimal SMTP server: enough of RFC 5321 for smtplib.send_message, no TLS, no auth."""

    def __init__(self, port: int):
        self.port, self.mails, self.server = port, [], None

    def start(self) -> None:
        mails = self.mails

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 writers-test ESMTP\r\n")
                while line := self.rfile.readline():
                    verb = line.strip().split(b" ", 1)[0].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 writers-test\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 go on\r\n")
                        data = b""
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data += chunk[1:] if chunk.startswith(b"..") else chunk
                        mails.append(message_from_bytes(data, policy=policy.default))
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:  # MAIL FROM, RCPT TO, RSET, NOOP
                        self.wfile.write(b"250 ok\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return False
    except OSError:
        return True


def test_a_reset_asked_while_smtp_is_down_is_mailed_once_it_is_back(migrated_postgres_url, tmp_path, use_settings,
                                                                   monkeypatch, caplog):
    import workers.actors.mail  # noqa: F401  (declares the actor on the test broker)
    from writers_app import db as db_module
    from writers_app import jobs
    from writers_app.pages.password_reset import ask_for_reset_link
    from writers_app.services import auth

    port = free_port()
    settings = use_settings(make_settings(tmp_path, database_url=migrated_postgres_url, smtp_host="127.0.0.1",
                                          smtp_port=port, smtp_starttls=False))
    engine = make_engine(migrated_postgres_url)
    monkeypatch.setattr(db_module, "get_engine", lambda: engine)
    with Session(engine) as session:
        user = make_writer(session, settings, display_name="Forgetful Writer")
        session.commit()
        user_id, email = user.id, user.email

    def links() -> int:
        with Session(engine) as session:
            return session.exec(select(func.count()).select_from(PasswordResetToken)
                                .where(PasswordResetToken.user_id == user_id)).one()

    caplog.set_level(logging.INFO)
    receiver = Receiver(port)
    broker = jobs.get_broker()
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    try:
        assert _refused(port)  # nothing listens: the mail server is down
        fault = ledger.fault("SMTP server down during a password-reset request")
        notice, error = ask_for_reset_link(email=email, language="en", ip="127.0.0.9")
        assert (notice, error) == ("auth.forgot_sent", "")  # the same answer as ever
        assert links() == 0  # no link exists that nobody received
        assert any("queued for retry" in r.getMessage() and getattr(r, "user_id", None) == user_id
                   for r in caplog.records)
        worker.start()
        # The worker tries while the server is still down: that attempt fails and is retried.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
                r.levelno >= logging.WARNING and "send_reset_mail" in r.getMessage() for r in caplog.records):
            time.sleep(0.2)
        assert any("send_reset_mail" in r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING), \
            [r.getMessage() for r in caplog.records]
        assert not receiver.mails and links() == 0
        receiver.start()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not receiver.mails:
            time.sleep(0.2)
        assert len(receiver.mails) == 1, "the queued reset mail never arrived"
    finally:
        worker.stop()
        receiver.stop()
    mail = receiver.mails[0]
    assert mail["To"] == email
    link = next(w for w in mail.get_content().split() if "/reset-password?token=" in w)
    with Session(engine) as session:
        assert auth.reset_token_is_usable(session=session, token=link.split("token=", 1)[1])
    assert links() == 1
    engine.dispose()
    ledger.checked("password-reset requests during an SMTP outage", count=1)
    fault.ok("same answer to the writer; queued, retried while down, mailed with a working link once back")
