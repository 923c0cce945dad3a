"""Requests per second of the REST API against the liveness probe, on the real server.

    python bench/bench_api.py                      # PostgreSQL, then SQLite; 10 rounds per figure
    python bench/bench_api.py --seconds 10 --concurrency 16 --no-sqlite

Starts the product as it is served (`reflex run --env prod`: granian, embedded mode, one
server worker) on loopback, seeds a writer with 100 tasks and a read-write personal token,
then drives, over keep-alive connections, `GET /healthz` and an authenticated
`GET /api/v1/tasks?limit=100` (token lookup, one query for the page, 100 tasks serialised).
Prints both rates (medians of alternating one-second rounds) and their ratio (the median of
the rounds' ratios); the target is a ratio of at least 0.15 (a comparable
FastAPI + SQLModel listing of 100 items measured about 0.013 of its own health check).
As the product serves it: after the first request the token's answer and the page come from
the cache (both dropped by any write that changes them), so this measures the hot read path.
The machine is shared: expect noise of 10-20 % between runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

TARGET = 0.15
TASKS = 100


def _seed(database_url: str, settings) -> str:  # noqa: ANN001
    """A writer with TASKS tasks (a few paragraphs each) and a read-write token; returns the token."""
    from writers_app.db import make_engine
    from writers_app.services import api_tokens, auth, tasks

    engine = make_engine(database_url)
    with Session(engine, expire_on_commit=False) as session:
        user = auth.register_user(session=session, settings=settings, email=f"bench{uuid.uuid4().hex[:8]}@example.com",
                                  display_name="Bench writer", password="a long enough pass")
        for n in range(TASKS):
            tasks.create_task(session=session, owner_id=user.id, title=f"Piece number {n}",
                              body_html="<p>The quiet river carried the old boat past the village.</p>" * 5)
        _row, token = api_tokens.create_token(session=session, owner_id=user.id, name="bench", scope="read-write")
        session.commit()
    engine.dispose()
    return token


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    if length:
        return status, await reader.readexactly(int(length.group(1)))
    body = b""  # chunked
    while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
        body += await reader.readexactly(size)
        await reader.readexactly(2)
    await reader.readuntil(b"\r\n")
    return status, body


async def _drive(base_url: str, path: str, headers: dict[str, str], seconds: float, concurrency: int,
                 check) -> tuple[int, float]:  # noqa: ANN001
    """Requests answered in `seconds` over `concurrency` keep-alive connections, and the time
    taken. A small asyncio HTTP/1.1 client: on a shared 2-core machine a heavier client (httpx
    on threads) would take much of the CPU the server is being measured with. Every answer
    must be 200; the body is checked on each connection's first answer and every 50th."""
    parts = urlsplit(base_url)
    request = (f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
               + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
    loop = asyncio.get_running_loop()
    stop_at = loop.time() + seconds

    async def connection() -> int:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        n = 0
        try:
            while loop.time() < stop_at:
                writer.write(request)
                status, body = await _read_response(reader)
                if status != 200 or (n % 50 == 0 and not check(json.loads(body))):
                    raise RuntimeError(f"{path}: {status} {body[:200]!r}")
                n += 1
        finally:
            writer.close()
        return n

    began = loop.time()
    counts = await asyncio.gather(*(connection() for _ in range(concurrency)))
    return sum(counts), loop.time() - began


def _compare(base_url: str, auth: dict[str, str], args: argparse.Namespace) -> tuple[float, float, float]:
    """Both rates, in alternating one-second rounds (a warm-up round of each first), so load from
    elsewhere on the machine falls on both alike. Returns the medians of the rounds and the median
    of the per-pair ratios (a burst of load elsewhere spoils one pair, not the figure)."""
    cases = (("health", "/healthz", {}, lambda body: body["status"] == "ok"),
             ("list", f"/api/v1/tasks?limit={TASKS}", auth, lambda body: len(body["items"]) == TASKS))

    async def measure() -> list[tuple[float, float]]:
        for _key, path, headers, check in cases:
            await _drive(base_url, path, headers, 1.0, args.concurrency, check)
        pairs = []
        for _ in range(max(1, round(args.seconds))):
            rates = []
            for _key, path, headers, check in cases:
                count, elapsed = await _drive(base_url, path, headers, 1.0, args.concurrency, check)
                rates.append(count / elapsed)
            pairs.append((rates[0], rates[1]))
        return pairs

    pairs = asyncio.run(measure())
    return (statistics.median(h for h, _ in pairs), statistics.median(x for _, x in pairs),
            statistics.median(x / h for h, x in pairs))


def run(label: str, database_url: str, args: argparse.Namespace) -> float:
    from tests.e2e.conftest import start_server

    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        server = start_server(Path(tmp), database_url=database_url, extra_env={
            "LOG_LEVEL": "WARNING",
            # The per-token limiter still runs on every request (its cost is measured), with a
            # budget this load cannot use up.
            "RATE_LIMIT_API": "100000000 per minute"})
        try:
            token = _seed(database_url, server.settings)
            auth = {"Authorization": f"Bearer {token}"}
            health, listing, ratio = _compare(server.base_url, auth, args)
        finally:
            server.stop()
    print(f"{label:<11} /healthz {health:8.0f} req/s   GET /api/v1/tasks?limit={TASKS} {listing:7.0f} req/s   "
          f"ratio {ratio:.3f}  {'PASS' if ratio >= TARGET else 'MISS'} (target >= {TARGET})", flush=True)
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="rounds of one second for each figure")
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--url", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres",
                        help="an admin URL of PostgreSQL; a database of our own is created beside it")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    print(f"{args.concurrency} keep-alive connections, {args.seconds:.0f} alternating 1 s rounds per figure, "
          f"`reflex run --env prod` (granian, embedded mode), loopback", flush=True)

    from writers_app.db import make_engine

    admin = make_engine(args.url).execution_options(isolation_level="AUTOCOMMIT")
    name = f"writers_bench_api_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        run("PostgreSQL", make_url(args.url).set(database=name).render_as_string(hide_password=False), args)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="bench-api-sqlite-") as tmp:
            run("SQLite", f"sqlite:///{tmp}/bench.db", args)


if __name__ == "__main__":
    main()
