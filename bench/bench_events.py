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
import base64
import json
import os
import random
import struct
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS_PER_BLOCK = 50
EVENT_TIMEOUT = 60.0
VOCABULARY = ("the of and a to in was he she it that his her with as at for on they had but not from by were one "
              "river house morning letter window garden mother father winter summer evening story silence voice "
              "road city harbour lamp shadow promise journey question answer remembered walked whispered").split()

ROOT_STATE = "reflex___state____state"
EDITOR = f"{ROOT_STATE}.writers_app___pages___editor___state____editor_state"
DASHBOARD = f"{ROOT_STATE}.writers_app___pages___dashboard___state____dashboard_state"


def paragraph(rng: random.Random, words: int, tag: str = "") -> str:
    chosen = [rng.choice(VOCABULARY) for _ in range(words - (1 if tag else 0))]
    if tag:
        chosen.append(tag)
    chosen[0] = chosen[0].capitalize()
    return f'<p dir="ltr">{" ".join(chosen)}.</p>'


def piece_blocks(words: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [paragraph(rng, WORDS_PER_BLOCK) for _ in range(max(1, words // WORDS_PER_BLOCK))]


# --- A minimal websocket + Engine.IO/Socket.IO client -------------------------------------------

class Socket:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, host: str, port: int, path: str, headers: dict[str, str]) -> "Socket":
        reader, writer = await asyncio.open_connection(host, port, limit=64 * 1024 * 1024)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                   + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n")
        writer.write(request.encode())
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError(f"websocket refused: {head[:200]!r}")
        return cls(reader, writer)

    def send(self, text: str) -> None:
        data = text.encode()
        n = len(data)
        head = bytearray([0x81])
        if n < 126:
            head.append(0x80 | n)
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", n)
        # The mask is required of a client; zeros keep the payload as it is (no per-byte XOR in Python).
        self.writer.write(bytes(head) + b"\x00\x00\x00\x00" + data)

    async def recv(self) -> str:
        message = b""
        while True:
            b0, b1 = await self.reader.readexactly(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", await self.reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", await self.reader.readexactly(8))[0]
            payload = await self.reader.readexactly(n)
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise ConnectionError("websocket closed by the server")
            if opcode == 0x9:  # ping
                self.writer.write(bytes([0x8A, 0x80]) + b"\x00\x00\x00\x00")
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()

    def close(self) -> None:
        try:
            self.writer.write(bytes([0x88, 0x80]) + b"\x00\x00\x00\x00")
            self.writer.close()
        except Exception:  # noqa: BLE001
            pass


@dataclass
class Writer:
    index: int
    email: str
    task_id: int
    blocks: list[str]
    cookie: str = ""
    revision: int = 1
    socket: Socket | None = None
    waiters: dict[str, asyncio.Future] = field(default_factory=dict)
    reader_task: asyncio.Task | None = None
    sent_last: str = ""
    rng: random.Random = field(default_factory=random.Random)
    toggles: int = 0

    def router_data(self) -> dict:
        path = f"/tasks/{self.task_id}"
        return {"pathname": path, "asPath": path, "query": {"task_id": str(self.task_id)}}

    def emit(self, name: str, payload: dict) -> None:
        event = {"name": name, "payload": payload, "router_data": self.router_data()}
        self.socket.send("42/_event," + json.dumps(["event", event]))

    def expect(self, key: str) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiters[key] = future
        return future

    def resolve(self, key: str, value) -> None:  # noqa: ANN001
        future = self.waiters.pop(key, None)
        if future is not None and not future.done():
            future.set_result(value)

    async def read_forever(self) -> None:
        try:
            while True:
                message = await self.socket.recv()
                if message == "2":
                    self.socket.send("3")
                    continue
                if not message.startswith("42/_event,"):
                    if message.startswith("44/_event"):
                        self.fail(RuntimeError(f"connect refused: {message[:300]}"))
                    continue
                name, body = json.loads(message[len("42/_event,"):])[:2]
                if name != "event":
                    continue
                update = json.loads(body) if isinstance(body, str) else body
                self.on_delta(update.get("delta") or {})
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            self.fail(exc)

    def fail(self, exc: BaseException) -> None:
        for future in self.waiters.values():
            if not future.done():
                future.set_exception(exc)
        self.waiters.clear()

    def on_delta(self, delta: dict) -> None:
        root = delta.get(ROOT_STATE) or {}
        if root.get("is_hydrated_rx_state_") is True:
            self.resolve("hydrated", True)
        editor = delta.get(EDITOR) or {}
        if editor.get("task_rx_state_") == self.task_id:
            self.resolve("loaded", True)
        ack = editor.get("ack_rx_state_")
        if isinstance(ack, dict) and ack.get("save_id"):
            self.resolve("save:" + ack["save_id"], ack)
        dashboard = delta.get(DASHBOARD) or {}
        if "selected_rx_state_" in dashboard:
            self.resolve("toggle", dashboard["selected_rx_state_"])

    async def open(self, host: str, port: int) -> None:
        self.socket = await Socket.connect(
            host, port, f"/_event/?token={uuid.uuid4()}&EIO=4&transport=websocket", {"Cookie": self.cookie})
        opening = await self.socket.recv()
        if not opening.startswith("0"):
            raise RuntimeError(f"unexpected Engine.IO open: {opening[:200]}")
        hydrated, loaded = self.expect("hydrated"), self.expect("loaded")
        boot = {"name": f"{ROOT_STATE}.hydrate_and_load", "payload": {}, "router_data": self.router_data()}
        self.socket.send("40/_event," + json.dumps({"event": boot}))
        self.reader_task = asyncio.create_task(self.read_forever())
        await asyncio.wait_for(asyncio.gather(hydrated, loaded), EVENT_TIMEOUT)

    async def toggle(self) -> None:
        self.toggles += 1
        waiter = self.expect("toggle")
        self.emit(f"{DASHBOARD}.toggle_selected", {"task_id": str(self.toggles % 7), "checked": self.toggles % 2 == 0})
        await asyncio.wait_for(waiter, EVENT_TIMEOUT)

    async def save(self) -> None:
        """A one-paragraph delta: block i replaced by a new paragraph of the same length."""
        i = self.rng.randrange(len(self.blocks))
        new = paragraph(self.rng, WORDS_PER_BLOCK, tag=f"edit{self.revision}")
        save_id = str(uuid.uuid4())
        payload = {"task_id": self.task_id, "save_id": save_id, "base_revision": self.revision, "start": i,
                   "delete_count": 1, "blocks": [new], "blocks_before": len(self.blocks),
                   "blocks_after": len(self.blocks), "explicit": False}
        waiter = self.expect("save:" + save_id)
        self.emit(f"{EDITOR}.save", {"payload": payload})
        ack = await asyncio.wait_for(waiter, EVENT_TIMEOUT)
        if ack.get("error"):
            raise RuntimeError(f"save refused: {ack}")
        self.blocks[i] = new
        self.revision = ack["revision"]


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


async def login_all(base_url: str, writers: list[Writer]) -> None:
    import httpx

    from tests.factories import PASSWORD
    from writers_app.services.sessions import SESSION_COOKIE

    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        for writer in writers:
            response = await client.post("/api/auth/login", data={"email": writer.email, "password": PASSWORD})
            token = response.cookies.get(SESSION_COOKIE)
            if response.status_code != 303 or not token:
                raise RuntimeError(f"login failed for {writer.email}: {response.status_code} {response.headers}")
            writer.cookie = f"{SESSION_COOKIE}={token}"
            client.cookies.clear()


def verify(database_url: str, writers: list[Writer]) -> int:
    from sqlmodel import Session, select

    from writers_app.db import make_engine
    from writers_app.formats.blocks import BlockDocument, split_blocks
    from writers_app.formats.sanitize import sanitize_html
    from writers_app.models import Task

    engine = make_engine(database_url)
    mismatches = 0
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
