"""Webhooks: writers register URLs; on analyzed/failed the worker POSTs signed JSON to them.

Signature: `X-Writers-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with
`X-Writers-Timestamp`, so receivers can check both authenticity and freshness. Private and
loopback addresses are refused, also inside IPv6 forms that embed an IPv4 address (checked at
registration and again at each delivery, which connects to the address it checked: no second
lookup for DNS rebinding to answer) unless the setting allows them for development.
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
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlmodel import Session, col, delete, select

from writers_app import jobs
from writers_app.core.security import utcnow
from writers_app.core.text import storable
from writers_app.db import session_scope
from writers_app.models import DeliveryPublic, Task, Webhook, WebhookDelivery, WebhookPublic
from writers_app.services.errors import NotFound, ServiceError
from writers_app.settings import Settings

log = logging.getLogger(__name__)

MAX_HOOKS_PER_WRITER = 10
DELIVERIES_KEPT = 50
EVENTS = ("task.analyzed", "task.failed", "ping")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


# IPv6 forms that carry an IPv4 address a gateway or the kernel may route to: the embedded
# address must be public too (else ::ffff:127.0.0.1 or 64:ff9b::a9fe:a9fe reach the host itself
# or the cloud metadata service).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")


def embedded_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, translated, NAT64, 6to4,
    Teredo client), or None."""
    if address.version == 4:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(address in net for net in _NAT64) or address in _IPV4_TRANSLATED:
        return low32
    if address in _IPV4_COMPATIBLE and int(address) > 1:  # not :: or ::1 (themselves refused)
        return low32
    return None


def address_is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global address that embeds no private, loopback or otherwise special IPv4 address."""
    inner = embedded_ipv4(address)
    if inner is not None and not inner.is_global:
        return False
    return address.is_global


def parse_url(url: str):  # noqa: ANN201 - urllib's SplitResult
    """The parts of an http(s) URL without credentials, or ServiceError "webhook.url_invalid"
    (a bad port or a stray bracket included)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError when not a number in 0-65535
        hostname = parts.hostname
    except ValueError as exc:
        raise ServiceError("webhook.url_invalid") from exc
    if parts.scheme not in ("http", "https") or not hostname or len(url) > 2000 or port == 0:
        raise ServiceError("webhook.url_invalid")
    if parts.username or parts.password:
        raise ServiceError("webhook.url_invalid")
    return parts


def resolve_target(url: str, *, settings: Settings) -> tuple:  # noqa: ANN201
    """(parts, the one address to connect to): the name is resolved once, every address it
    resolves to must be public (unless the setting allows private ones), and delivery connects to
    the checked address, so a second lookup (DNS rebinding) cannot point it elsewhere."""
    parts = parse_url(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ServiceError("webhook.url_unresolvable") from exc
    addresses = []
    for info in infos:
        try:
            addresses.append(ipaddress.ip_address(info[4][0].split("%", 1)[0]))
        except ValueError as exc:
            raise ServiceError("webhook.url_unresolvable") from exc
    if not addresses:
        raise ServiceError("webhook.url_unresolvable")
    if not settings.webhooks_allow_private and not all(address_is_public(a) for a in addresses):
        raise ServiceError("webhook.url_private")
    return parts, addresses[0]


def _check_url(url: str, *, settings: Settings) -> str:
    """The URL, trimmed, if it may be registered."""
    url = storable(url or "").strip()
    if settings.webhooks_allow_private:
        parse_url(url)  # development: names need not resolve yet
    else:
        resolve_target(url, settings=settings)
    return url


def _pinned_request(url: str, *, settings: Settings) -> tuple[str, dict[str, str], dict]:
    """(URL naming the checked address, Host header, httpx extensions): the connection goes to
    the address checked, while Host, TLS SNI and certificate verification use the name."""
    parts, address = resolve_target(url, settings=settings)
    host = parts.hostname
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = literal + (f":{parts.port}" if parts.port else "")
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
    return pinned, {"Host": host_header}, {"sni_hostname": host}


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
        # Checked again (DNS may point elsewhere now), and sent to the very address checked.
        pinned, host, extensions = _pinned_request(hook.url, settings=settings)
        with httpx.Client(timeout=settings.webhook_timeout_seconds, follow_redirects=False, trust_env=False) as client:
            status = client.post(pinned, content=raw, headers={**headers, **host}, extensions=extensions).status_code
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
    context = {"webhook_id": webhook_id, "event": event, "task_id": task_id, "attempt": attempt, "status": status,
               "ok": ok, "duration_ms": int((time.perf_counter() - started) * 1000)}
    if ok:
        log.info("webhook delivery", extra=context)
    else:  # retried with backoff by the actor, until its retries run out
        log.warning("webhook delivery failed", extra={**context, "error": error or f"HTTP {status}"})
    return ok


def enqueue_event(*, owner_id: int, event: str, task_id: int | None) -> None:
    """Queue a delivery of `event` to each active webhook of the writer."""
    with session_scope() as session:
        for hook_id in hooks_for_event(session=session, owner_id=owner_id):
            jobs.send_after_commit(session, jobs.DELIVER_WEBHOOK, hook_id, event, task_id)
