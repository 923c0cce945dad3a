"""Page load in Chromium: /login and the dashboard against a blank Reflex page built in the same run.

    python bench/bench_pages.py                 # 3 rounds x 7 fresh loads of each page
    python bench/bench_pages.py --urls          # also the network log (URL, type, bytes) of one load
    python bench/bench_pages.py --trace 5       # and where the page's main thread spends the time to FCP

Builds and serves, on 127.0.0.1, both with `reflex run --env prod` on one port: a blank Reflex
0.10.1 app written into a temp dir (bench/blank_app.py, same Radix theme and rxconfig switches)
and ours on a private SQLite database with one seeded writer (signed in over HTTP for the
dashboard: its session cookie goes into each context). Each load is a fresh Chromium context
(/usr/bin/chromium, headless, 1366x900, cache disabled through CDP); rounds alternate the order of
the pages. Per load: FCP (the paint entry), load (navigation loadEventEnd), hydrated (from
navigation start to the websocket delta setting `is_hydrated`), transferred bytes (CDP
`encodedDataLength` of every response: compressed bodies plus headers) and the number of
requests, counted once the network has been idle for 0.5 s after hydration. Prints medians per
round and the median over rounds of each page's ratio to the blank page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

METRICS = ("fcp", "load", "hydrated", "kb", "requests")
HYDRATED = '"is_hydrated_rx_state_":true'
FCP_JS = """() => new Promise(resolve => {
  const find = () => performance.getEntriesByName('first-contentful-paint')[0];
  if (find()) return resolve(find().startTime);
  new PerformanceObserver(() => { if (find()) resolve(find().startTime); }).observe({type: 'paint', buffered: true});
})"""


def load_once(browser, url: str, cookies: list[dict], log: list | None = None) -> dict:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses: dict[str, tuple[str, str]] = {}
    sizes: dict[str, int] = {}
    hydrated: list[float] = []
    cdp.on("Network.responseReceived", lambda e: responses.__setitem__(
        e["requestId"], (e["response"]["url"], e.get("type", ""))))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def on_socket(ws) -> None:  # noqa: ANN001
        ws.on("framereceived", lambda payload: hydrated.append(time.perf_counter())
              if not hydrated and isinstance(payload, str) and HYDRATED in payload else None)

    page.on("websocket", on_socket)
    began = time.perf_counter()
    page.goto(url, wait_until="load", timeout=120_000)
    deadline = time.monotonic() + 60
    while not hydrated and time.monotonic() < deadline:
        page.wait_for_timeout(10)
    if not hydrated:
        raise RuntimeError(f"{url}: no hydrate delta within 60 s")
    try:
        page.wait_for_load_state("networkidle", timeout=30_000)
    except Exception:  # noqa: BLE001  (a page that keeps polling: count what came so far)
        pass
    fcp = page.evaluate(FCP_JS)
    nav = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                        " return [n.startTime, n.loadEventEnd, performance.timeOrigin]; }")
    # The hydrate delta's time on the page's clock: Python's clock at goto is ~ navigation start.
    hydrated_ms = 1000 * (hydrated[0] - began)
    finished = [(rid, n) for rid, n in sizes.items() if rid in responses and not responses[rid][0].startswith("data:")]
    if log is not None:  # with the page's resource timing: when each answer started and ended
        timing = dict(page.evaluate(
            "() => [[location.href, performance.getEntriesByType('navigation')[0]], ...performance"
            ".getEntriesByType('resource').map(r => [r.name, r])].map(([n, r]) => [n, [r.requestStart,"
            " r.responseEnd]])"))
        log.extend(sorted(((responses[rid][0], responses[rid][1], n, *timing.get(responses[rid][0], (0, 0)))
                           for rid, n in finished), key=lambda r: r[3] or 1e9))
        log.append(("(first contentful paint)", "", 0, fcp, fcp))
    context.close()
    return {"fcp": fcp, "load": nav[1] - nav[0], "hydrated": hydrated_ms,
            "kb": sum(n for _, n in finished) / 1024, "requests": len(finished)}


TRACE_CATEGORIES = ["devtools.timeline", "loading", "blink.user_timing", "v8.execute", "disabled-by-default-devtools.timeline"]


def trace_once(browser, url: str, cookies: list[dict]) -> tuple[float, float, dict[str, float]] | None:  # noqa: ANN001
    """One fresh load under Chromium's tracing: the renderer main thread's work from navigation
    start to the first contentful paint (ms to FCP, ms busy, ms by kind: each task's own time,
    nested work taken out). None: the trace had no FCP or navigation start."""
    import json

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(url, wait_until="load", timeout=120_000)
    page.evaluate(FCP_JS)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    context.close()
    mains = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
             and e.get("args", {}).get("name") == "CrRendererMain"}
    fcp = [e for e in events if e.get("name") == "firstContentfulPaint" and (e["pid"], e["tid"]) in mains]
    if not fcp:
        return None
    pid, tid = fcp[0]["pid"], fcp[0]["tid"]
    end = fcp[0]["ts"]
    # The navigation may start in another renderer (a new site's process): the last start before FCP.
    start = max((e["ts"] for e in events if e.get("name") == "navigationStart" and e["ts"] < end), default=None)
    if start is None:
        return None

    def kind(e: dict) -> str:  # a script's evaluation by its address (inline: the page's own)
        if e["name"] in ("EvaluateScript", "v8.compile", "v8.compileModule", "v8.evaluateModule"):
            data = e.get("args", {}).get("data", {})
            where = (data.get("url") or data.get("fileName") or "").rsplit("/", 1)[-1]
            return f"{e['name']} {where.split('-')[0] if where else '(inline)'}"
        return e["name"]

    spans = sorted(((e["ts"], e["ts"] + e.get("dur", 0), kind(e)) for e in events
                    if e.get("ph") == "X" and (e["pid"], e["tid"]) == (pid, tid) and start <= e["ts"] < end),
                   key=lambda s: (s[0], -s[1]))
    own: dict[str, float] = {}
    busy = 0.0
    stack: list[list] = []  # [end, name, children's time, own duration]
    for begin, finish, name in spans:
        while stack and stack[-1][0] <= begin:
            done = stack.pop()
            own[done[1]] = own.get(done[1], 0.0) + (done[3] - done[2]) / 1000
        if stack:
            stack[-1][2] += finish - begin
        else:
            busy += finish - begin
        stack.append([finish, name, 0.0, finish - begin])
    while stack:
        done = stack.pop()
        own[done[1]] = own.get(done[1], 0.0) + (done[3] - done[2]) / 1000
    return (end - start) / 1000, busy / 1000, own


def traced(browser, url: str, cookies: list[dict], loads: int) -> str:  # noqa: ANN001
    """Medians over `loads` traced loads: time to FCP, main thread busy, the busiest kinds."""
    runs = [r for r in (trace_once(browser, url, cookies) for _ in range(loads)) if r is not None]
    if not runs:
        return "  (no trace with a first contentful paint)"
    kinds = {k for _, _, own in runs for k in own}
    median = {k: statistics.median(own.get(k, 0.0) for _, _, own in runs) for k in kinds}
    lines = [f"  {len(runs)} traced loads, medians: to FCP {statistics.median(r[0] for r in runs):.0f} ms, main "
             f"thread busy {statistics.median(r[1] for r in runs):.0f} ms of it:"]
    lines += [f"    {ms:7.1f} ms  {name}" for name, ms in sorted(median.items(), key=lambda kv: -kv[1])[:14]]
    return "\n".join(lines)


def seed_writer(server) -> list[dict]:  # noqa: ANN001
    """One writer with a few pieces; its session cookie for the browser contexts."""
    import httpx
    from sqlmodel import Session

    from tests.factories import PASSWORD, make_task
    from writers_app.db import make_engine
    from writers_app.models import User
    from writers_app.services.sessions import SESSION_COOKIE

    email = server.create_user(name="Bench Writer")
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        from sqlmodel import select

        user = session.exec(select(User).where(User.email == email)).one()
        for i in range(5):
            make_task(session, user, title=f"Piece {i}", body_html=f"<p>Some words of piece {i}.</p>" * 20)
        session.commit()
    engine.dispose()
    response = httpx.post(server.base_url + "/api/auth/login", data={"email": email, "password": PASSWORD})
    token = response.cookies.get(SESSION_COOKIE)
    if response.status_code != 303 or not token:
        raise RuntimeError(f"login failed: {response.status_code}")
    return [{"name": SESSION_COOKIE, "value": token, "url": server.base_url}]


def summarise(values: list[dict]) -> dict:
    return {m: statistics.median(v[m] for v in values) for m in METRICS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--loads", type=int, default=7, help="fresh loads of each page per round")
    parser.add_argument("--urls", action="store_true", help="print one load's network log per page")
    parser.add_argument("--trace", type=int, default=0, metavar="N",
                        help="N traced loads of each page: the main thread's time to FCP by kind (medians)")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from blank_app import start_blank
    from tests.e2e.conftest import start_server

    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp_name:
        tmp = Path(tmp_name)
        began = time.perf_counter()
        blank = start_blank(tmp)
        print(f"bench_pages: blank app built and served in {time.perf_counter() - began:.0f} s", flush=True)
        ours = None
        try:
            began = time.perf_counter()
            (tmp / "ours").mkdir()
            ours = start_server(tmp / "ours", database_url=f"sqlite:///{tmp / 'ours' / 'bench.db'}",
                                extra_env={"LOG_LEVEL": "WARNING"})
            print(f"bench_pages: ours built and served in {time.perf_counter() - began:.0f} s", flush=True)
            cookies = seed_writer(ours)
            targets = {"blank": (blank.base_url + "/", []), "login": (ours.base_url + "/login", []),
                       "dashboard": (ours.base_url + "/dashboard", cookies)}
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=args.chromium, headless=True)
                for name, (url, jar) in targets.items():  # warm the servers (first-hit compile, caches)
                    log: list = []
                    load_once(browser, url, jar, log)
                    if args.urls:
                        print(f"\n{name}: {url}  ({len(log) - 1} requests, {sum(r[2] for r in log) / 1024:.1f} KB)")
                        print("        KB  type       requested..answered (ms)  URL")
                        for address, kind, size, asked, answered in sorted(log, key=lambda r: r[3] or 1e9):
                            print(f"  {size / 1024:8.1f}  {kind:<10} {asked:7.0f}..{answered:<7.0f}  "
                                  f"{address.replace(url.rsplit('/', 1)[0], '')}")
                    if args.trace:
                        print(f"\n{name}: {url}, traced")
                        print(traced(browser, url, jar, args.trace), flush=True)
                rounds: list[dict[str, dict]] = []
                order = list(targets)
                for r in range(args.rounds):
                    per: dict[str, list[dict]] = {name: [] for name in targets}
                    for _ in range(args.loads):
                        for name in order:
                            url, jar = targets[name]
                            per[name].append(load_once(browser, url, jar))
                    order = order[1:] + order[:1]
                    rounds.append({name: summarise(values) for name, values in per.items()})
                    print(f"\nround {r + 1} (medians of {args.loads} loads)", flush=True)
                    for name, m in rounds[-1].items():
                        print(f"  {name:<10} FCP {m['fcp']:6.0f} ms  load {m['load']:6.0f} ms  hydrated "
                              f"{m['hydrated']:6.0f} ms  {m['kb']:7.1f} KB  {m['requests']:3.0f} requests", flush=True)
                browser.close()
            print("\nratio to blank (median over rounds of each round's ratio of medians; target <= 1.3 "
                  "for FCP and KB)")
            for name in ("login", "dashboard"):
                ratios = {m: statistics.median(rd[name][m] / rd["blank"][m] for rd in rounds) for m in METRICS}
                absolute = summarise([rd[name] for rd in rounds])
                print(f"  {name:<10} FCP {ratios['fcp']:.2f}x  load {ratios['load']:.2f}x  hydrated "
                      f"{ratios['hydrated']:.2f}x  KB {ratios['kb']:.2f}x ({absolute['kb']:.0f} KB)  requests "
                      f"{absolute['requests']:.0f} vs {summarise([rd['blank'] for rd in rounds])['requests']:.0f}")
        finally:
            if ours is not None:
                ours.stop()
            blank.stop()


if __name__ == "__main__":
    main()
