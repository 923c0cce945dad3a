"""The pool pings a connection that sat idle (db._ping_when_idle) and replaces one that died,
instead of pinging before every unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from writers_app import db as db_module
from writers_app.db import make_engine
from writers_app.services.errors import database_unavailable

pytestmark = pytest.mark.integration


def _pid(engine) -> int:  # noqa: ANN001
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(url: str, pid: int) -> None:
    """The server ends that backend while it sits in the pool, as a restart would."""
    other = make_engine(url)
    with other.connect() as killer:
        assert killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    other.dispose()


def test_a_connection_back_within_seconds_is_not_pinged(migrated_postgres_url):
    engine = make_engine(migrated_postgres_url)
    try:
        pid = _pid(engine)
        assert _pid(engine) == pid  # the same connection, reused
        _terminate(migrated_postgres_url, pid)
        # Not pinged: the first statement meets the dead connection, as a disconnect the
        # callers answer "try again" (the editor's retry, the API's 503)...
        with pytest.raises(sa_exc.DBAPIError) as failed:
            _pid(engine)
        assert database_unavailable(failed.value)
        assert _pid(engine) != pid  # ...and the pool starts afresh
    finally:
        engine.dispose()


def test_an_idle_connection_is_pinged_and_a_dead_one_replaced(migrated_postgres_url, monkeypatch):
    engine = make_engine(migrated_postgres_url)
    try:
        pid = _pid(engine)
        _terminate(migrated_postgres_url, pid)
        monkeypatch.setattr(db_module, "PING_IDLE_SECONDS", 0.0)  # it has been idle "long enough"
        assert _pid(engine) != pid  # pinged, found dead, replaced: no error reaches the caller
    finally:
        engine.dispose()


def test_a_pinged_connection_comes_out_of_the_pool_outside_a_transaction(migrated_postgres_url, monkeypatch):
    """`db.autocommit` (the editor's one-statement save, the API's title PATCH) switches the
    connection it gets: a ping that left a transaction open made that a ProgrammingError."""
    from sqlmodel import Session

    engine = make_engine(migrated_postgres_url)
    try:
        pid = _pid(engine)
        monkeypatch.setattr(db_module, "PING_IDLE_SECONDS", 0.0)  # pinged at its next checkout
        with Session(engine) as session:
            db_module.autocommit(session)
            assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid  # the pinged one
            assert session.connection().connection.dbapi_connection.autocommit
            session.commit()
    finally:
        engine.dispose()
