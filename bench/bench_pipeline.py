"""Time from "save" to "analyzed" visible, in embedded mode (SQLite, in-process worker) and in
Redis mode (PostgreSQL, a separate `dramatiq` worker process, a private redis-server).

    python bench/bench_pipeline.py            # both modes, one table
    python bench/bench_pipeline.py --runs 50

"Visible" here is the moment the database says analyzed; the editor's panel polls every
0.5 s and the dashboard every 1 s, which adds up to that much in the browser.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the project's packages import
SENTENCE = "The quiet river carried the old boat slowly past the sleeping village. "
PERSIAN = "من می\u200cخواهم کتاب\u200cها را در کتابخانهٔ شهر بخوانم و یادداشت بنویسم. "


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _measure(runs: int, send) -> list[float]:  # noqa: ANN001
    """Create a ~2,000-word piece, save it, queue it, wait for analyzed; seconds per run."""
    from writers_app.db import session_scope
    from writers_app.models import Task
    from writers_app.services import auth, processing, tasks
    from writers_app.settings import get_settings

    with session_scope() as session:
        owner = auth.register_user(session=session, settings=get_settings(), email=f"b{time.time_ns()}@example.com",
                                   display_name="Bench", password="a long enough pass").id
    body = "".join(f"<p>{(SENTENCE if i % 2 else PERSIAN) * 10}</p>" for i in range(18))
    timings = []
    for _ in range(runs):
        with session_scope() as session:
            task = tasks.create_task(session=session, owner_id=owner)
        start = time.perf_counter()
        with session_scope() as session:
            tasks.save_body(session=session, owner_id=owner, task_id=task.id, base_revision=0, html=body,
                            explicit=True)
            ids = processing.request_analysis(session=session, owner_id=owner, task_ids=[task.id])
        send(ids)
        while True:
            with session_scope() as session:
                if session.get(Task, task.id).status == "analyzed":
                    break
            time.sleep(0.005)
        timings.append(time.perf_counter() - start)
    return timings


def run_embedded(runs: int) -> list[float]:
    import dramatiq

    from workers.actors.process import process_task  # noqa: F401
    from workers.broker import broker
    from writers_app.cli import migrate
    from writers_app.services import processing

    migrate()
    broker.emit_after("process_boot")
    worker = dramatiq.Worker(broker, worker_threads=2)
    worker.start()
    try:
        return _measure(runs, processing.enqueue)
    finally:
        worker.stop()


def run_redis(runs: int) -> list[float]:
    from dramatiq import Message
    from dramatiq.brokers.redis import RedisBroker

    from writers_app.cli import migrate
    from writers_app.settings import get_settings

    migrate()
    settings = get_settings()
    worker = subprocess.Popen([sys.executable, "-m", "dramatiq", "workers.worker", "--processes", "1",
                               "--threads", "2"], cwd=ROOT, env=os.environ.copy(), start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    broker = RedisBroker(url=settings.queue_redis_url)
    try:
        time.sleep(2)  # let the worker boot
        return _measure(runs, lambda ids: [broker.enqueue(Message(
            queue_name="analysis", actor_name="process_task", args=(i,), kwargs={}, options={})) for i in ids])
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)


def _child(mode: str, runs: int, env: dict[str, str]) -> list[float]:
    out = subprocess.run([sys.executable, __file__, "--mode", mode, "--runs", str(runs)], cwd=ROOT,
                         env={**os.environ, **env}, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["embedded", "redis"])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    if args.mode:  # a child run: print the timings as JSON on the last line
        timings = run_embedded(args.runs) if args.mode == "embedded" else run_redis(args.runs)
        print(json.dumps(timings))
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    base = {"APP_ENV": "dev", "SECRET_KEY": "bench-" + "k" * 40, "LOG_LEVEL": "WARNING",
            "STORAGE_DIR": str(tmp / "storage"), "REDIS_URL": ""}
    results = {"embedded": _child("embedded", args.runs, {**base, "DATABASE_URL": f"sqlite:///{tmp / 'e.db'}"})}
    redis_bin = shutil.which("redis-server")
    if redis_bin:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        port, name = _free_port(), f"bench_pipeline_{os.getpid()}"
        redis_proc = subprocess.Popen([redis_bin, "--port", str(port), "--save", "", "--appendonly", "no",
                                       "--dir", str(tmp)], stdout=subprocess.DEVNULL)
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
            results["redis"] = _child("redis", args.runs, {**base, "DATABASE_URL": url,
                                                           "REDIS_URL": f"redis://127.0.0.1:{port}/0",
                                                           "dramatiq_prom_db": str(tmp / "prom"),
                                                           "dramatiq_prom_port": str(_free_port())})
        finally:
            redis_proc.terminate()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    shutil.rmtree(tmp, ignore_errors=True)

    print(f"save -> analyzed in the database, ~2,000-word piece (English and Persian), {args.runs} runs each")
    print(f"{'mode':<10}{'median ms':>12}{'p95 ms':>10}{'min ms':>10}")
    for mode, timings in results.items():
        ms = sorted(t * 1000 for t in timings)
        p95 = ms[max(0, int(round(0.95 * len(ms))) - 1)]
        print(f"{mode:<10}{statistics.median(ms):>12.1f}{p95:>10.1f}{ms[0]:>10.1f}")
    if "redis" in results:
        ratio = statistics.median(results["redis"]) / statistics.median(results["embedded"])
        print(f"redis/embedded median ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
