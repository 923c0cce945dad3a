"""DATABASE_READ_URL on a real streaming replica (a private primary and a pg_basebackup standby
on their own ports): list and search reads go to the replica once it has replayed the reader's
own last write, and to the primary until then, so a writer always sees what they just saved."""

from __future__ import annotations

import shutil
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from tests.conftest import make_settings, require_or_skip
from tests.factories import make_task, make_token, make_writer
from tests.support.pgcluster import Cluster, bindir, workdir
from writers_app import db as db_module
from writers_app.cli import migrate
from writers_app.services import cache, reads, search

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def clusters():
    if bindir() is None:
        require_or_skip("WRITERS_REQUIRE_SERVICES", "PostgreSQL server programs are not installed")
    base = workdir()
    primary = Cluster.primary(base / "primary")
    try:
        migrate(primary.url)
        replica = primary.replica(base / "replica")
    except Exception:
        primary.stop()
        raise
    try:
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def world(clusters, tmp_path, use_settings, monkeypatch):
    primary, replica = clusters
    settings = use_settings(make_settings(tmp_path, database_url=primary.url, database_read_url=replica.url))
    primary_engine, replica_engine = db_module.make_engine(primary.url), db_module.make_engine(replica.url)
    monkeypatch.setattr(db_module, "get_engine", lambda: primary_engine)
    monkeypatch.setattr(db_module, "get_read_engine", lambda: replica_engine)
    cache.reset_memory()
    yield settings, primary_engine, replica_engine
    with replica_engine.connect() as connection:  # never leave the standby paused
        connection.execute(text("SELECT pg_wal_replay_resume()"))
    primary_engine.dispose()
    replica_engine.dispose()


def _wait_replayed(primary_engine, replica_engine, deadline_s: float = 60) -> None:
    with primary_engine.connect() as connection:
        target = connection.execute(text("SELECT pg_current_wal_insert_lsn()")).scalar()
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        with replica_engine.connect() as connection:
            if connection.execute(text("SELECT pg_last_wal_replay_lsn() >= CAST(:t AS pg_lsn)"), {"t": target}).scalar():
                return
        time.sleep(0.1)
    raise TimeoutError("the replica did not catch up")


def _port(session: Session) -> int:
    return session.get_bind().url.port


def test_a_caught_up_replica_serves_the_list(world, clusters):
    settings, primary_engine, replica_engine = world
    primary, replica = clusters
    with Session(primary_engine) as session:
        writer = make_writer(session, settings)
        make_task(session, writer, title="On both servers")
        session.commit()
        owner = writer.id
    _wait_replayed(primary_engine, replica_engine)
    with reads.read_session(owner) as session:
        assert _port(session) == replica.port
        assert [t.title for t in search.list_tasks(session=session, owner_id=owner).items] == ["On both servers"]


def test_a_writer_sees_their_own_save_at_once_while_the_replica_lags(world, clusters):
    from writers_app.api.app import create_api

    settings, primary_engine, replica_engine = world
    primary, replica = clusters
    with Session(primary_engine) as session:
        writer, other = make_writer(session, settings), make_writer(session, settings)
        task = make_task(session, writer, title="Before")
        make_task(session, other, title="Someone else's")
        token = make_token(session, writer)
        session.commit()
        writer_id, other_id, task_id = writer.id, other.id, task.id
    _wait_replayed(primary_engine, replica_engine)
    client, headers = TestClient(create_api()), {"Authorization": f"Bearer {token}"}
    assert [t["title"] for t in client.get("/api/v1/tasks", headers=headers).json()["items"]] == ["Before"]

    with replica_engine.connect() as connection:  # the standby stops replaying: it lags from now on
        connection.execute(text("SELECT pg_wal_replay_pause()"))
        end = time.monotonic() + 60
        while connection.execute(text("SELECT pg_get_wal_replay_pause_state()")).scalar() != "paused":
            assert time.monotonic() < end, "the standby did not pause"
            time.sleep(0.05)
    saved = client.patch(f"/api/v1/tasks/{task_id}", headers=headers, json={"title": "After"})
    assert saved.status_code == 200, saved.text
    # The writer's next list: the replica has not replayed the save, so the primary answers.
    assert [t["title"] for t in client.get("/api/v1/tasks", headers=headers).json()["items"]] == ["After"]
    with reads.read_session(writer_id) as session:
        assert _port(session) == primary.port
    with reads.read_session(other_id) as session:  # a writer with nothing unreplayed: the replica
        assert _port(session) == replica.port
    with Session(replica_engine) as session:  # and the replica really is behind
        assert session.execute(text("SELECT title FROM tasks WHERE id = :i"), {"i": task_id}).scalar() == "Before"

    with replica_engine.connect() as connection:
        connection.execute(text("SELECT pg_wal_replay_resume()"))
    _wait_replayed(primary_engine, replica_engine)
    with reads.read_session(writer_id) as session:
        assert _port(session) == replica.port
    assert [t["title"] for t in client.get("/api/v1/tasks", headers=headers).json()["items"]] == ["After"]


def test_a_replica_that_is_down_sends_reads_to_the_primary(world, clusters, monkeypatch):
    settings, primary_engine, _replica_engine = world
    primary, _replica = clusters
    down = db_module.make_engine(f"postgresql+psycopg2://postgres@127.0.0.1:{primary.port}/no_such_database")
    monkeypatch.setattr(db_module, "get_read_engine", lambda: down)
    with Session(primary_engine) as session:
        writer = make_writer(session, settings)
        session.commit()
        owner = writer.id
    with reads.read_session(owner) as session:
        assert _port(session) == primary.port
    down.dispose()
