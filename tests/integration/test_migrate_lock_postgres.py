"""Two `migrate` at once on a fresh PostgreSQL database: the advisory lock serialises them,
one applies every migration, the other waits for it and then finds nothing to do."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from writers_app.cli import MIGRATION_LOCK_KEY, migrate
from writers_app.db import make_engine

pytestmark = pytest.mark.integration


@pytest.fixture
def fresh_database(postgres_url):
    """An empty database of its own (the session's one is migrated by other tests)."""
    admin = make_engine(postgres_url).execution_options(isolation_level="AUTOCOMMIT")
    name = f"writers_lock_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _waiting_for_lock(conn, database: str) -> int:
    """Sessions of `database` queued on the migration lock (not granted)."""
    return conn.execute(text(
        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
        "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = :db "
        "AND ((l.classid::bigint << 32) | l.objid::bigint) = :key"), {"db": database, "key": MIGRATION_LOCK_KEY}).scalar()


def test_two_migrations_at_once_serialise_on_the_advisory_lock(fresh_database):
    database = make_url(fresh_database).database
    engine = make_engine(fresh_database)
    results: list[tuple[str | None, str | None]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(migrate(fresh_database))
        except BaseException as exc:  # noqa: BLE001  (reported by the main thread)
            errors.append(exc)

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as holder:
        # The test holds the lock first, so both migrations are seen queued behind it.
        holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
            while _waiting_for_lock(watcher, database) < 2:  # both blocked in pg_advisory_lock
                assert all(t.is_alive() for t in threads), errors
                threading.Event().wait(0.05)
            # Nothing migrated while the lock is held elsewhere.
            assert not watcher.execute(text("SELECT to_regclass('public.alembic_version')")).scalar()
        holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
        for thread in threads:
            thread.join()

    assert not errors, errors
    head = results[0][1] or results[1][1]
    assert head is not None
    # One found the empty database and migrated it; the other, once it had the lock, found
    # the database at head already.
    assert sorted(results, key=lambda r: r[0] is not None) == [(None, head), (head, head)]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
        assert _waiting_for_lock(conn, database) == 0
    engine.dispose()
