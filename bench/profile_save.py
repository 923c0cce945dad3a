"""Where a save's server CPU goes outside Reflex: `parse_save` + `tasks.save_blocks` + commit,
in process on PostgreSQL (a database of its own, dropped at the end), for the same
one-paragraph deltas bench_events sends, on a piece of --piece-words words.

    python bench/profile_save.py [--piece-words 2000] [--saves 300] [--top 30]

Prints CPU and wall ms per save, then a cProfile (by own time, and by cumulative time for
our modules). Compare with bench_events' "server CPU per save": the rest is Reflex's event
path (state fetch and lock, delta, the per-tab state written to disk, the Socket.IO frame).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.support.reflex_client import WORDS_PER_BLOCK, paragraph, piece_blocks  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--piece-words", type=int, default=2000)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--fold-every", type=int, default=10, help="saves between folds (the server: ~1 s of saves)")
    parser.add_argument("--url", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlmodel import Session

    from tests.conftest import make_settings
    from tests.factories import make_task, make_writer
    from writers_app.cli import migrate
    from writers_app.db import make_engine
    from writers_app.pages.editor.payload import parse_save
    from writers_app.services import saves as save_log
    from writers_app.services import tasks as task_service

    admin = make_engine(args.url).execution_options(isolation_level="AUTOCOMMIT")
    name = f"writers_profile_save_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    try:
        migrate(url)
        engine = make_engine(url)
        blocks = piece_blocks(args.piece_words, seed=1)
        with Session(engine, expire_on_commit=False) as session:
            user = make_writer(session, make_settings(Path("/tmp"), database_url=url, bcrypt_rounds=4))
            task = make_task(session, user, body_html="".join(blocks))
            session.commit()
        rng = random.Random(5)
        revision = task.revision

        def one() -> None:
            nonlocal revision
            i = rng.randrange(len(blocks))
            payload = {"task_id": task.id, "save_id": str(uuid.uuid4()), "base_revision": revision, "start": i,
                       "delete_count": 1, "blocks": [paragraph(rng, WORDS_PER_BLOCK, tag=f"e{revision}")],
                       "blocks_before": len(blocks), "blocks_after": len(blocks), "explicit": False}
            save = parse_save(payload)
            with Session(engine, expire_on_commit=False) as session:
                result = task_service.save_blocks(
                    session=session, owner_id=user.id, task_id=save.task_id, base_revision=save.base_revision,
                    start=save.start, delete_count=save.delete_count, blocks=save.blocks,
                    blocks_before=save.blocks_before, blocks_after=save.blocks_after, explicit=save.explicit,
                    save_id=payload["save_id"])
                session.commit()
            revision = result.revision

        folds = {"cpu": 0.0, "wall": 0.0, "count": 0}

        def fold() -> None:
            cpu, wall = time.process_time(), time.perf_counter()
            with Session(engine, expire_on_commit=False) as session:
                save_log.fold(session, task.id)
                session.commit()
            folds["cpu"] += time.process_time() - cpu
            folds["wall"] += time.perf_counter() - wall
            folds["count"] += 1

        for _ in range(20):
            one()
        fold()
        folds.update(cpu=0.0, wall=0.0, count=0)
        cpu = wall = 0.0
        for n in range(args.saves):
            c, w = time.process_time(), time.perf_counter()
            one()
            cpu, wall = cpu + time.process_time() - c, wall + time.perf_counter() - w
            if (n + 1) % args.fold_every == 0:
                fold()
        print(f"{args.piece_words:,}-word piece: parse_save + save_blocks + commit = {1000 * cpu / args.saves:.2f} ms CPU, "
              f"{1000 * wall / args.saves:.2f} ms wall per save (one thread, no contention)")
        print(f"  fold of {args.fold_every} saves: {1000 * folds['cpu'] / max(1, folds['count']):.2f} ms CPU, "
              f"{1000 * folds['wall'] / max(1, folds['count']):.2f} ms wall "
              f"(= {1000 * folds['cpu'] / args.saves:.2f} ms CPU per save)")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.saves):
            one()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(r"writers_app", args.top)
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
