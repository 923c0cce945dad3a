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
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_events import DASHBOARD, ROOT_STATE, Socket  # noqa: E402

TIMEOUT = 60.0


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
               states_dir: Path) -> dict:
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
        began = time.perf_counter()
        tabs = loop.run_until_complete(batch(args.tabs))
        opened = time.perf_counter() - began
        loop.run_until_complete(asyncio.sleep(3))
        connected = tree_memory(pid)
        held = pickles()
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
    args = parser.parse_args()

    from bench_pages import seed_writer
    from blank_app import start_blank
    from tests.e2e.conftest import start_server

    expiry_env = {"REFLEX_REDIS_TOKEN_EXPIRATION": str(args.expiry), "LOG_LEVEL": "WARNING",
                  **dict(item.split("=", 1) for item in args.env)}
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp_name:
        tmp = Path(tmp_name)
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
                                         "/dashboard", args, ROOT / ".states")
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
                                          tmp / "blank" / ".states")
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
