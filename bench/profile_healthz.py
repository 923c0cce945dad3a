"""/healthz's CPU per request in process (no sockets, no database): the ASGI app granian is given
(WritersApp's HTTP lane into our stack), the same request through Reflex's outer app (how it was
served before the lane), and the bare FastAPI app of bench_api (`bare_fastapi.py`).

    python bench/profile_healthz.py [--requests 500] [--rounds 40]

Blocks of `--requests` of each app in turn, `--rounds` times (a full collection before each
block, so one app's garbage is not collected in another's time), logging at WARNING as
bench_api's server runs (no access line). Prints the median µs per request of each and the
ratios to the bare app (the issue's target for /healthz is 1.3 at the server).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

VIA_REFLEX = "via Reflex's app"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


async def _per_request(app, n: int) -> float:  # noqa: ANN001
    from profile_requests import call

    began = time.process_time()
    for _ in range(n):
        status, body = await call(app, "GET", "/healthz")
        if status != 200:
            raise RuntimeError(f"/healthz answered {status}: {body[:200]!r}")
    return 1e6 * (time.process_time() - began) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-healthz-") as tmp:
        os.environ.update({"APP_ENV": "dev", "DATABASE_URL": f"sqlite:///{tmp}/unused.db", "REDIS_URL": "",
                           "LOG_LEVEL": "WARNING", "SECRET_KEY": "profile-healthz-" + "x" * 40})
        from profile_requests import served_app

        from bench import bare_fastapi

        lane = served_app()
        logging.getLogger().setLevel(logging.WARNING)
        apps = {"served (lane)": lane, VIA_REFLEX: lane.reflex_asgi, "bare FastAPI": bare_fastapi.app}

        async def measure() -> dict[str, list[float]]:
            for app in apps.values():
                await _per_request(app, 200)
            out: dict[str, list[float]] = {name: [] for name in apps}
            for _ in range(args.rounds):
                for name, app in apps.items():
                    gc.collect()
                    out[name].append(await _per_request(app, args.requests))
            return out

        results = asyncio.run(measure())
    print(f"/healthz in process, {args.rounds} rounds x {args.requests} per app, CPU µs per request; "
          f"load average {os.getloadavg()[0]:.2f}")
    median = {name: statistics.median(v) for name, v in results.items()}
    for name, values in results.items():
        print(f"  {name:<18} {median[name]:6.0f} µs   (rounds: {', '.join(f'{v:.0f}' for v in values)})")
    def paired(name: str) -> float:  # the median of each round's ratio: drifts of the machine cancel
        return statistics.median(a / b for a, b in zip(results[name], results["bare FastAPI"], strict=True))

    print(f"  ours/bare (medians of the rounds' ratios): served {paired('served (lane)'):.2f}, "
          f"via Reflex's app {paired(VIA_REFLEX):.2f} (target 1.3)")


if __name__ == "__main__":
    main()
