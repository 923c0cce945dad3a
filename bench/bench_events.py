"""Websocket event traffic on the real prod server: editor saves against a trivial event.

    python bench/bench_events.py                          # 10 then 50 writers, 2,000-word pieces
    python bench/bench_events.py --writers 200 --rate 0.5 --duration 60 --verify
    python bench/bench_events.py --writers 50 --piece-words 200000 --events 10

No browser: a small Engine.IO 4 / Socket.IO 5 client over asyncio streams (RFC 6455 framing by
hand, so the load client costs little of the 2 cores the server is measured on). Starts
`reflex run --env prod` (granian, one worker, embedded mode) on 127.0.0.1 with a PostgreSQL
database of its own (created, migrated, dropped at the end), seeds one writer per session
with one piece (`--piece-words` words in blocks of 50 words: 2,000 words = 40 blocks), logs
each writer in over HTTP (POST /api/auth/login, the session cookie), opens one websocket per
writer with that cookie, hydrates it on the editor route of the writer's own piece (the
hydrate event in the CONNECT packet, then EditorState.load as on_load) and then, per phase,
with every writer at once:

- trivial: `DashboardState.toggle_selected` (a set and a sorted list, no database);
- save: `EditorState.save`, a one-paragraph block delta (start=i, delete 1, one new block,
  block counts, base revision, save id), acknowledged by the `ack` var carrying its save id.

Each writer sends back to back (`--events` per writer), or with `--rate R` one event every
1/R s for `--duration` s (open loop; late acks do not delay the next send). Latency is from
the frame sent to the delta that answers it. Server CPU per event is the CPU time of the
server's whole process group (psutil, /proc) over the phase divided by its events.
`--verify` reads each piece from the database at the end and counts those whose stored text
differs from the last text its writer sent.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The protocol-level client is shared with tests/reliability (20 writers saving through faults).
from tests.support.reflex_client import (  # noqa: E402
    WORDS_PER_BLOCK, Writer, login_all, piece_blocks)

# --- Phases -----------------------------------------------------------------------------------

@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    cpu: float = 0.0
    db_cpu: float = 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")

    def line(self) -> str:
        n = len(self.latencies)
        cpu_ms = 1000 * self.cpu / max(1, n + self.errors)
        return (f"{self.name:<8} {n:>6} ok {self.errors:>4} err | p50 {1000 * self.percentile(0.5):7.1f}  "
                f"p95 {1000 * self.percentile(0.95):7.1f}  p99 {1000 * self.percentile(0.99):7.1f} ms | "
                f"{n / self.elapsed:7.1f} /s | server CPU {cpu_ms:6.2f} ms/event, "
                f"PostgreSQL {1000 * self.db_cpu / max(1, n + self.errors):5.2f} ms/event")


def server_cpu(pid: int) -> float:
    import psutil

    total = 0.0
    leader = psutil.Process(pid)
    for proc in [leader, *leader.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def database_cpu(database: str) -> float:
    """CPU time of the PostgreSQL backends serving our database (their process title names it)."""
    import psutil

    total = 0.0
    for proc in psutil.process_iter(["cmdline"]):
        try:
            title = " ".join(proc.info["cmdline"] or [])
            if title.startswith("postgres:") and f" {database} " in title:
                times = proc.cpu_times()
                total += times.user + times.system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


async def run_phase(name: str, writers: list[Writer], action: str, args: argparse.Namespace, pid: int) -> Phase:
    phase = Phase(name)
    loop = asyncio.get_running_loop()

    async def one(writer: Writer) -> None:
        started = loop.time()
        try:
            await (writer.save() if action == "save" else writer.toggle())
            phase.latencies.append(loop.time() - started)
        except Exception as exc:  # noqa: BLE001
            phase.errors += 1
            if phase.errors <= 3:
                print(f"  {name} error (writer {writer.index}): {exc!r}"[:300], flush=True)

    async def closed_loop(writer: Writer) -> None:
        for _ in range(args.events):
            await one(writer)

    async def open_loop(writer: Writer) -> None:
        # Saves of one writer never overlap (the editor waits for its ack), so a late ack
        # skips that writer's next slot rather than queueing a conflicting save.
        period = 1 / args.rate
        await asyncio.sleep(writer.rng.uniform(0, period))
        stop_at = loop.time() + args.duration
        next_at = loop.time()
        while next_at < stop_at:
            await one(writer)
            next_at += period
            while next_at < loop.time():
                next_at += period
            await asyncio.sleep(max(0.0, next_at - loop.time()))

    cpu_before, db_before, began = server_cpu(pid), database_cpu(args.database), loop.time()
    await asyncio.gather(*((open_loop if args.rate else closed_loop)(w) for w in writers))
    phase.elapsed, phase.cpu = loop.time() - began, server_cpu(pid) - cpu_before
    phase.db_cpu = database_cpu(args.database) - db_before
    return phase


# --- Set-up -----------------------------------------------------------------------------------

def seed(database_url: str, count: int, words: int) -> list[Writer]:
    from sqlmodel import Session

    from tests.conftest import make_settings
    from tests.factories import make_task, make_writer
    from writers_app.db import make_engine

    cheap = make_settings(Path(tempfile.gettempdir()), database_url=database_url, bcrypt_rounds=4)
    engine = make_engine(database_url)
    writers = []
    with Session(engine, expire_on_commit=False) as session:
        for i in range(count):
            blocks = piece_blocks(words, seed=i)
            user = make_writer(session, cheap, email=f"bench-events-{i}-{uuid.uuid4().hex[:6]}@example.com",
                               display_name=f"Writer {i}")
            task = make_task(session, user, title=f"Piece {i}", body_html="".join(blocks))
            writers.append(Writer(index=i, email=user.email, task_id=task.id, blocks=blocks,
                                  revision=task.revision, rng=random.Random(1000 + i)))
        session.commit()
    engine.dispose()
    return writers


def verify(database_url: str, writers: list[Writer]) -> int:
    from sqlmodel import Session, select

    from writers_app.db import make_engine
    from writers_app.formats.blocks import BlockDocument, split_blocks
    from writers_app.formats.sanitize import sanitize_html
    from writers_app.models import Task

    from writers_app.models import TaskSave

    engine = make_engine(database_url)
    mismatches, ids = 0, [w.task_id for w in writers]
    # The server folds the save log into the bodies a second or so after the acks (services.saves):
    # wait for it, up to a minute, and say how long it took.
    waited, deadline = time.perf_counter(), time.perf_counter() + 60
    while time.perf_counter() < deadline:
        with Session(engine) as session:
            pending = len(session.exec(select(TaskSave.task_id).where(TaskSave.task_id.in_(ids))).all())
        if not pending:
            break
        time.sleep(0.1)
    print(f"  verify: save log folded {time.perf_counter() - waited:.2f} s after the last ack "
          f"({pending} rows left)", flush=True)
    with Session(engine) as session:
        stored = {t.id: t for t in session.exec(select(Task).where(Task.id.in_([w.task_id for w in writers])))}
        for writer in writers:
            clean = [b for block in writer.blocks for b in split_blocks(sanitize_html(block))]
            expected = BlockDocument.from_blocks(clean)
            task = stored.get(writer.task_id)
            if task is None or task.body_text != expected.text or task.revision != writer.revision:
                mismatches += 1
    engine.dispose()
    return mismatches


async def measure(base_url: str, writers: list[Writer], args: argparse.Namespace, pid: int) -> dict:
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    began = time.perf_counter()
    await login_all(base_url, writers)
    logged_in = time.perf_counter()
    for start in range(0, len(writers), 25):  # open in batches, as tabs would come and go
        await asyncio.gather(*(w.open(parts.hostname, parts.port) for w in writers[start:start + 25]))
    opened = time.perf_counter()
    print(f"  {len(writers)} writers logged in in {logged_in - began:.1f} s, sockets hydrated on /tasks/<id> "
          f"in {opened - logged_in:.1f} s", flush=True)
    warm = argparse.Namespace(**{**vars(args), "events": 2, "rate": 0})
    await run_phase("warm-up", writers, "toggle", warm, pid)
    await run_phase("warm-up", writers, "save", warm, pid)
    trivial = await run_phase("trivial", writers, "toggle", args, pid)
    save = await run_phase("save", writers, "save", args, pid)
    for writer in writers:
        writer.socket.close()
        if writer.reader_task:
            writer.reader_task.cancel()
    return {"trivial": trivial, "save": save}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", default="10,50", help="comma-separated session counts, run one after another")
    parser.add_argument("--piece-words", type=int, default=2000, help="words per piece (blocks of 50 words)")
    parser.add_argument("--events", type=int, default=20, help="events per writer and phase, back to back")
    parser.add_argument("--rate", type=float, default=0.0, help="events per second per writer (open loop)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase with --rate")
    parser.add_argument("--verify", action="store_true", help="compare every stored piece with its last save")
    parser.add_argument("--url", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres",
                        help="an admin URL of PostgreSQL; a database of our own is created beside it")
    args = parser.parse_args()
    counts = [int(n) for n in args.writers.split(",")]

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from tests.e2e.conftest import start_server
    from writers_app.db import make_engine

    admin = make_engine(args.url).execution_options(isolation_level="AUTOCOMMIT")
    name = args.database = f"writers_bench_events_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    load = f"{args.rate:g} events/s per writer for {args.duration:.0f} s" if args.rate else \
        f"{args.events} events per writer back to back"
    print(f"bench_events: {args.piece_words:,}-word pieces ({max(1, args.piece_words // WORDS_PER_BLOCK)} blocks), "
          f"{load}; `reflex run --env prod` (granian, 1 worker, embedded mode), PostgreSQL, 127.0.0.1", flush=True)
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-events-") as tmp:
            server = start_server(Path(tmp), database_url=database_url, extra_env={"LOG_LEVEL": "WARNING"})
            try:
                for count in counts:
                    writers = seed(database_url, count, args.piece_words)
                    print(f"\n{count} writers", flush=True)
                    phases = asyncio.run(measure(server.base_url, writers, args, server.proc.pid))
                    for phase in phases.values():
                        print("  " + phase.line(), flush=True)
                    ratio = phases["save"].percentile(0.95) / phases["trivial"].percentile(0.95)
                    rate = len(phases["save"].latencies) / phases["save"].elapsed
                    print(f"  save p95 / trivial p95 = {ratio:.2f} (target <= 2)   saves/s {rate:.0f} (target >= 400)",
                          flush=True)
                    if args.verify:
                        mismatches = verify(database_url, writers)
                        print(f"  verify: {mismatches} of {len(writers)} pieces differ from their writer's last save",
                              flush=True)
                    results.append((count, phases, ratio))
            finally:
                server.stop()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
