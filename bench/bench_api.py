"""Requests per second of the REST API against the liveness probe, on the real server.

    python bench/bench_api.py                      # PostgreSQL (and SQLite), 8 s per figure
    python bench/bench_api.py --seconds 10 --concurrency 16 --no-sqlite

Starts the product as it is served (`reflex run --env prod`: granian, embedded mode, one
server worker) on loopback, seeds a writer with 100 tasks and a read-write personal token,
then drives, with keep-alive clients on threads, `GET /healthz` and an authenticated
`GET /api/v1/tasks?limit=100` (token lookup, one query for the page, 100 tasks serialised).
Prints both rates and their ratio; the target is a ratio of at least 0.15 (a comparable
FastAPI + SQLModel listing of 100 items measured about 0.013 of its own health check).
No cache is involved. The machine is shared: expect noise of 10-20 % between runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
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


def _drive(url: str, headers: dict[str, str], seconds: float, concurrency: int, check) -> float:  # noqa: ANN001
    """Requests per second over `seconds` with `concurrency` keep-alive clients (after a warm-up)."""
    counts = [0] * concurrency
    failures: list[str] = []
    stop_at = [0.0]
    measuring = threading.Event()

    def worker(i: int) -> None:
        with httpx.Client(headers=headers, timeout=30) as client:
            while time.monotonic() < stop_at[0]:
                answer = client.get(url)
                if answer.status_code != 200 or not check(answer):
                    failures.append(f"{answer.status_code} {answer.text[:200]}")
                    return
                if measuring.is_set():
                    counts[i] += 1

    warmup = 1.5
    start = time.monotonic()
    stop_at[0] = start + warmup + seconds
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    measuring.set()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    if failures:
        raise RuntimeError(f"{url}: {failures[0]}")
    return sum(counts) / elapsed


def run(label: str, database_url: str, args: argparse.Namespace) -> float:
    from tests.e2e.conftest import start_server

    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        server = start_server(Path(tmp), database_url=database_url, extra_env={"LOG_LEVEL": "WARNING"})
        try:
            token = _seed(database_url, server.settings)
            auth = {"Authorization": f"Bearer {token}"}
            health = _drive(server.base_url + "/healthz", {}, args.seconds, args.concurrency,
                            lambda a: a.json()["status"] == "ok")
            listing = _drive(server.base_url + f"/api/v1/tasks?limit={TASKS}", auth, args.seconds, args.concurrency,
                             lambda a: len(a.json()["items"]) == TASKS)
        finally:
            server.stop()
    ratio = listing / health
    print(f"{label:<11} /healthz {health:8.0f} req/s   GET /api/v1/tasks?limit={TASKS} {listing:7.0f} req/s   "
          f"ratio {ratio:.3f}  {'PASS' if ratio >= TARGET else 'MISS'} (target >= {TARGET})", flush=True)
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--url", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres",
                        help="an admin URL of PostgreSQL; a database of our own is created beside it")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    print(f"{args.concurrency} keep-alive clients, {args.seconds:.0f} s per figure, `reflex run --env prod` "
          f"(granian, embedded mode), loopback", flush=True)

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
