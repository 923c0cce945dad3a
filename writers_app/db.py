"""Database engine and session scope shared by handlers, the REST API, workers and tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session, create_engine

from writers_app.metrics import DB_QUERY_SECONDS
from writers_app.settings import get_settings


def _time_statements(engine: Engine) -> None:
    """Database query time for /metrics, by statement kind."""
    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
        conn.info.setdefault("writers_query_start", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _stop(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
        starts = conn.info.get("writers_query_start")
        if not starts:
            return
        elapsed = time.perf_counter() - starts.pop()
        kind = statement.lstrip()[:6].lower()
        DB_QUERY_SECONDS.labels(kind if kind in _KINDS else "other").observe(elapsed)

    @event.listens_for(engine, "handle_error")
    def _failed(context):  # noqa: ANN001
        starts = context.connection.info.get("writers_query_start") if context.connection else None
        if starts:
            starts.pop()


_KINDS = {"select", "insert", "update", "delete"}


def make_engine(url: str) -> Engine:
    engine = _make_engine(url)
    _time_statements(engine)
    if engine.dialect.driver == "psycopg2":
        event.listen(engine, "checkin", _end_autocommit)
    return engine


def _end_autocommit(dbapi_connection, _record) -> None:  # noqa: ANN001
    """A connection goes back to the pool as it came out: in transactions (see `autocommit`)."""
    if dbapi_connection is not None and not dbapi_connection.closed and dbapi_connection.autocommit:
        dbapi_connection.autocommit = False


_PSYCOPG2_IDLE = 0  # psycopg2.extensions.TRANSACTION_STATUS_IDLE


def autocommit(session: Session) -> None:
    """Run the session's statements each on its own until its connection goes back to the pool:
    no BEGIN, and no COMMIT or ROLLBACK, each a round trip to PostgreSQL (psycopg2 starts a
    transaction before the first statement). For a request whose work is one statement (a write
    that is atomic by itself, or reads, each with its own snapshot at READ COMMITTED either way).
    The session's commit still fires its after-commit hooks (the caches). Nothing changes when the
    session is in a transaction already or the driver is not psycopg2. Not SQLAlchemy's AUTOCOMMIT
    isolation level: psycopg2 sends a SET for it, and another when it is reset."""
    if session.in_transaction():
        return
    connection = session.connection()
    # Only where the pool turns it off again (engines made by make_engine).
    dbapi_connection = connection.connection.dbapi_connection
    if (connection.dialect.driver == "psycopg2" and event.contains(connection.engine, "checkin", _end_autocommit)
            and dbapi_connection.get_transaction_status() == _PSYCOPG2_IDLE):  # not inside a transaction
        dbapi_connection.autocommit = True


def in_transactions(session: Session) -> None:
    """Undo `autocommit` for what the session runs next (say, a write of several statements that
    turns out to be needed after all): psycopg2 begins a transaction before its next statement,
    and the session's commit ends it."""
    if session.in_transaction():
        connection = session.connection()
        # psycopg2 only: sqlite3's `autocommit` (Python 3.12+) is -1 by default, truthy, and
        # setting it would change that pooled connection's transactions for good.
        if connection.dialect.driver == "psycopg2" and connection.connection.dbapi_connection.autocommit:
            connection.connection.dbapi_connection.autocommit = False


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    engine = create_engine(url, pool_size=10, max_overflow=10)
    _ping_when_idle(engine)
    return engine


PING_IDLE_SECONDS = 5.0


def _ping_when_idle(engine: Engine) -> None:
    """`pool_pre_ping`, but only for a connection idle for PING_IDLE_SECONDS: the pre-ping was a
    round trip before every unit of work (an editor save is otherwise one statement and its
    commit). A connection back in the pool within seconds is alive but for a server that went
    down meanwhile; then the first statement fails as a disconnect, SQLAlchemy drops every pooled
    connection, and the caller answers "try again" (the editor retries the same save)."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record):  # noqa: ANN001
        record.info["writers_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):  # noqa: ANN001
        since = record.info.get("writers_idle_since")
        if since is None or time.monotonic() - since < PING_IDLE_SECONDS:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            # psycopg2 began a transaction for it: end it, so the connection comes out idle
            # (`autocommit` cannot switch a connection inside a transaction).
            dbapi_connection.rollback()
        except Exception as exc:  # the pool opens a fresh connection instead (up to three tries)
            raise DisconnectionError("idle connection did not answer the ping") from exc


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    if settings.is_sqlite:
        db_path = settings.database_url.split("///", 1)[-1]
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.database_url)


@lru_cache
def get_read_engine() -> Engine | None:
    """The replica's engine, when DATABASE_READ_URL names one (None: every read is on the primary)."""
    url = get_settings().database_read_url
    return make_engine(url) if url else None


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
