"""Dashboard search on real PostgreSQL: the same matches as SQLite, served by the trigram index."""

import random
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, insert
from sqlmodel import Session

from tests.conftest import make_settings
from writers_app.core.security import utcnow
from writers_app.db import make_engine
from writers_app.models import Task
from writers_app.services import auth, tasks

pytestmark = pytest.mark.integration

SEARCH_INDEX = "ix_tasks_owner_search_trgm"


@pytest.fixture
def pg(migrated_postgres_url, tmp_path):
    engine = make_engine(migrated_postgres_url)
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
    settings = make_settings(tmp_path, database_url=migrated_postgres_url)
    writers = [auth.register_user(session=session, settings=settings, email=f"s{i}@example.com",
                                  display_name=f"S{i}", password="a long enough pass").id for i in range(2)]
    yield session, connection, writers
    session.close()
    transaction.rollback()
    connection.close()
    engine.dispose()


def _titles(session, owner, search, **kw):
    return sorted(t.title for t in tasks.list_tasks(session=session, owner_id=owner, search=search, **kw).items)


def _bulk(session, owner, count, body, start=0, title="Piece {i:04d}"):
    now = utcnow()
    session.execute(insert(Task), [
        dict(owner_id=owner, title=title.format(i=i), body_html=f"<p>{body.format(i=i)}</p>",
             body_text=body.format(i=i), word_count=len(body.split()), created_at=now - timedelta(minutes=i),
             updated_at=now - timedelta(minutes=i % 37))  # many equal timestamps: the id breaks ties
        for i in range(start, start + count)
    ])


def _statements(connection):
    """Record what the service sends, to EXPLAIN the very same SQL."""
    sent = []
    event.listen(connection, "before_cursor_execute",
                 lambda conn, cursor, statement, parameters, context, many: sent.append((statement, parameters)))
    return sent


def test_search_is_a_literal_case_insensitive_substring_of_the_writers_own_tasks(pg):
    session, _, (owner, other) = pg
    tasks.create_task(session=session, owner_id=owner, title="Winter tale", body_html="<p>Snow falls on the HOUSE</p>")
    tasks.create_task(session=session, owner_id=owner, title="دفتر", body_html="<p>می\u200cخواهم ۱۰۰% بنویسم</p>")
    tasks.create_task(session=session, owner_id=owner, title="plain", body_html="<p>a_c and 1000 items</p>")
    tasks.create_task(session=session, owner_id=owner, title="abc", body_html="<p>abc</p>")
    tasks.create_task(session=session, owner_id=other, title="snow elsewhere",
                      body_html="<p>snow می\u200cخواهم 100% a_c</p>")
    session.flush()

    assert _titles(session, owner, "SNOW") == ["Winter tale"]
    assert _titles(session, owner, "house") == ["Winter tale"]
    assert _titles(session, owner, "wINTER") == ["Winter tale"]
    assert _titles(session, owner, "می\u200cخواهم") == ["دفتر"]
    assert _titles(session, owner, "خواهم ۱۰۰") == ["دفتر"]  # a substring, across the ZWNJ-joined word
    assert _titles(session, owner, "می خواهم") == []  # a space is not a ZWNJ
    assert _titles(session, owner, "%") == ["دفتر"]
    assert _titles(session, owner, "۱۰۰%") == ["دفتر"]
    assert _titles(session, owner, "a_c") == ["plain"]  # not "abc": _ is no wildcard
    assert _titles(session, owner, "\\") == []
    assert _titles(session, owner, "status:draft") == []
    assert _titles(session, other, "Winter") == []
    assert _titles(session, other, "snow") == ["snow elsewhere"]


def test_search_for_one_writer_is_answered_by_the_trigram_index(pg):
    session, connection, (writer, _) = pg
    # A table shaped like production: drafts of a couple of hundred words, this writer's 1,500
    # among 12,000. On a small table of short lines reading everything is rightly cheapest, and
    # the plan would say nothing about the index.
    others = [auth.register_user(session=session, settings=make_settings(Path("."), database_url="sqlite://"),
                                 email=f"o{i}@example.com", display_name="O", password="a long enough pass").id
              for i in range(15)]
    for n, owner in enumerate([writer] + others):
        _bulk(session, owner, 1500 if owner == writer else 700, _draft(n), start=10_000 * n)
    _bulk(session, writer, 3, _draft(99) + " the keeper of the LIGHTHOUSE", start=5000)
    _bulk(session, others[0], 3, _draft(98) + " a lighthouse", start=5000)
    # What autovacuum does in production: move the fresh rows from GIN's pending list (which every
    # search must read through) into the index proper, and gather statistics.
    session.connection().exec_driver_sql(f"SELECT gin_clean_pending_list('{SEARCH_INDEX}')")
    session.connection().exec_driver_sql("ANALYZE tasks")
    sent = _statements(connection)

    page = tasks.list_tasks(session=session, owner_id=writer, search="Lighthouse")

    assert [t.title for t in page.items] == ["Piece 5000", "Piece 5001", "Piece 5002"]
    statement, parameters = sent[0]
    plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
    assert SEARCH_INDEX in plan, plan


def _draft(seed):
    rng = random.Random(seed)
    words = ("the a of river garden window letter morning night quiet voice table light road house city "
             "winter summer memory journey answer question teacher market paper music {i}").split()
    return " ".join(rng.choice(words) for _ in range(220))


@pytest.mark.parametrize("sort", ["updated", "title"])
def test_a_frequent_term_is_paged_in_list_order_like_any_other(pg, sort):
    session, connection, (owner, _) = pg
    frequent = tasks.SEARCH_PROBE + 60  # more matches than the index may hand over: the list is walked
    _bulk(session, owner, frequent, "the garden in spring, note {i}")
    _bulk(session, owner, 90, "nothing to see, note {i}", start=frequent)
    rows = session.execute(Task.__table__.select().where(Task.owner_id == owner)).all()
    column, descending = {"updated": ("updated_at", True), "title": ("title", False)}[sort]
    expected = [r.id for r in sorted((r for r in rows if "garden" in r.body_text),
                                     key=lambda r: (getattr(r, column), r.id), reverse=descending)]
    sent = _statements(connection)

    seen, cursor, statements_per_page = [], None, []
    while True:
        page = tasks.list_tasks(session=session, owner_id=owner, search="GARDEN", sort=sort, cursor=cursor, limit=100)
        statements_per_page.append(len(sent) - sum(statements_per_page))
        seen += [t.id for t in page.items]
        cursor = page.next_cursor
        if not cursor:
            break

    assert seen == expected
    # The first page found too many matches for the index and walked the list; the last ones
    # had few enough left to be sorted from the index's matches.
    assert statements_per_page == [2, 1, 1]
