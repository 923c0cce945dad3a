"""Where a title PATCH and an uncached list of 100 spend their time, in process (no server, no
sockets): the ASGI app granian is given (`writers_app.writers_app:app()`, the page compile skipped:
WritersApp's HTTP lane into `create_api()` inside `HttpMiddleware`) on a PostgreSQL database of
its own (created, migrated, dropped), seeded as bench_api seeds it.

    python bench/profile_requests.py [--requests 300] [--profile patch|list|template]

Per kind: CPU µs (the whole process: the event loop and the thread pool) and wall µs per
request, SQL statements per request (a before_cursor_execute listener). Kinds: `patch` (a title
PATCH), `list` (GET /api/v1/tasks?limit=100 right after a write, so its cached page is gone),
`me` (GET /api/v1/users/me: the token and FastAPI's dependencies, nothing else), `healthz`,
`hz_reflex` (/healthz through Reflex's outer app, as it was served before the lane), `template` (bench/bare_fastapi.py's template list: 100 rows of the same table, SQLModel, session
dependency, offset/limit, response_model). The access log is formatted as in production (INFO,
JSON) and thrown away. `--profile KIND` runs that kind under cProfile with the thread-pool hop
made inline (cProfile sees one thread only) and prints the top functions.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import logging
import os
import pstats
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def _scope(method: str, path: str, query: str, headers: list[tuple[bytes, bytes]]) -> dict:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
            "path": path, "raw_path": path.encode(), "root_path": "", "query_string": query.encode(),
            "headers": [(b"host", b"127.0.0.1:3000"), (b"user-agent", b"bench"), (b"accept", b"*/*"), *headers],
            "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 3000)}


async def call(app, method: str, path: str, query: str = "", headers=(), body: bytes = b"") -> tuple[int, bytes]:  # noqa: ANN001
    """One request through the ASGI app; its status and body."""
    extra = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())] if body else []
    scope = _scope(method, path, query, [*headers, *extra])
    sent = False
    out: dict = {"status": 0, "body": b""}

    async def receive():  # noqa: ANN202
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message) -> None:  # noqa: ANN001
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return out["status"], out["body"]


class Counter:
    """SQL statements sent on an engine."""

    def __init__(self, engine) -> None:  # noqa: ANN001
        self.n = 0
        self.statements: list[str] = []
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, _conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        self.n += 1
        self.statements.append(" ".join(statement.split())[:110])


def served_app():  # noqa: ANN201
    """The ASGI app `reflex run` hands granian (`app()`), without compiling the pages."""
    from reflex.app import App

    from writers_app.writers_app import app

    App._compile = lambda self, **_kwargs: None
    return app()


def inline_threadpool() -> None:
    """Run what FastAPI sends to the thread pool on the event loop instead (for cProfile only)."""
    import anyio.to_thread

    async def run_sync(func, *args, **_kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        return func(*args)

    anyio.to_thread.run_sync = run_sync


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url", default=ADMIN_URL)
    parser.add_argument("--profile", choices=("me", "patch", "list", "template", "healthz", "hz_reflex", "bare_hz"))
    parser.add_argument("--statements", action="store_true", help="print each kind's SQL statements")
    parser.add_argument("--only", help="measure only this kind (the list: its cached page dropped before each)")
    parser.add_argument("--inline", action="store_true", help="no thread pool (what its hops cost)")
    args = parser.parse_args()

    from writers_app.db import make_engine

    admin = make_engine(args.url).execution_options(isolation_level="AUTOCOMMIT")
    name = f"writers_profile_req_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        run(make_url(args.url).set(database=name).render_as_string(hide_password=False), args)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(url: str, args: argparse.Namespace) -> None:
    os.environ.update({"APP_ENV": "dev", "DATABASE_URL": url, "REDIS_URL": "", "LOG_LEVEL": "INFO",
                       "SECRET_KEY": "profile-requests-" + "x" * 40, "RATE_LIMIT_API": "100000000 per minute"})
    from writers_app import logs
    from writers_app.cli import migrate
    from writers_app.settings import get_settings

    migrate(url)
    logs.configure_logging("INFO")  # the production handler and JSON format, written to nowhere
    for handler in logging.getLogger().handlers:
        handler.setStream(io.StringIO())
    from bench import bare_fastapi
    from bench.bench_api import _seed
    from writers_app import db
    token, ids = _seed(url, get_settings())
    app = served_app()
    template = bare_fastapi.app
    bare_fastapi.configure(url)
    auth = [(b"authorization", f"Bearer {token}".encode())]
    counters = {"ours": Counter(db.get_engine()), "template": Counter(bare_fastapi.engine())}
    titles = iter(range(10**9))

    async def patch() -> None:
        title = f"Piece retitled {next(titles)}"
        status, body = await call(app, "PATCH", f"/api/v1/tasks/{ids[next(titles) % len(ids)]}", headers=auth,
                                  body=json.dumps({"title": title}).encode())
        assert status == 200 and json.loads(body)["title"] == title, (status, body[:300])

    async def listing() -> None:
        status, body = await call(app, "GET", "/api/v1/tasks", "limit=100", headers=auth)
        assert status == 200 and len(json.loads(body)["items"]) == 100, (status, body[:300])

    async def template_list() -> None:
        status, body = await call(template, "GET", "/tasks", "limit=100")
        assert status == 200 and len(json.loads(body)) == 100, (status, body[:300])

    async def healthz() -> None:
        status, body = await call(app, "GET", "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok", (status, body[:300])

    async def healthz_reflex() -> None:
        status, body = await call(app.reflex_asgi, "GET", "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok", (status, body[:300])

    async def bare_healthz() -> None:
        status, body = await call(template, "GET", "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok", (status, body[:300])

    async def me() -> None:
        status, body = await call(app, "GET", "/api/v1/users/me", headers=auth)
        assert status == 200 and json.loads(body)["id"], (status, body[:300])

    kinds = {"me": (me, "ours"), "patch": (patch, "ours"), "list": (listing, "ours"), "template": (template_list, "template"),
             "healthz": (healthz, "ours"), "hz_reflex": (healthz_reflex, "ours"), "bare_hz": (bare_healthz, "template")}

    async def measure() -> dict[str, list[tuple[float, float, float]]]:
        """Alternating: a PATCH, the list (uncached: the PATCH dropped it), the template list."""
        for _ in range(20):
            for fn, _c in kinds.values():
                await fn()
        out: dict[str, list[tuple[float, float, float]]] = {k: [] for k in kinds}
        for _ in range(args.rounds):
            totals = {k: [0.0, 0.0, 0] for k in kinds}
            for _ in range(args.requests):
                for kind, (fn, counter) in kinds.items():
                    before = counters[counter].n
                    cpu, wall = time.process_time(), time.perf_counter()
                    await fn()
                    totals[kind][0] += time.process_time() - cpu
                    totals[kind][1] += time.perf_counter() - wall
                    totals[kind][2] += counters[counter].n - before
            for kind, (cpu, wall, statements) in totals.items():
                out[kind].append((1e6 * cpu / args.requests, 1e6 * wall / args.requests, statements / args.requests))
        return out

    if args.statements:
        async def show() -> None:
            for kind, (fn, counter) in kinds.items():
                await fn()
                if kind == "list":
                    await patch()  # drops the cached page
                counters[counter].statements.clear()
                await fn()
                print(f"{kind}:", *counters[counter].statements, sep="\n  ")
        asyncio.run(show())

    if args.inline:
        inline_threadpool()
    if args.only:
        from writers_app.services import cache

        fn, counter = kinds[args.only]
        owner = json.loads(asyncio.run(call(app, "GET", "/api/v1/users/me", headers=auth))[1])["id"]

        async def only() -> None:
            if args.only == "list":  # what a write's commit does: the writer's cached pages are gone
                cache.delete(cache.generation_key(owner))
            await fn()

        kinds = {args.only: (only, counter)}
    results = asyncio.run(measure())
    print(f"in process, PostgreSQL, {args.rounds} rounds x {args.requests} of each kind, alternating; "
          f"load average {os.getloadavg()[0]:.2f}")
    for kind, rows in results.items():
        print(f"  {kind:<9} CPU {statistics.median(r[0] for r in rows):8.0f} µs   wall "
              f"{statistics.median(r[1] for r in rows):8.0f} µs   SQL statements {rows[0][2]:.1f}   "
              f"(rounds CPU: {', '.join(f'{r[0]:.0f}' for r in rows)})")
    cpu = {kind: statistics.median(r[0] for r in rows) for kind, rows in results.items()}
    if args.only:
        return
    print(f"  CPU ratios: template/patch {cpu['template'] / cpu['patch']:.2f}, "
          f"template/list {cpu['template'] / cpu['list']:.2f} (targets >= 3), "
          f"healthz ours/bare {cpu['healthz'] / cpu['bare_hz']:.2f} (target <= 1.3), through Reflex's "
          f"outer app {cpu['hz_reflex'] / cpu['bare_hz']:.2f}")

    if args.profile:
        inline_threadpool()
        fn, _counter = kinds[args.profile]
        main_kinds = [f for k, (f, _c) in kinds.items() if k != args.profile and k in ("patch", "list")]

        async def profiled(profiler: cProfile.Profile) -> None:
            for _ in range(args.requests):
                for other in main_kinds:  # the list after a PATCH, a PATCH before the list
                    await other()
                profiler.enable()
                await fn()
                profiler.disable()

        profiler = cProfile.Profile(time.process_time)  # CPU: waits on the database are not counted
        asyncio.run(profiled(profiler))
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(45)
    db.get_engine().dispose()
    bare_fastapi.engine().dispose()


if __name__ == "__main__":
    main()
