"""The websocket (`/_event`) answers only our own pages: a handshake from another origin is
refused, so a foreign site cannot drive a signed-in writer's session (cross-site WebSocket
hijacking). Applied in every environment, not only in production."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from writers_app.metrics_setup import process_exited
from writers_app.settings import Settings

log = logging.getLogger(__name__)


def origin_checker(settings: Settings):  # noqa: ANN201
    """engine.io calls this with the handshake's Origin (only when one is sent)."""
    allowed = {settings.public_origin}

    def check(origin: str | None, environ: dict | None = None) -> bool:
        if not origin:
            return True  # not a browser: no ambient cookies were sent cross-site
        environ = environ or {}
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        ok = origin in allowed or origin == own
        if not ok:
            log.warning("websocket from a foreign origin refused", extra={"origin": origin[:200]})
        return ok

    return check


def restrict_websocket_origins(app, settings: Settings) -> None:  # noqa: ANN001
    """Reflex creates its Socket.IO server while pages are added; set the check at start-up
    (and, at shutdown, retire this worker's live metrics)."""

    @asynccontextmanager
    async def websocket_origin_guard():  # noqa: ANN202
        if app.sio is not None:
            app.sio.eio.cors_allowed_origins = origin_checker(settings)
        try:
            yield
        finally:
            process_exited()

    app.register_lifespan_task(websocket_origin_guard)
