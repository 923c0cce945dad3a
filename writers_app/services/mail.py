"""Outgoing mail: SMTP when configured, otherwise an outbox folder (development and tests)."""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from writers_app.settings import Settings

log = logging.getLogger(__name__)


def send_mail(*, settings: Settings, to: str, subject: str, body: str) -> Path | None:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if settings.smtp_host:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user and settings.smtp_password:
                smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
            smtp.send_message(message)
        log.info("mail sent", extra={"subject": subject, "smtp_host": settings.smtp_host})
        return None
    outbox = Path(settings.outbox_dir)
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))
    # The body may hold a reset link: the log names the file, never the link itself.
    log.info("mail written to outbox", extra={"subject": subject, "path": str(path)})
    return path


def latest_outbox_mail(settings: Settings, to: str) -> EmailMessage | None:
    """The newest outbox message for an address (used by tests and the dev workflow)."""
    from email import message_from_bytes, policy

    outbox = Path(settings.outbox_dir)
    if not outbox.exists():
        return None
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns, reverse=True):
        msg = message_from_bytes(path.read_bytes(), policy=policy.default)
        if msg["To"] == to:
            return msg  # type: ignore[return-value]
    return None
