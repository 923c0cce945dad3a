"""The HTTP middleware's own cost, in process (no server, no sockets): `GET /healthz` through
`create_api()` with and without `HttpMiddleware`, CPU µs per request, then a cProfile of the
middleware's share.

    python bench/profile_middleware.py [--requests 20000] [--profile]

The access log goes to a handler that formats every line as in production (JSON) and throws it
away, so the log's cost is counted but no terminal is.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import logging
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from writers_app import logs  # noqa: E402
from writers_app.api.app import create_api  # noqa: E402
from writers_app.api.middleware import HttpMiddleware  # noqa: E402

SCOPE = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
         "path": "/healthz", "raw_path": b"/healthz", "root_path": "", "query_string": b"",
         "headers": [(b"host", b"127.0.0.1:3000"), (b"user-agent", b"bench"), (b"accept", b"*/*")],
         "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 3000)}


async def _receive():
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(message):  # noqa: ANN001
    pass


async def trivial_app(scope, receive, send) -> None:  # noqa: ANN001
    """An app that costs almost nothing, so the middleware's own share stands out."""
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"15")]})
    await send({"type": "http.response.body", "body": b'{"status":"ok"}'})


async def drive(app, n: int) -> float:  # noqa: ANN001
    started = time.process_time()
    for _ in range(n):
        await app(dict(SCOPE), _receive, _send)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    logs.configure_logging("INFO")  # the production handler and JSON format, written to nowhere
    for handler in logging.getLogger().handlers:
        handler.setStream(io.StringIO())
    api = create_api()
    wrapped = HttpMiddleware(api)

    async def both() -> tuple[float, float]:
        await drive(api, 500)
        await drive(wrapped, 500)
        bare = min([await drive(api, args.requests) for _ in range(3)])
        full = min([await drive(wrapped, args.requests) for _ in range(3)])
        return bare, full

    bare, full = asyncio.run(both())
    per = 1e6 / args.requests

    async def over_trivial() -> float:
        await drive(HttpMiddleware(trivial_app), 500)
        return min([await drive(HttpMiddleware(trivial_app), args.requests) for _ in range(3)]) - \
            min([await drive(trivial_app, args.requests) for _ in range(3)])

    print(f"HttpMiddleware over a trivial inner app: {asyncio.run(over_trivial()) * per:.1f} µs CPU per request")
    print(f"GET /healthz in process: FastAPI alone {bare * per:.1f} µs CPU, with HttpMiddleware {full * per:.1f} µs, "
          f"middleware {(full - bare) * per:.1f} µs per request")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        asyncio.run(drive(wrapped, args.requests))
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
