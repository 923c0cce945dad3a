"""Dashboard search on real PostgreSQL: the same matches as SQLite, served by the trigram index."""

import random
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, insert
from sqlmodel import Session

from tests.conftest import make_settings
from tests.factories import make_task, make_writer
from writers_app.core.security import utcnow
from writers_app.db import make_engine
from writers_app.core.fold import fold_search
from writers_app.models import Task
from writers_app.models.task import search_columns
from writers_app.services import search as search_service

pytestmark = pytest.mark.integration

SEARCH_INDEX = "ix_tasks_owner_search_trgm"


@pytest.fixture
def pg(migrated_postgres_url, tmp_path):
    engine = make_engine(migrated_postgres_url)
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
    settings = make_settings(tmp_path, database_url=migrated_postgres_url)
    writers = [make_writer(session, settings).id for _ in range(2)]
    yield session, connection, writers
    session.close()
    transaction.rollback()
    connection.close()
    engine.dispose()


def _titles(session, owner, search, **kw):
    return sorted(t.title for t in search_service.list_tasks(session=session, owner_id=owner, search=search, **kw).items)


def _bulk(session, owner, count, body, start=0, title="Piece {i:04d}"):
    now = utcnow()
    session.execute(insert(Task), [
        dict(owner_id=owner, title=title.format(i=i), body_html=f"<p>{body.format(i=i)}</p>",
             body_text=body.format(i=i), word_count=len(body.split()), created_at=now - timedelta(minutes=i),
             updated_at=now - timedelta(minutes=i % 37),  # many equal timestamps: the id breaks ties
             **search_columns(title.format(i=i), body.format(i=i)))
        for i in range(start, start + count)
    ])


def _statements(connection):
    """Record what the service sends, to EXPLAIN the very same SQL."""
    sent = []
    event.listen(connection, "before_cursor_execute",
                 lambda conn, cursor, statement, parameters, context, many: sent.append((statement, parameters)))
    return sent


def test_search_is_a_literal_folded_substring_of_the_writers_own_tasks(pg):
    session, _, (owner, other) = pg
    make_task(session, owner, title="Winter tale", body_html="<p>Snow falls on the HOUSE</p>")
    make_task(session, owner, title="دفتر", body_html="<p>می\u200cخواهم ۱۰۰% بنویسم</p>")
    make_task(session, owner, title="plain", body_html="<p>a_c and 1000 items</p>")
    make_task(session, owner, title="abc", body_html="<p>abc</p>")
    make_task(session, owner, title="Keeper of the Lighthouse", body_html="<p>nothing</p>")
    make_task(session, owner, title="Coast", body_html="<p>the old LIGHTHOUSE stands</p>")
    make_task(session, owner, title="Paths", body_html="<p>C:\\temp\\new and ÉCOLE ΣΟΦΙΑ</p>")
    make_task(session, other, title="snow elsewhere",
              body_html="<p>snow می\u200cخواهم 100% a_c</p>")
    session.flush()

    assert _titles(session, owner, "SNOW") == ["Winter tale"]
    assert _titles(session, owner, "house") == ["Coast", "Keeper of the Lighthouse", "Winter tale"]
    assert _titles(session, owner, "wINTER") == ["Winter tale"]
    assert _titles(session, owner, "می\u200cخواهم") == ["دفتر"]
    assert _titles(session, owner, "خواهم ۱۰۰") == ["دفتر"]  # a substring, across the ZWNJ-joined word
    assert _titles(session, owner, "می خواهم") == ["دفتر"]  # a space, a ZWNJ or nothing: alike
    assert _titles(session, owner, "ميخواهم") == ["دفتر"]  # Arabic ي, no ZWNJ
    assert _titles(session, owner, "دفتـــر") == ["دفتر"]  # kashida in the query
    assert _titles(session, owner, "100") == ["plain", "دفتر"]  # Persian digits fold to Latin ones
    assert _titles(session, owner, "%") == ["دفتر"]
    assert _titles(session, owner, "۱۰۰%") == ["دفتر"]
    assert _titles(session, owner, "a_c") == ["plain"]  # not "abc": _ is no wildcard
    assert _titles(session, owner, "\\") == ["Paths"]  # a literal backslash, not an escape
    assert _titles(session, owner, "\\temp\\") == ["Paths"]
    assert _titles(session, owner, "lighthouse") == ["Coast", "Keeper of the Lighthouse"]  # body / title only
    assert _titles(session, owner, "KEEPER") == ["Keeper of the Lighthouse"]
    assert _titles(session, owner, "tale snow") == []  # never across the title's end into the body
    assert _titles(session, owner, "école σοφια") == ["Paths"]  # case folds beyond ASCII, as ILIKE does
    assert _titles(session, owner, "c:\\TEMP") == ["Paths"]
    assert _titles(session, owner, "status:draft") == []
    assert _titles(session, other, "Winter") == []
    assert _titles(session, other, "snow") == ["snow elsewhere"]


def test_search_for_one_writer_is_answered_by_the_trigram_index(pg):
    session, connection, (writer, _) = pg
    # A table shaped like production: drafts of a couple of hundred words, this writer's 1,500
    # among 12,000. On a small table of short lines reading everything is rightly cheapest, and
    # the plan would say nothing about the index.
    others = [make_writer(session, make_settings(Path("."), database_url="sqlite://")).id for _ in range(15)]
    for n, owner in enumerate([writer] + others):
        _bulk(session, owner, 1500 if owner == writer else 700, _draft(n), start=10_000 * n)
    _bulk(session, writer, 3, _draft(99) + " the keeper of the LIGHTHOUSE", start=5000)
    _bulk(session, others[0], 3, _draft(98) + " a lighthouse", start=5000)
    # What autovacuum does in production: move the fresh rows from GIN's pending list (which every
    # search must read through) into the index proper, and gather statistics.
    session.connection().exec_driver_sql(f"SELECT gin_clean_pending_list('{SEARCH_INDEX}')")
    session.connection().exec_driver_sql("ANALYZE tasks")
    sent = _statements(connection)

    page = search_service.list_tasks(session=session, owner_id=writer, search="Lighthouse")

    assert [t.title for t in page.items] == ["Piece 5000", "Piece 5001", "Piece 5002"]
    # A rare term: the walk in list order (statement 1) gives up after a few pages' worth of
    # tasks, and the index (statement 2) finds the matches in the rest of the list.
    statements = list(sent)
    assert len(statements) == 2
    plans = ["\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
             for statement, parameters in statements]
    assert SEARCH_INDEX not in plans[0] and "ix_tasks_owner_updated" in plans[0], plans[0]
    assert SEARCH_INDEX in plans[1], plans[1]


def _draft(seed):
    rng = random.Random(seed)
    words = ("the a of river garden window letter morning night quiet voice table light road house city "
             "winter summer memory journey answer question teacher market paper music {i}").split()
    return " ".join(rng.choice(words) for _ in range(220))


@pytest.mark.parametrize("sort", ["updated", "title"])
def test_each_way_of_finding_matches_pages_in_list_order_like_any_other(pg, sort):
    session, connection, (owner, _) = pg
    # In list order: "garden" in 300 tasks, in none of the next 500, in 210 (more than
    # SEARCH_PROBE), in none of 500, in 3 at the end.
    bodies = ["the garden in spring, note {i}"] * 300 + ["nothing to see, note {i}"] * 500 \
        + ["a GARDEN wall, note {i}"] * 210 + ["nothing here, note {i}"] * 500 + ["the garden gate {i}"] * 3
    now = utcnow()
    session.execute(insert(Task), [
        dict(owner_id=owner, title=f"Piece {i:04d}", body_html="", body_text=body.format(i=i),
             updated_at=now - timedelta(minutes=i // 3),  # equal timestamps: the id breaks ties
             **search_columns(f"Piece {i:04d}", body.format(i=i)))
        for i, body in enumerate(bodies)])
    rows = session.execute(Task.__table__.select().where(Task.owner_id == owner)).all()
    column, descending = {"updated": ("updated_at", True), "title": ("title", False)}[sort]
    expected = [r.id for r in sorted((r for r in rows if "garden" in r.body_text.lower()),
                                     key=lambda r: (getattr(r, column), r.id), reverse=descending)]
    sent = _statements(connection)

    seen, cursor, statements_per_page = [], None, []
    while True:
        page = search_service.list_tasks(session=session, owner_id=owner, search="Garden", sort=sort, cursor=cursor, limit=100)
        statements_per_page.append(len(sent) - sum(statements_per_page))
        seen += [t.id for t in page.items]
        cursor = page.next_cursor
        if not cursor:
            break

    assert seen == expected
    # Pages 1, 2 and 5: the first page's worth of tasks walked fills them. Page 3: the walk ends
    # with matches all along (dense), so it goes on. Page 4: no match in the walk, the index has
    # too many matches left, the walk goes on. Page 6: few matches in the walk, and the index
    # hands over the 3 after it.
    assert statements_per_page == [1, 1, 2, 3, 1, 2]


CORPUS_WORDS = ("garden Garden GARDEN meadow Meadow lighthouse river window می‌خواهم خانه‌ها ۱۰۰% 100% a_c abc "
                "C:\\temp ÉCOLE école Straße ΣΟΦΙΑ σοφία the of a كتاب کتاب مي خواهم نامه").split()
TERMS = ["garden", "MEADOW", "lighthouse", "می‌خواهم", "خانه", "100%", "%", "a_c", "_", "\\", "école",
         "ÉCOLE", "σοφία", "w", "den mea", "zebra", "کتاب", "می خواهم", "ميخواهم", "کتاب نامه", "۱۰۰"]


@pytest.mark.parametrize("sort", ["updated", "created", "title", "words"])
def test_search_pages_are_exactly_a_folded_substring_of_title_or_body(pg, sort, monkeypatch):
    """Every page, every way of finding matches, against the plain definition: the folded term
    (core.fold.fold_search) is a substring of the folded title or body."""
    session, connection, (owner, other) = pg
    monkeypatch.setattr(search_service, "SEARCH_PROBE", 12)  # a small list still takes every path
    rng = random.Random(sort)
    now = utcnow()

    def text(weights):
        return " ".join(rng.choices(CORPUS_WORDS, weights=weights, k=rng.randint(3, 12)))

    common = [30 if w.lower() in ("the", "of", "a", "garden") else 1 for w in CORPUS_WORDS]
    rows = [dict(owner_id=o, title=text([1] * len(CORPUS_WORDS))[:60], body_html="", body_text=text(common),
                 status=rng.choice(["draft", "analyzed"]), word_count=rng.randint(0, 50),
                 created_at=now - timedelta(minutes=rng.randint(0, 100)), updated_at=now - timedelta(minutes=i % 23))
            for i, o in enumerate([owner] * 260 + [other] * 40)]
    session.execute(insert(Task), [row | search_columns(row["title"], row["body_text"]) for row in rows])
    column = {"updated": "updated_at", "created": "created_at", "title": "title", "words": "word_count"}[sort]
    descending = sort != "title"
    sent = _statements(connection)
    statements = set()
    for term in TERMS:
        folded = fold_search(term)
        for status in (None, "draft"):
            expected = [row.id for row in session.execute(
                Task.__table__.select().where(Task.owner_id == owner, Task.status == status if status else True)
                .order_by(*(c.desc() if descending else c.asc()
                            for c in (Task.__table__.c[column], Task.__table__.c.id))))
                if folded in fold_search(row.title) or folded in fold_search(row.body_text)]
            seen, cursor = [], None
            while True:
                before = len(sent)
                page = search_service.list_tasks(session=session, owner_id=owner, search=term, sort=sort, status=status,
                                        cursor=cursor, limit=5)
                statements.add(len(sent) - before)
                seen += [t.id for t in page.items]
                cursor = page.next_cursor
                if not cursor:
                    break
            assert seen == expected, (term, status)
    assert statements == {1, 2, 3}
