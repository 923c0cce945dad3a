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
Then, on the same server in the same run: `/healthz` against `bench/bare_fastapi.py` (a bare
FastAPI app with the same handler under granian, ASGI, one worker), printed as bare/ours
(target <= 1.3); and an uncached mode where every connection alternates a title PATCH
(dropping the owner's cached list) and the list of 100, so each list is read from the
database: PATCH and list medians and the rate each would reach alone (connections / mean
latency), alternating one-second rounds with the FastAPI full-stack template's list of 100
(`bare_fastapi.py`: SQLModel, a session dependency, offset/limit, a response_model list, on the
same table and granian), printed as PATCH/template and uncached list/template (target >= 3
each). `--no-bare`, `--no-uncached`, `--no-template` skip them.
The machine is shared: expect noise of 10-20 % between runs (far more under load).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

TARGET = 0.15
TASKS = 100


def _seed(database_url: str, settings) -> tuple[str, list[int]]:  # noqa: ANN001
    """A writer with TASKS tasks (a few paragraphs each) and a read-write token; returns the
    token and the task ids."""
    from writers_app.db import make_engine
    from writers_app.services import api_tokens, auth, tasks

    engine = make_engine(database_url)
    with Session(engine, expire_on_commit=False) as session:
        user = auth.register_user(session=session, settings=settings, email=f"bench{uuid.uuid4().hex[:8]}@example.com",
                                  display_name="Bench writer", password="a long enough pass")
        ids = []
        for n in range(TASKS):
            ids.append(tasks.create_task(session=session, owner_id=user.id, title=f"Piece number {n}",
                              body_html="<p>The quiet river carried the old boat past the village.</p>" * 5).id)
        _row, token = api_tokens.create_token(session=session, owner_id=user.id, name="bench", scope="read-write")
        session.commit()
    engine.dispose()
    return token, ids


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


def _request(netloc: str, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    extra = {"Content-Type": "application/json", "Content-Length": str(len(body))} if body else {}
    return (f"{method} {path} HTTP/1.1\r\nHost: {netloc}\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in {**headers, **extra}.items()) + "\r\n").encode() + body


async def _drive(base_url: str, path: str, headers: dict[str, str], seconds: float, concurrency: int,
                 check, steps=None) -> tuple[int, float]:  # noqa: ANN001
    """Requests answered in `seconds` over `concurrency` keep-alive connections, and the time
    taken. A small asyncio HTTP/1.1 client: on a shared 2-core machine a heavier client (httpx
    on threads) would take much of the CPU the server is being measured with. Every answer
    must be 200; the body is checked on each connection's first answer and every 50th.
    `steps(n)`, if given, returns the n-th request of a connection as (kind, bytes, check) and
    the latencies of each kind are collected in `_drive.latencies`."""
    parts = urlsplit(base_url)
    request = _request(parts.netloc, "GET", path, headers)
    loop = asyncio.get_running_loop()
    stop_at = loop.time() + seconds
    latencies: dict[str, list[float]] = {}

    async def connection() -> int:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        n = 0
        try:
            while loop.time() < stop_at:
                kind, data, verify = steps(n) if steps else ("get", request, check)
                started = loop.time()
                writer.write(data)
                status, body = await _read_response(reader)
                latencies.setdefault(kind, []).append(loop.time() - started)
                if status != 200 or ((steps or n % 50 == 0) and not verify(json.loads(body))):
                    raise RuntimeError(f"{kind}: {status} {body[:200]!r}")
                n += 1
        finally:
            writer.close()
        return n

    began = loop.time()
    counts = await asyncio.gather(*(connection() for _ in range(concurrency)))
    _drive.latencies = latencies
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


def _bare_server(database_url: str) -> tuple[subprocess.Popen, str]:
    """bench/bare_fastapi.py under granian as `reflex run --env prod` runs the product: ASGI,
    one worker, loopback; its template list reads the bench's database."""
    import os

    from tests.conftest import free_port

    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "granian"), "--interface", "asgi", "--host",
                             "127.0.0.1", "--port", str(port), "--workers", "1", "--log-level", "warning",
                             "bench.bare_fastapi:app"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "BENCH_DATABASE_URL": database_url})
    base_url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base_url + "/healthz", timeout=2).status_code == 200:
                return proc, base_url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the bare FastAPI server did not start")


def _health_against_bare(base_url: str, bare_url: str, args: argparse.Namespace) -> tuple[float, float, float]:
    """/healthz of the product and of the bare app, alternating one-second rounds; returns both
    medians and the median of the rounds' bare/product ratios (1.0 = no overhead)."""
    check = lambda body: body["status"] == "ok"  # noqa: E731

    async def measure() -> list[tuple[float, float]]:
        for url in (base_url, bare_url):
            await _drive(url, "/healthz", {}, 1.0, args.concurrency, check)
        pairs = []
        for _ in range(max(1, round(args.seconds))):
            ours, _t = await _drive(base_url, "/healthz", {}, 1.0, args.concurrency, check)
            bare, _t2 = await _drive(bare_url, "/healthz", {}, 1.0, args.concurrency, check)
            pairs.append((ours / _t, bare / _t2))
        return pairs

    pairs = asyncio.run(measure())
    return (statistics.median(o for o, _ in pairs), statistics.median(b for _, b in pairs),
            statistics.median(b / o for o, b in pairs))


def _uncached(base_url: str, bare_url: str | None, auth: dict[str, str], ids: list[int],
              args: argparse.Namespace) -> dict[str, float]:
    """Every connection alternates a title PATCH (which drops the owner's cached list and token
    answer) and the list of 100, so every list is read from the database. Returns the pair rate
    and, per kind, the median latency and the rate one kind alone would reach on as many busy
    connections (connections / mean latency, Little's law).

    With `bare_url`, one-second rounds of that alternate with one-second rounds of the FastAPI
    template's list of 100 (`bench/bare_fastapi.py`, same table, same granian); each round pair
    gives PATCH / template and uncached list / template (rates), and the medians are returned."""
    parts = urlsplit(base_url)
    rng = random.Random(1404)
    counter = itertools.count()
    list_request = _request(parts.netloc, "GET", f"/api/v1/tasks?limit={TASKS}", auth)

    def steps(n: int):  # noqa: ANN202
        if n % 2:
            return "list", list_request, lambda body: len(body["items"]) == TASKS
        title = f"Piece retitled {next(counter)}"
        body = json.dumps({"title": title}).encode()
        return ("patch", _request(parts.netloc, "PATCH", f"/api/v1/tasks/{rng.choice(ids)}", auth, body),
                lambda answer: answer["title"] == title)

    template_check = lambda body: len(body) == TASKS  # noqa: E731
    rounds = max(1, round(args.seconds))

    async def measure() -> tuple[int, float, dict, list[tuple[float, float, float]]]:
        await _drive(base_url, "", {}, 1.0, args.concurrency, None, steps=steps)
        if bare_url:
            await _drive(bare_url, f"/tasks?limit={TASKS}", {}, 1.0, args.concurrency, template_check)
        count, elapsed, latencies, per_round = 0, 0.0, {}, []
        for _ in range(rounds if bare_url else 1):
            n, t = await _drive(base_url, "", {}, 1.0 if bare_url else max(1.0, args.seconds), args.concurrency,
                                None, steps=steps)
            count, elapsed = count + n, elapsed + t
            for kind, values in _drive.latencies.items():
                latencies.setdefault(kind, []).extend(values)
            if bare_url:
                rates = {k: args.concurrency / statistics.fmean(v) for k, v in _drive.latencies.items()}
                n, t = await _drive(bare_url, f"/tasks?limit={TASKS}", {}, 1.0, args.concurrency, template_check)
                per_round.append((n / t, rates["patch"], rates["list"]))
        return count, elapsed, latencies, per_round

    count, elapsed, latencies, per_round = asyncio.run(measure())
    out = {"pairs": count / 2 / elapsed}
    for kind, values in latencies.items():
        out[f"{kind}_ms"] = 1000 * statistics.median(values)
        out[f"{kind}_rate"] = args.concurrency / statistics.fmean(values)
    if per_round:
        out["template_rate"] = statistics.median(t for t, _p, _l in per_round)
        out["patch_over_template"] = statistics.median(p / t for t, p, _l in per_round)
        out["list_over_template"] = statistics.median(x / t for t, _p, x in per_round)
    return out


def run(label: str, database_url: str, args: argparse.Namespace) -> float:
    from tests.e2e.conftest import start_server

    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        server = start_server(Path(tmp), database_url=database_url, extra_env={
            "LOG_LEVEL": "WARNING",
            # The per-token limiter still runs on every request (its cost is measured), with a
            # budget this load cannot use up.
            "RATE_LIMIT_API": "100000000 per minute"})
        bare = None
        try:
            token, ids = _seed(database_url, server.settings)
            auth = {"Authorization": f"Bearer {token}"}
            health, listing, ratio = _compare(server.base_url, auth, args)
            if not (args.no_bare and args.no_uncached):
                bare, bare_url = _bare_server(database_url)
            if not args.no_bare:
                ours, floor, overhead = _health_against_bare(server.base_url, bare_url, args)
            if not args.no_uncached:
                uncached = _uncached(server.base_url, None if args.no_template else bare_url, auth, ids, args)
        finally:
            server.stop()
            if bare is not None:
                bare.terminate()
                bare.wait(timeout=30)
    print(f"{label:<11} /healthz {health:8.0f} req/s   GET /api/v1/tasks?limit={TASKS} {listing:7.0f} req/s   "
          f"ratio {ratio:.3f}  {'PASS' if ratio >= TARGET else 'MISS'} (target >= {TARGET})", flush=True)
    if not args.no_bare:
        print(f"{'':<11} /healthz {ours:8.0f} req/s   bare FastAPI /healthz (same granian) {floor:7.0f} req/s   "
              f"bare/ours {overhead:.2f}  {'PASS' if overhead <= 1.3 else 'MISS'} (target <= 1.3)", flush=True)
    if not args.no_uncached:
        print(f"{'':<11} uncached: PATCH title + list of {TASKS} pairs {uncached['pairs']:6.0f}/s   "
              f"PATCH median {uncached['patch_ms']:.1f} ms (~{uncached['patch_rate']:.0f} req/s alone)   "
              f"uncached list median {uncached['list_ms']:.1f} ms (~{uncached['list_rate']:.0f} req/s alone)",
              flush=True)
        if "template_rate" in uncached:
            met = min(uncached["patch_over_template"], uncached["list_over_template"]) >= 3
            print(f"{'':<11} FastAPI template's list of {TASKS} (same granian) {uncached['template_rate']:6.0f} req/s   "
                  f"PATCH/template {uncached['patch_over_template']:.2f}   "
                  f"uncached list/template {uncached['list_over_template']:.2f}  "
                  f"{'PASS' if met else 'MISS'} (target >= 3 each)", flush=True)
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="rounds of one second for each figure")
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--url", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres",
                        help="an admin URL of PostgreSQL; a database of our own is created beside it")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-bare", action="store_true", help="skip /healthz against a bare FastAPI app")
    parser.add_argument("--no-uncached", action="store_true", help="skip the write-between-reads mode")
    parser.add_argument("--no-template", action="store_true",
                        help="uncached mode without the FastAPI template's list rounds")
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
