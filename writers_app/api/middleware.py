"""One ASGI middleware around everything the server answers (pages, the API, Reflex's routes).

Per HTTP request: a request id (the caller's `X-Request-ID` if it looks like one, else new),
bound to every log line of the request together with the user id once known; a JSON access
log line; Prometheus counters and latency by route template; and the browser-facing security
headers. The websocket (`/_event`) is checked against the allowed origins in `writers_app.py`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
import uuid
from base64 import b64encode
from functools import lru_cache
from pathlib import Path

from writers_app import logs
from writers_app.api import metrics
from writers_app.i18n import translate
from writers_app.settings import PROJECT_ROOT, Settings, get_settings

access_log = logging.getLogger("writers.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
# The pages Reflex serves: its web folder (REFLEX_WEB_WORKDIR when set, as Reflex reads it).
BUILD_DIR = Path(os.environ.get("REFLEX_WEB_WORKDIR") or PROJECT_ROOT / ".web") / "build" / "client"
# Swagger UI's page starts itself with an inline script of FastAPI's making.
_RELAXED_PATHS = ("/api/docs",)


class HttpMiddleware:
    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                logs.new_context(request_id=uuid.uuid4().hex)
            await self.app(scope, receive, send)
            return
        if scope.get("path") == UPLOAD_PATH and not is_upload_handler(_header(scope, b"reflex-event-handler") or ""):
            await _refuse_upload(send)
            return
        settings = get_settings()
        if settings.forwarded_allow_ips:
            apply_forwarded(scope, trusted_networks(tuple(settings.forwarded_allow_ips)))
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        context = logs.new_context(request_id=request_id)
        path = scope.get("path", "")
        # Everything but the request id is the same for every request of a kind: built once.
        fixed = _fixed_headers(settings.is_prod, path.startswith(_RELAXED_PATHS))
        start = time.perf_counter()
        status = 500

        async def send_with_headers(message) -> None:  # noqa: ANN001
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                own = list(message.get("headers", ()))
                present = {k.lower() for k, _ in own} if own else ()
                if b"x-request-id" not in present:
                    own.append((b"x-request-id", request_id.encode()))
                # The document-only headers (the ~1.5 KB CSP above all) on a script, style sheet or
                # font would be ignored by the browser: ~30 such answers per page load.
                subresource = _is_subresource(own)
                own.extend(header for header in fixed if header[0] not in present
                           and not (subresource and header[0] in _DOCUMENT_ONLY))
                message["headers"] = own
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            logging.getLogger(__name__).exception("unhandled error", extra={"path": path})
            raise
        finally:
            seconds = time.perf_counter() - start
            route = metrics.route_label(scope)
            _observe(scope["method"], route, status, seconds)
            # Static files (the bundle, fonts) only at DEBUG: they would drown the useful lines.
            level = logging.DEBUG if route == "static" else logging.INFO
            if access_log.isEnabledFor(level):
                _access_line(level, {
                    "method": scope["method"], "path": path, "route": route, "status": status,
                    "duration_ms": round(seconds * 1000, 2), "client_ip": _client_ip(scope),
                    "user_id": context.get("user_id"), "request_id": request_id,
                })


def _access_line(level: int, extra: dict) -> None:
    """`access_log.log(level, "request", extra=extra)` without the caller lookup (a stack walk
    per request whose file and line no access line shows); filters and handlers are the same."""
    access_log.handle(access_log.makeRecord(access_log.name, level, __file__, 0, "request", (), None,
                                            extra=extra))


# The labelled series of each (method, route, status) seen, so a request costs no label lookup.
# Bounded: the method is whatever the client sent.
_SERIES: dict[tuple[str, str, int], tuple] = {}
_SERIES_MAX = 2048


def _observe(method: str, route: str, status: int, seconds: float) -> None:
    series = _SERIES.get((method, route, status))
    if series is None:
        if len(_SERIES) >= _SERIES_MAX:
            metrics.observe_request(method, route, status, seconds)
            return
        series = _SERIES[(method, route, status)] = (
            metrics.HTTP_REQUESTS.labels(method, route, str(status)), metrics.HTTP_LATENCY.labels(method, route))
    series[0].inc()
    series[1].observe(seconds)


UPLOAD_PATH = "/_upload"


def is_upload_handler(name: str) -> bool:
    """True when `name` is a registered event handler that takes uploaded files. Reflex's upload
    route answers a 500 for any other handler (it fails resolving the files parameter)."""
    # Reflex internals, imported here: this module is also loaded by tools that never start Reflex.
    from reflex_base.event import resolve_upload_chunk_handler_param, resolve_upload_handler_param
    from reflex_base.registry import RegistrationContext

    if not name or len(name) > 300:
        return False
    try:
        registered = RegistrationContext.get().event_handlers.get(name)
    except Exception:  # noqa: BLE001 - no registry (not a running app): nothing is an upload handler
        return False
    if registered is None:
        return False
    handler = registered.handler
    for resolve in ((resolve_upload_chunk_handler_param,) if handler.is_background else ()) + (
            resolve_upload_handler_param,):
        try:
            resolve(handler)
            return True
        except Exception:  # noqa: BLE001, S112 - UploadValueError / UploadTypeError: try the next kind
            continue
    return False


async def _refuse_upload(send) -> None:  # noqa: ANN001
    body = json.dumps({"error": {"code": "error.bad_input", "message": translate("error.bad_input", "en")}}).encode()
    await send({"type": "http.response.start", "status": 400,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@lru_cache(maxsize=8)
def trusted_networks(networks: tuple[str, ...]) -> tuple:
    import ipaddress

    return tuple(ipaddress.ip_network(n, strict=False) for n in networks)


def _trusted(address: str, networks: tuple) -> bool:
    import ipaddress

    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def apply_forwarded(scope, networks: tuple) -> None:  # noqa: ANN001
    """Behind a trusted proxy: the client is the right-most X-Forwarded-For address that is not
    itself a trusted proxy (left-most entries are whatever the client claimed), and the scheme
    the proxy's X-Forwarded-Proto. From anyone else the headers are ignored."""
    peer = _client_ip(scope)
    if not _trusted(peer, networks):
        return
    forwarded = _header(scope, b"x-forwarded-for")
    if forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        client = next((h for h in reversed(hops) if not _trusted(h, networks)), hops[0] if hops else peer)
        scope["client"] = (client[:45], 0)
    proto = _header(scope, b"x-forwarded-proto")
    if proto in {"http", "https"}:
        scope["scheme"] = proto


def _header(scope, name: bytes) -> str | None:  # noqa: ANN001
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _client_ip(scope) -> str:  # noqa: ANN001
    client = scope.get("client")
    return client[0] if client else ""


def security_headers(settings: Settings, path: str, request_id: str) -> list[tuple[bytes, bytes]]:
    return [(b"x-request-id", request_id.encode()),
            *_fixed_headers(settings.is_prod, path.startswith(_RELAXED_PATHS))]


# Headers a browser applies to documents only (CSP of a script/style/font response is ignored).
_DOCUMENT_ONLY = frozenset({b"content-security-policy", b"permissions-policy", b"x-frame-options",
                            b"cross-origin-opener-policy"})
_SUBRESOURCE_TYPES = (b"text/javascript", b"application/javascript", b"text/css", b"font/", b"image/png",
                      b"image/x-icon", b"image/vnd.microsoft.icon", b"image/jpeg", b"image/webp")


def _is_subresource(headers: list[tuple[bytes, bytes]]) -> bool:
    """A script, style sheet, font or raster image (never HTML, JSON or SVG, which can be documents)."""
    for key, value in headers:
        if key.lower() == b"content-type":
            return value.lower().startswith(_SUBRESOURCE_TYPES)
    return False


@lru_cache(maxsize=4)
def _fixed_headers(is_prod: bool, relaxed: bool) -> tuple[tuple[bytes, bytes], ...]:
    """The security headers every answer carries (all but the request id)."""
    out = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"x-frame-options", b"DENY"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"content-security-policy", content_security_policy(relaxed=relaxed).encode()),
    ]
    if is_prod:
        out.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return tuple(out)


def content_security_policy(*, relaxed: bool = False) -> str:
    """Scripts only from our origin plus the exact inline scripts of the built pages (their
    SHA-256), no plugins, no framing, forms and the base URL pinned to our origin."""
    scripts = "'self' 'unsafe-inline'" if relaxed else " ".join(["'self'", *inline_script_hashes()])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        # Radix Themes and React set inline styles; style injection is not script execution.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


@lru_cache(maxsize=1)
def inline_script_hashes(build_dir: Path = BUILD_DIR) -> tuple[str, ...]:
    """The hash of every inline script in the built pages (React Router's hydration data and
    our early-direction script), read once per process from the build output."""
    hashes: set[str] = set()
    if build_dir.is_dir():
        for page in build_dir.rglob("*.html"):
            for body in _INLINE_SCRIPT.findall(page.read_bytes()):
                hashes.add("'sha256-" + b64encode(hashlib.sha256(body).digest()).decode() + "'")
    # `reflex run` in dev mode builds nothing: vite serves the pages (without this header).
    if not hashes and os.environ.get("REFLEX_ENV_MODE") != "dev":
        logging.getLogger(__name__).warning("no built pages found: inline scripts will be refused",
                                            extra={"build_dir": str(build_dir)})
    return tuple(sorted(hashes))
