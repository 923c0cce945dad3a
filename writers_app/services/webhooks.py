"""Webhooks: writers register URLs; on analyzed/failed the worker POSTs signed JSON to them.

Signature: `X-Writers-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with
`X-Writers-Timestamp`, so receivers can check both authenticity and freshness. Private and
loopback addresses are refused (checked at registration and again at each delivery, against
DNS rebinding) unless the setting allows them for development.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
from urllib.parse import urlsplit

import httpx
from sqlmodel import Session, col, delete, select

from writers_app import jobs
from writers_app.core.security import utcnow
from writers_app.db import session_scope
from writers_app.models import DeliveryPublic, Task, Webhook, WebhookDelivery, WebhookPublic
from writers_app.services.errors import NotFound, ServiceError
from writers_app.settings import Settings

log = logging.getLogger(__name__)

MAX_HOOKS_PER_WRITER = 10
DELIVERIES_KEPT = 50
TIMEOUT_SECONDS = 10
EVENTS = ("task.analyzed", "task.failed", "ping")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _check_url(url: str, *, settings: Settings) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        raise ServiceError("webhook.url_invalid")
    if parts.username or parts.password:
        raise ServiceError("webhook.url_invalid")
    if not settings.webhooks_allow_private:
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        except OSError as exc:
            raise ServiceError("webhook.url_unresolvable") from exc
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not address.is_global:
                raise ServiceError("webhook.url_private")
    return url


def create_webhook(*, session: Session, settings: Settings, owner_id: int, url: str) -> tuple[WebhookPublic, str]:
    """Register a URL; returns the webhook and its signing secret (shown to the writer once)."""
    url = _check_url(url, settings=settings)
    count = len(session.exec(select(Webhook.id).where(Webhook.owner_id == owner_id)).all())
    if count >= MAX_HOOKS_PER_WRITER:
        raise ServiceError("webhook.too_many")
    secret = secrets.token_hex(24)
    hook = Webhook(owner_id=owner_id, url=url, secret=secret)
    session.add(hook)
    session.flush()
    log.info("webhook created", extra={"user_id": owner_id, "webhook_id": hook.id})
    return WebhookPublic.model_validate(hook, from_attributes=True), secret


def list_webhooks(*, session: Session, owner_id: int) -> list[WebhookPublic]:
    rows = session.exec(select(Webhook).where(Webhook.owner_id == owner_id).order_by(col(Webhook.id))).all()
    return [WebhookPublic.model_validate(r, from_attributes=True) for r in rows]


def delete_webhook(*, session: Session, owner_id: int, webhook_id: int) -> None:
    hook = _owned(session, owner_id, webhook_id)
    session.delete(hook)


def _owned(session: Session, owner_id: int, webhook_id: int) -> Webhook:
    hook = session.exec(select(Webhook).where(Webhook.id == webhook_id, Webhook.owner_id == owner_id)).first()
    if hook is None:
        raise NotFound()
    return hook


def list_deliveries(*, session: Session, owner_id: int, limit: int = DELIVERIES_KEPT) -> list[DeliveryPublic]:
    rows = session.exec(
        select(WebhookDelivery).join(Webhook, col(Webhook.id) == col(WebhookDelivery.webhook_id))
        .where(Webhook.owner_id == owner_id)
        .order_by(col(WebhookDelivery.created_at).desc(), col(WebhookDelivery.id).desc()).limit(limit)
    ).all()
    return [DeliveryPublic.model_validate(r, from_attributes=True) for r in rows]


def hooks_for_event(*, session: Session, owner_id: int) -> list[int]:
    return list(session.exec(select(Webhook.id).where(Webhook.owner_id == owner_id, col(Webhook.active))).all())


def test_webhook(*, session: Session, owner_id: int, webhook_id: int) -> int:
    """Queue a signed "ping" delivery to the writer's own webhook (sent once the session
    commits); returns its id."""
    hook_id = _owned(session, owner_id, webhook_id).id
    jobs.send_after_commit(session, jobs.DELIVER_WEBHOOK, hook_id, "ping", None)
    return hook_id


def payload(session: Session, *, event: str, task_id: int | None) -> dict:
    body: dict = {"event": event, "occurred_at": utcnow().isoformat()}
    if task_id is not None:
        task = session.get(Task, task_id)
        if task is not None:
            body["task"] = {"id": task.id, "title": task.title, "status": task.status,
                            "word_count": task.word_count, "failure_reason": task.failure_reason or None}
    return body


def deliver(*, session: Session, settings: Settings, webhook_id: int, event: str, task_id: int | None,
            attempt: int, body: dict | None = None) -> bool:
    """POST one event; logs the attempt. Returns True on a 2xx answer."""
    hook = session.get(Webhook, webhook_id)
    if hook is None or not hook.active:
        return True  # deleted or paused since: nothing to do, nothing to retry
    raw = json.dumps(body or payload(session, event=event, task_id=task_id), ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": "Writers-Webhooks/1",
               "X-Writers-Event": event, "X-Writers-Timestamp": timestamp,
               "X-Writers-Signature": sign(hook.secret, timestamp, raw)}
    started = time.perf_counter()
    status, error = None, ""
    try:
        _check_url(hook.url, settings=settings)  # again: DNS may point elsewhere now
        with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
            status = client.post(hook.url, content=raw, headers=headers).status_code
    except ServiceError as exc:
        error = exc.code
    except httpx.HTTPError as exc:
        error = type(exc).__name__
    ok = status is not None and 200 <= status < 300
    session.add(WebhookDelivery(webhook_id=webhook_id, event=event, task_id=task_id, attempt=attempt,
                                status_code=status, ok=ok, error=error[:300],
                                duration_ms=int((time.perf_counter() - started) * 1000)))
    session.flush()
    keep = select(WebhookDelivery.id).where(WebhookDelivery.webhook_id == webhook_id).order_by(
        col(WebhookDelivery.created_at).desc(), col(WebhookDelivery.id).desc()).limit(DELIVERIES_KEPT)
    session.exec(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id,
                                               col(WebhookDelivery.id).not_in(keep)))
    log.info("webhook delivery", extra={"webhook_id": webhook_id, "event": event, "status": status, "ok": ok})
    return ok


def enqueue_event(*, owner_id: int, event: str, task_id: int | None) -> None:
    """Queue a delivery of `event` to each active webhook of the writer."""
    with session_scope() as session:
        for hook_id in hooks_for_event(session=session, owner_id=owner_id):
            jobs.send_after_commit(session, jobs.DELIVER_WEBHOOK, hook_id, event, task_id)
