"""Server memory per connected tab, and what comes back after the tabs leave, against a blank app.

    python bench/bench_memory.py                      # 3 batches of 200 tabs, 30 s state expiry
    python bench/bench_memory.py --tabs 200 --batches 3 --expiry 30

Starts ours (`reflex run --env prod`, one granian worker, embedded mode, a private SQLite
database with `--writers` seeded writers of 5 pieces each, signed in over HTTP) and then the
blank app (bench/blank_app.py), each with Reflex's state expiry shortened to `--expiry` seconds
(`REFLEX_REDIS_TOKEN_EXPIRATION`: in 0.10.1 the disk state manager we run without Redis also
drops a tab's in-memory state and its pickle once untouched that long). Per server: one warm-up
tab (connected, closed, expired), the starting size, then per batch `--tabs` websocket tabs
(bench_events' protocol client; ours: a signed-in writer's tab hydrated on /dashboard with
DashboardState.load done; blank: hydrated on /), the size with them connected, all closed, a
wait past the expiry until the size stops falling, and the size after. Size: the sum over the
server's process tree of USS (private pages) and PSS from /proc/<pid>/smaps_rollup. Prints
per-tab KB, the ratio to the blank app, and the residual after each batch against the start.

    python bench/bench_memory.py --trace 25 --batches 1   # where a tab's Python memory goes

`--trace N` starts `tracemalloc` in every process of both servers (a `sitecustomize` on their
PYTHONPATH, this bench's only: nothing in the app), snapshots the server worker just before and
with the first batch connected, and prints the N biggest differences per tab by the source line
that allocated them and by the innermost frame of the app (writers_app) in each allocation's
stack, else the innermost of Reflex, socketio/engineio, granian, Starlette, SQLAlchemy or pydantic. Tracing slows the server and adds its own
bookkeeping to USS: read the per-tab KB of a traced run as Python's allocations only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tests.support.reflex_client import DASHBOARD, ROOT_STATE, Socket  # noqa: E402

TIMEOUT = 60.0

# Imported at start-up by every Python process of a traced server (PYTHONPATH): a daemon thread
# snapshots tracemalloc when the bench drops a request file naming a label (in forked children too).
SITECUSTOMIZE = """
import os, threading, time, tracemalloc
_dir = os.environ.get("WRITERS_BENCH_TRACE_DIR")
if _dir:
    tracemalloc.start(int(os.environ.get("WRITERS_BENCH_TRACE_FRAMES", "12")))
    def _watch():
        done = set()
        while True:
            time.sleep(0.5)
            for name in os.listdir(_dir):
                if name.startswith("want-") and name not in done:
                    done.add(name)
                    label = name[5:]
                    path = os.path.join(_dir, f"{os.getpid()}-{label}.snap")
                    open(path + ".busy", "w").close()
                    tracemalloc.take_snapshot().dump(path + ".part")
                    os.replace(path + ".part", path)
                    os.remove(path + ".busy")
    def _start():
        threading.Thread(target=_watch, name="bench-trace", daemon=True).start()
    _start()
    os.register_at_fork(after_in_child=_start)  # granian forks its workers: threads do not follow
"""


def snapshots(trace_dir: Path, label: str, pid: int) -> dict[int, object]:
    """{pid: tracemalloc snapshot} of every traced process of the tree under `pid` (each has 2 s to
    start answering, and may take its time to finish: a snapshot of a big process takes a while)."""
    import psutil
    import tracemalloc

    (trace_dir / f"want-{label}").touch()
    procs = [pid, *(p.pid for p in psutil.Process(pid).children(recursive=True))]
    time.sleep(2)
    deadline = time.monotonic() + 4 * TIMEOUT
    while time.monotonic() < deadline:
        ready = {p: trace_dir / f"{p}-{label}.snap" for p in procs if (trace_dir / f"{p}-{label}.snap").exists()}
        if ready and not list(trace_dir.glob(f"*-{label}.snap.busy")):
            return {p: tracemalloc.Snapshot.load(str(path)) for p, path in ready.items()}
        time.sleep(0.5)
    raise RuntimeError(f"no tracemalloc snapshot {label!r} from the server")


def frame_owner(filename: str) -> str | None:
    for marker, owner in (("/reflex/", "reflex"),
                          ("/socketio/", "socketio"), ("/engineio/", "engineio"),
                          ("/granian/", "granian"), ("/starlette/", "starlette"),
                          ("/sqlalchemy/", "sqlalchemy"), ("/pydantic", "pydantic")):
        if marker in filename:
            return owner
    return None


def print_trace(before, after, tabs: int, top: int) -> None:
    """The biggest per-tab differences by allocating line and by the first known owner in the stack."""
    diff = after.compare_to(before, "traceback")
    total = sum(d.size_diff for d in diff)
    print(f"  traced: {total / 1024 / tabs:.1f} KB/tab of Python allocations, "
          f"{sum(d.count_diff for d in diff) / tabs:.0f} blocks/tab")
    by_owner: dict[str, int] = {}
    by_line: dict[str, int] = {}
    for d in diff:
        frames = list(d.traceback)  # most recent call last
        line = f"{frames[-1].filename.split('site-packages/')[-1]}:{frames[-1].lineno}"
        by_line[line] = by_line.get(line, 0) + d.size_diff
        # the innermost frame of our code, else of the innermost known package
        owner = None
        for frame in reversed(frames):
            if "/writers_app/" in frame.filename:
                owner = f"writers_app/{frame.filename.split('/writers_app/')[-1]}:{frame.lineno}"
                break
        if owner is None:
            for frame in reversed(frames):
                name = frame_owner(frame.filename)
                if name:
                    owner = f"{name}: {frame.filename.split('site-packages/')[-1]}:{frame.lineno}"
                    break
        owner = owner or f"other: {line}"
        by_owner[owner] = by_owner.get(owner, 0) + d.size_diff
    for title, table in (("by allocating line", by_line), ("by innermost app/package frame", by_owner)):
        print(f"  {title} (KB per tab):")
        for key, size in sorted(table.items(), key=lambda kv: -abs(kv[1]))[:top]:
            print(f"    {size / 1024 / tabs:8.2f}  {key}")


def tree_memory(pid: int) -> dict[str, float]:
    """USS and PSS in MB summed over the process and its descendants."""
    import psutil

    total = {"uss": 0.0, "pss": 0.0, "rss": 0.0}
    leader = psutil.Process(pid)
    for proc in [leader, *leader.children(recursive=True)]:
        try:
            fields = {}
            for line in Path(f"/proc/{proc.pid}/smaps_rollup").read_text().splitlines()[1:]:
                name, value = line.split(":", 1)
                fields[name] = int(value.split()[0])
        except (OSError, ValueError, psutil.NoSuchProcess):
            continue
        total["uss"] += (fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)) / 1024
        total["pss"] += fields.get("Pss", 0) / 1024
        total["rss"] += fields.get("Rss", 0) / 1024
    return total


class _Skip(Exception):
    pass


class Tab:
    def __init__(self, cookie: str, path: str, wait_dashboard: bool):
        self.cookie, self.path, self.wait_dashboard = cookie, path, wait_dashboard
        self.socket: Socket | None = None
        self.reader: asyncio.Task | None = None

    async def open(self, host: str, port: int) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.socket = await Socket.connect(
            host, port, f"/_event/?token={uuid.uuid4()}&EIO=4&transport=websocket", headers)
        if not (await self.socket.recv()).startswith("0"):
            raise RuntimeError("unexpected Engine.IO open")
        router = {"pathname": self.path, "asPath": self.path, "query": {}}
        boot = {"name": f"{ROOT_STATE}.hydrate_and_load", "payload": {}, "router_data": router}
        self.socket.send("40/_event," + json.dumps({"event": boot}))
        hydrated = loaded = False
        while not (hydrated and (loaded or not self.wait_dashboard)):
            message = await self.socket.recv()
            if message == "2":
                self.socket.send("3")
                continue
            if message.startswith("44/_event"):
                raise RuntimeError(f"connect refused: {message[:200]}")
            if not message.startswith("42/_event,"):
                continue
            name, body = json.loads(message[len("42/_event,"):])[:2]
            delta = (json.loads(body) if isinstance(body, str) else body).get("delta") or {}
            hydrated = hydrated or (delta.get(ROOT_STATE) or {}).get("is_hydrated_rx_state_") is True
            loaded = loaded or (delta.get(DASHBOARD) or {}).get("loaded_rx_state_") is True
        self.reader = asyncio.create_task(self.keep_alive())

    async def keep_alive(self) -> None:
        try:
            while True:
                if await self.socket.recv() == "2":
                    self.socket.send("3")
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass

    def close(self) -> None:
        if self.reader:
            self.reader.cancel()
        self.socket.close()


async def open_tabs(base_url: str, cookies: list[str], count: int, path: str, wait_dashboard: bool) -> list[Tab]:
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    tabs = [Tab(cookies[i % len(cookies)] if cookies else "", path, wait_dashboard) for i in range(count)]
    for start in range(0, count, 25):
        await asyncio.wait_for(asyncio.gather(*(t.open(parts.hostname, parts.port) for t in tabs[start:start + 25])),
                               TIMEOUT)
    return tabs


def settle(pid: int, expiry: float, started: float) -> dict[str, float]:
    """Wait past the expiry (from the last tab's close), then until USS stops falling (2 s steps)."""
    time.sleep(max(0.0, started + expiry + 6 - time.monotonic()))
    last = tree_memory(pid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(3)
        now = tree_memory(pid)
        if now["uss"] > last["uss"] - 0.2:
            return now
        last = now
    return last


def run_server(name: str, pid: int, base_url: str, cookies: list[str], path: str, args: argparse.Namespace,
               states_dir: Path, trace_dir: Path | None = None) -> dict:
    dashboard = path == "/dashboard"

    async def batch(count: int) -> list[Tab]:
        return await open_tabs(base_url, cookies, count, path, dashboard)

    def pickles() -> int:
        return len(list(states_dir.glob("*.pkl"))) if states_dir.is_dir() else 0

    loop = asyncio.new_event_loop()
    warm = loop.run_until_complete(batch(5))
    for tab in warm:
        tab.close()
    start = settle(pid, args.expiry, time.monotonic())
    print(f"\n{name}: start USS {start['uss']:.1f} MB  PSS {start['pss']:.1f} MB  ({pickles()} state pickles)",
          flush=True)
    rows = []
    for b in range(args.batches):
        before = tree_memory(pid)
        traced = snapshots(trace_dir, f"{name[:4]}-{b}-before", pid) if trace_dir and b == 0 else None
        began = time.perf_counter()
        tabs = loop.run_until_complete(batch(args.tabs))
        opened = time.perf_counter() - began
        loop.run_until_complete(asyncio.sleep(3))
        connected = tree_memory(pid)
        held = pickles()
        if traced is not None:  # the process that grew most: the server worker holding the tabs
            now = snapshots(trace_dir, f"{name[:4]}-{b}-connected", pid)
            grown = {p: sum(d.size_diff for d in now[p].compare_to(traced[p], "filename"))
                     for p in now.keys() & traced.keys()}
            worker = max(grown, key=grown.get)
            print(f"  tracemalloc, process {worker} (+{grown[worker] / 2**20:.1f} MB traced):")
            print_trace(traced[worker], now[worker], args.tabs, args.trace)
        for tab in tabs:
            tab.close()
        loop.run_until_complete(asyncio.sleep(0.5))
        after = settle(pid, args.expiry, time.monotonic())
        per_tab = 1024 * (connected["uss"] - before["uss"]) / args.tabs
        per_tab_pss = 1024 * (connected["pss"] - before["pss"]) / args.tabs
        residual = (after["uss"] - start["uss"]) / start["uss"]
        rows.append({"per_tab": per_tab, "per_tab_pss": per_tab_pss, "residual": residual, "after": after["uss"]})
        print(f"  batch {b + 1}: {args.tabs} tabs opened in {opened:.1f} s; USS {before['uss']:.1f} -> "
              f"{connected['uss']:.1f} MB connected = {per_tab:.0f} KB/tab (PSS {per_tab_pss:.0f} KB/tab), "
              f"{held} pickles; after expiry {after['uss']:.1f} MB ({pickles()} pickles), "
              f"{100 * residual:+.1f}% of start", flush=True)
    loop.close()
    return {"start": start["uss"], "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tabs", type=int, default=200)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--expiry", type=int, default=30, help="seconds (REFLEX_REDIS_TOKEN_EXPIRATION)")
    parser.add_argument("--writers", type=int, default=20, help="seeded writers the tabs are spread over")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment of both servers, e.g. PYTHONMALLOC=malloc (repeatable)")
    parser.add_argument("--only", choices=("ours", "blank"), help="measure one server only")
    parser.add_argument("--trace", type=int, default=0, metavar="N",
                        help="tracemalloc the first batch and print its N biggest allocators per tab")
    args = parser.parse_args()

    from bench_pages import seed_writer
    from blank_app import start_blank
    from tests.e2e.conftest import start_server

    expiry_env = {"REFLEX_REDIS_TOKEN_EXPIRATION": str(args.expiry), "LOG_LEVEL": "WARNING",
                  **dict(item.split("=", 1) for item in args.env)}
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp_name:
        tmp = Path(tmp_name)
        trace_dir = None
        if args.trace:
            trace_dir = tmp / "trace"
            trace_dir.mkdir()
            (tmp / "site").mkdir()
            (tmp / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
            expiry_env.update({"WRITERS_BENCH_TRACE_DIR": str(trace_dir),
                               "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp / "site"),
                                                                           os.environ.get("PYTHONPATH")]))})
        (tmp / "ours").mkdir()
        ours = None if args.only == "blank" else start_server(tmp / "ours", database_url=f"sqlite:///{tmp / 'ours' / 'bench.db'}", extra_env=expiry_env)
        try:
            cookies = []
            if ours is None:
                raise _Skip
            for _ in range(args.writers):
                jar = seed_writer(ours)
                cookies.append(f"{jar[0]['name']}={jar[0]['value']}")
            results["ours"] = run_server("ours (/dashboard, signed in)", ours.proc.pid, ours.base_url, cookies,
                                         "/dashboard", args, ROOT / ".states", trace_dir)
        except _Skip:
            pass
        finally:
            if ours is not None:
                ours.stop()
        if args.only == "ours":
            return
        blank = start_blank(tmp, extra_env=expiry_env)
        try:
            results["blank"] = run_server("blank (/)", blank.proc.pid, blank.base_url, [], "/", args,
                                          tmp / "blank" / ".states", trace_dir)
        finally:
            blank.stop()
    if args.only:
        return
    print("\nper connected tab (USS; target <= 1.1x blank) and residual after expiry (target within 10% of start)")
    for b in range(args.batches):
        o, k = results["ours"]["rows"][b], results["blank"]["rows"][b]
        print(f"  batch {b + 1}: ours {o['per_tab']:.0f} KB, blank {k['per_tab']:.0f} KB, ratio "
              f"{o['per_tab'] / k['per_tab']:.2f}x | residual ours {100 * o['residual']:+.1f}%, "
              f"blank {100 * k['residual']:+.1f}%")


if __name__ == "__main__":
    main()
