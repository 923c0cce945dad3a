"""Benchmark of the dashboard list and search on PostgreSQL: a writer with 10,000 tasks against one with 100.

Run: python bench/bench_dashboard.py [--url postgresql+psycopg2://postgres@127.0.0.1:5432/postgres]

Creates a database of its own next to the one in --url, migrates it to head, bulk-loads
100,000 tasks over 1,000 writers with COPY, ANALYZEs, then times `search.list_tasks` (the
service the dashboard and the API call) for both writers and prints median and p95 per query
and the big/small ratio. With indexes and keyset pagination the cost follows the rows a page
shows, not the rows a writer owns, so the ratio stays near 1; a scan makes it grow with the
writer. The plan of each query is printed once (EXPLAIN ANALYZE of the exact SQL the service
sent) to show which index served it. The runs of the two writers are interleaved, so load
from elsewhere weighs on both sides of the ratio. The database is dropped at the end
(`--keep` keeps it, `--reuse NAME` times it again without loading).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import ENGLISH_WORDS, PERSIAN_WORDS, generate  # noqa: E402
from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

from writers_app.analysis import count_words  # noqa: E402
from writers_app.cli import migrate  # noqa: E402
from writers_app.db import make_engine  # noqa: E402
from writers_app.core.fold import fold_search  # noqa: E402
from writers_app.services import search

SEED = 1404
BIG_WRITER, SMALL_WRITER = 1, 2
# Neither word is in the generator's vocabulary, so they occur exactly where they are planted:
# a few tasks of each measured writer and a few of others. The Persian one has a ZWNJ.
RARE_EN, RARE_FA = "lighthouse", "آذرخش\u200cها"
PLANTED_PER_WRITER, PLANTED_ELSEWHERE = 5, 40
# In most English bodies, and in a third of the Persian ones: the worst case for a text index,
# the best for walking the list in order.
COMMON_WORD, COMMON_FA = "garden", "می\u200cخواهم"
STATUSES = (["draft"] * 45 + ["analyzed"] * 40 + ["failed"] * 8 + ["queued"] * 5 + ["processing"] * 2)
NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)
RATIO_TARGET = 1.5  # big writer's median over the small one's, for every query (issue 16)


# --- Data -----------------------------------------------------------------------------------

def _paragraphs(language: str, seed: int) -> list[tuple[str, int]]:
    pool = generate(language, 200_000, seed=seed).split("\n\n")
    return [(p, count_words(p)) for p in pool]


def _copy(conn, table: str, columns: list[str], rows: list[list[str]]) -> None:  # noqa: ANN001
    def field(value: str) -> str:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    buffer = io.StringIO("".join("\t".join(field(v) for v in row) + "\n" for row in rows))
    with conn.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _owners(total_tasks: int, writers: int, big: int, small: int, rng: random.Random) -> list[int]:
    """Owner id per task: the two measured writers get exactly `big` and `small`, the rest a
    skewed spread (most writers have a few dozen tasks, some a few hundred, none near `big`)."""
    rest = total_tasks - big - small
    others = list(range(3, writers + 1))
    weights = [min(rng.paretovariate(2.0), 8.0) for _ in others]
    owners = [BIG_WRITER] * big + [SMALL_WRITER] * small + rng.choices(others, weights=weights, k=rest)
    rng.shuffle(owners)
    return owners


def load(engine: Engine, *, total_tasks: int, writers: int, big: int, small: int) -> None:
    rng = random.Random(SEED)
    pools = {"en": _paragraphs("en", SEED), "fa": _paragraphs("fa", SEED + 1)}
    owners = _owners(total_tasks, writers, big, small, rng)
    planted = _planted_tasks(owners, rng)
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        _copy(conn, "users", ["id", "email", "display_name", "preferred_language", "password_hash", "role",
                              "is_active", "created_at"],
              [[str(i), f"writer{i}@example.com", f"Writer {i}", "fa" if i % 3 == 0 else "en", "!bench",
                "writer", "t", NOW.isoformat()] for i in range(1, writers + 1)])
        columns = ["id", "owner_id", "title", "body_html", "body_text", "status", "word_count", "language",
                   "created_at", "updated_at", "revision", "last_save_id", "stage", "progress",
                   "failure_reason", "attempts", "title_search", "body_search"]
        batch: list[list[str]] = []
        for task_id, owner in enumerate(owners, start=1):
            batch.append(_task_row(task_id, owner, planted.get(task_id), pools, rng))
            if len(batch) == 5_000:
                _copy(conn, "tasks", columns, batch)
                batch = []
        if batch:
            _copy(conn, "tasks", columns, batch)
        with conn.cursor() as cursor:
            cursor.execute("SELECT setval('users_id_seq', %s), setval('tasks_id_seq', %s)", (writers, total_tasks))
        conn.commit()
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        conn.autocommit = False
    finally:
        raw.close()


def _planted_tasks(owners: list[int], rng: random.Random) -> dict[int, str]:
    """Which tasks get a rare word (in the title or the body, see _task_row): as many for each
    measured writer, a few for others, never both words in one task."""
    by_owner: dict[int, list[int]] = {}
    for task_id, owner in enumerate(owners, start=1):
        by_owner.setdefault(owner, []).append(task_id)
    others = [t for o, ids in by_owner.items() if o not in (BIG_WRITER, SMALL_WRITER) for t in ids]
    planted: dict[int, str] = {}
    for ids, count in ((by_owner[BIG_WRITER], PLANTED_PER_WRITER), (by_owner[SMALL_WRITER], PLANTED_PER_WRITER),
                       (others, PLANTED_ELSEWHERE)):
        planted.update(zip(rng.sample(ids, 2 * count), [RARE_EN, RARE_FA] * count))
    return planted


def _task_row(task_id: int, owner: int, word: str | None, pools: dict, rng: random.Random) -> list[str]:
    language = "fa" if word == RARE_FA else "en" if word == RARE_EN else rng.choice(["en", "en", "en", "fa", "fa"])
    vocabulary = ENGLISH_WORDS if language == "en" else PERSIAN_WORDS
    title_words = [rng.choice(vocabulary) for _ in range(rng.randint(2, 6))]
    paragraphs = [list(p) for p in rng.sample(pools[language], rng.randint(3, 6))]
    if word:
        if rng.random() < 0.3:
            title_words.insert(rng.randrange(len(title_words) + 1), word.capitalize())
        else:
            words = paragraphs[0][0].split(" ")
            words.insert(rng.randrange(len(words) + 1), word.upper() if rng.random() < 0.5 else word)
            paragraphs[0] = [" ".join(words), paragraphs[0][1] + 1]
    title = " ".join(title_words)
    if language == "en":
        title = title[0].upper() + title[1:]
    body_text = "\n\n".join(p for p, _ in paragraphs)
    direction = "rtl" if language == "fa" else "ltr"
    body_html = "".join(f'<p dir="{direction}">{p}</p>' for p, _ in paragraphs)
    created = NOW - timedelta(days=rng.uniform(0, 3 * 365))
    updated = min(NOW, created + timedelta(days=rng.expovariate(1 / 20)))
    status = rng.choice(STATUSES)
    return [str(task_id), str(owner), title, body_html, body_text, status, str(sum(n for _, n in paragraphs)),
            language, created.isoformat(), updated.isoformat(), "1", "", "", "100" if status == "analyzed" else "0",
            "", "0", fold_search(title), fold_search(body_text)]


# --- Timing ---------------------------------------------------------------------------------

@dataclass
class Query:
    name: str
    sort: str = "updated"
    status: str | None = None
    search: str | None = None
    deep: bool = False


QUERIES = [
    Query("list updated, page 1"),
    Query("list updated, deep page", deep=True),
    Query("list updated, status=draft", status="draft"),
    Query("list created", sort="created"),
    Query("list created, status=draft", sort="created", status="draft"),
    Query("list title", sort="title"),
    Query("list title, status=draft", sort="title", status="draft"),
    Query("list words", sort="words"),
    Query("list words, status=draft", sort="words", status="draft"),
    Query(f"search '{RARE_EN.upper()}' (rare)", search=RARE_EN.upper()),
    Query("search Persian+ZWNJ (rare)", search=RARE_FA),
    Query(f"search '{COMMON_WORD}' (frequent)", search=COMMON_WORD),
    Query("search Persian+ZWNJ (frequent)", search=COMMON_FA),
    # Persian-aware folding: typed with a space where the ZWNJ is, and with Arabic ي.
    Query("search Persian, space (rare)", search=RARE_FA.replace("\u200c", " ")),
    Query("search Arabic ي, space (frequent)", search=COMMON_FA.replace("ی", "ي").replace("\u200c", " ")),
]


def _deep_cursor(session: Session, owner_id: int) -> str:
    """The cursor of the page 80% of the way down the writer's list, reached by paging as a user would."""
    total = session.execute(text("SELECT count(*) FROM tasks WHERE owner_id = :o"), {"o": owner_id}).scalar_one()
    seen, cursor = 0, None
    while seen < int(total * 0.8):
        page = search.list_tasks(session=session, owner_id=owner_id, cursor=cursor,
                                limit=min(100, int(total * 0.8) - seen))
        seen += len(page.items)
        cursor = page.next_cursor
    session.rollback()
    return cursor


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def time_queries(engine: Engine, query: Query, cursors: dict[int, str | None],
                 repeats: int) -> dict[int, tuple[float, float, int]]:
    """The query for each writer, their runs interleaved (big, small, small, big, ...), so that
    whatever else the machine is doing weighs on both sides of the ratio alike."""
    owners = list(cursors)
    samples: dict[int, list[float]] = {owner: [] for owner in owners}
    rows: dict[int, int] = {}
    with Session(engine) as session:
        for i in range(repeats + 10):  # the first ten warm the caches and are not counted
            for owner in (owners if i % 2 == 0 else owners[::-1]):
                started = time.perf_counter()
                page = search.list_tasks(session=session, owner_id=owner, sort=query.sort, status=query.status,
                                         search=query.search, cursor=cursors[owner])
                elapsed = time.perf_counter() - started
                session.rollback()
                rows[owner] = len(page.items)
                if i >= 10:
                    samples[owner].append(elapsed * 1000)
    return {owner: (statistics.median(samples[owner]), _percentile(samples[owner], 0.95), rows[owner])
            for owner in owners}


def explain(engine: Engine, query: Query, owner_id: int, cursor: str | None) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the exact statements list_tasks sends, reduced to their plan nodes."""
    captured: list[tuple[str, object]] = []

    def capture(conn, cursor_, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
        captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as session:
            search.list_tasks(session=session, owner_id=owner_id, sort=query.sort, status=query.status,
                             search=query.search, cursor=cursor)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    keep = ("->", "Index Cond", "Recheck Cond", "Filter", "Rows Removed", "Buffers", "Execution Time")
    lines: list[str] = []
    raw = engine.raw_connection()
    try:
        for number, (statement, parameters) in enumerate(captured, start=1):
            with raw.cursor() as dbapi_cursor:
                dbapi_cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                plan = [row[0] for row in dbapi_cursor.fetchall()]
            raw.rollback()
            if len(captured) > 1:
                lines.append(f"statement {number} of {len(captured)}:")
            # The first Buffers line is the statement's total; the others repeat it per node.
            first_buffers = next((line for line in plan if "Buffers" in line), "")
            lines += [plan[0]] + [line for line in plan[1:] if any(k in line for k in keep)
                                  and ("Buffers" not in line or line is first_buffers)]
    finally:
        raw.close()
    return [_without_costs(line) for line in lines]


def _without_costs(line: str) -> str:
    start = line.find("(cost=")
    if start < 0:
        return line
    end = line.find(")", start)
    return (line[:start] + line[end + 2:]).rstrip()


# --- Main -----------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL URL whose user may create databases")
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--writers", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--no-plans", action="store_true", help="skip the EXPLAIN output")

    parser.add_argument("--keep", action="store_true", help="keep the loaded database (its name is printed)")
    parser.add_argument("--reuse", metavar="NAME", help="time a database an earlier --keep run loaded")
    args = parser.parse_args()

    name = args.reuse or f"bench_dashboard_{uuid.uuid4().hex[:8]}"
    admin = make_engine(args.url).execution_options(isolation_level="AUTOCOMMIT")
    if not args.reuse:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        if not args.reuse:
            began = time.perf_counter()
            migrate(url)
            load(engine, total_tasks=args.tasks, writers=args.writers, big=10_000, small=100)
            print(f"database {name}: {args.tasks:,} tasks over {args.writers:,} writers loaded, "
                  f"indexed and analyzed in {time.perf_counter() - began:.0f} s")
        run(engine, repeats=args.repeats, plans=not args.no_plans)
    finally:
        engine.dispose()
        if not (args.keep or args.reuse):
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(engine: Engine, *, repeats: int, plans: bool) -> None:
    with Session(engine) as session:
        cursors = {owner: _deep_cursor(session, owner) for owner in (BIG_WRITER, SMALL_WRITER)}
        sizes = {owner: session.execute(text("SELECT count(*) FROM tasks WHERE owner_id = :o"),
                                        {"o": owner}).scalar_one() for owner in cursors}
    results = []
    for query in QUERIES:
        chosen = {owner: cursors[owner] if query.deep else None for owner in (BIG_WRITER, SMALL_WRITER)}
        figures = time_queries(engine, query, chosen, repeats)
        for owner, cursor in chosen.items():
            if plans:
                print(f"\n-- {query.name}, writer with {sizes[owner]:,} tasks")
                print("\n".join("   " + line for line in explain(engine, query, owner, cursor)))
        results.append((query, figures))

    big, small = sizes[BIG_WRITER], sizes[SMALL_WRITER]
    print(f"\nlist_tasks, ms over {repeats} runs (page of {search.PAGE_SIZE}); big = {big:,} tasks, small = {small:,}")
    print(f"{'query':32} | {'big med':>8} {'big p95':>8} {'rows':>4} | {'small med':>9} {'small p95':>9} {'rows':>4} "
          f"| {'ratio med':>9} {'ratio p95':>9}")
    print("-" * 110)
    for query, figures in results:
        b_med, b_p95, b_rows = figures[BIG_WRITER]
        s_med, s_p95, s_rows = figures[SMALL_WRITER]
        print(f"{query.name:32} | {b_med:8.2f} {b_p95:8.2f} {b_rows:>4} | {s_med:9.2f} {s_p95:9.2f} {s_rows:>4} "
              f"| {b_med / s_med:9.2f} {b_p95 / s_p95:9.2f}")
    worst = max(figures[BIG_WRITER][0] / figures[SMALL_WRITER][0] for _, figures in results)
    print(f"\nworst median ratio {worst:.2f}: {'under' if worst < RATIO_TARGET else 'OVER'} the target of {RATIO_TARGET}")


if __name__ == "__main__":
    main()
