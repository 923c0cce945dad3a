"""The server's outermost ASGI layer: an HTTP request goes straight to our stack.

Reflex wraps the app it is given (`api_transformer`: our FastAPI app with Reflex's own routes
and the compiled pages mounted inside, then `HttpMiddleware`) in one more Starlette app of its
own: ServerErrorMiddleware, a CORS layer with the same settings as the one Reflex already adds to
our FastAPI app, its context middleware (it sets Reflex's context variables), Starlette's
ExceptionMiddleware, a router and a Mount of everything at "". On every request, the probes and
the API included, that is five more layers before ours, each a coroutine and most a closure
around `send`. The lane sets the same context variables and calls our stack: our FastAPI app
has its own ServerErrorMiddleware, CORS and ExceptionMiddleware, and `HttpMiddleware` logs what
escapes them. The websocket and the lifespan (Reflex runs its start-up tasks there) still go
through Reflex's app, as does everything when Reflex's OpenTelemetry wrapper is on.
"""

from __future__ import annotations

import reflex as rx
from starlette.applications import Starlette


class _Keep:
    """The last api transformer: keeps the app it is given, returns it unchanged."""

    def __init__(self) -> None:
        self.app = None

    def __call__(self, app):  # noqa: ANN001, ANN204
        self.app = app
        return app


class HttpLane:
    def __init__(self, reflex_asgi, http_app, reflex_app: rx.App) -> None:  # noqa: ANN001
        self.reflex_asgi = reflex_asgi
        self.http_app = http_app
        self._set_contexts = reflex_app._set_contexts_internal

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] == "http":
            self._set_contexts()
            await self.http_app(scope, receive, send)
        else:
            await self.reflex_asgi(scope, receive, send)


class WritersApp(rx.App):
    """`rx.App` whose server app sends HTTP requests down `HttpLane`."""

    def __call__(self):  # noqa: ANN204
        transformers = self.api_transformer
        keep = _Keep()
        given = [] if transformers is None else (
            list(transformers) if isinstance(transformers, (list, tuple)) else [transformers])
        self.api_transformer = [*given, keep]
        try:
            reflex_asgi = super().__call__()
        finally:
            self.api_transformer = transformers
        if not isinstance(reflex_asgi, Starlette) or keep.app is None:  # tracing wraps it: keep all
            return reflex_asgi
        return HttpLane(reflex_asgi, keep.app, self)
