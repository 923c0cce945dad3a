"""The save log on real PostgreSQL: a one-paragraph save writes about a paragraph, whatever the
size of the piece; two saves of one base revision cannot both be stored; folds give the body,
the search copy and the counts a whole-body save gave."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from tests.conftest import make_settings
from tests.factories import make_task, make_writer
from writers_app.core.fold import fold_search
from writers_app.db import make_engine
from writers_app.models import Task, TaskSave
from writers_app.formats.blocks import BlockDocument, split_blocks
from writers_app.services import documents, saves, search, tasks
from writers_app.services.errors import Conflict

pytestmark = pytest.mark.integration

PARAGRAPH = "<p>" + " ".join(f"word{i}" for i in range(50)) + "</p>"


@pytest.fixture
def pg(migrated_postgres_url, tmp_path):
    engine = make_engine(migrated_postgres_url)
    settings = make_settings(tmp_path, database_url=migrated_postgres_url)
    with Session(engine, expire_on_commit=False) as session:
        owner = make_writer(session, settings).id
        session.commit()
    yield engine, owner
    with engine.begin() as connection:  # the rows this test made (the database is the session's)
        connection.exec_driver_sql("DELETE FROM users WHERE id = %s", (owner,))
    engine.dispose()


def _piece(engine, owner, paragraphs):
    with Session(engine, expire_on_commit=False) as session:
        task = make_task(session, owner, body_html=PARAGRAPH * paragraphs)
        session.commit()
        return task.id


def _sent(session):
    """Every statement the session sends, with its parameters."""
    sent = []
    event.listen(session.connection(), "before_cursor_execute",
                 lambda conn, cursor, statement, parameters, context, many: sent.append((statement, parameters)))
    return sent


@pytest.mark.parametrize("paragraphs", [40, 4000])  # 2,000 and 200,000 words
def test_a_one_paragraph_save_writes_a_paragraph_whatever_the_size_of_the_piece(pg, paragraphs):
    engine, owner = pg
    task_id = _piece(engine, owner, paragraphs)
    with Session(engine, expire_on_commit=False) as session:
        tasks.get_task(session=session, owner_id=owner, task_id=task_id)
        session.commit()
        sent = _sent(session)
        new = "<p>" + "changed " * 50 + "</p>"
        tasks.save_blocks(session=session, owner_id=owner, task_id=task_id, base_revision=0, start=7,
                          delete_count=1, blocks=[new], blocks_before=paragraphs, blocks_after=paragraphs)
        session.commit()
    writes = [(s, p) for s, p in sent if not s.lstrip().upper().startswith("SELECT")]
    assert [s.split()[0:3] for s, _ in writes] == [["INSERT", "INTO", "task_saves"]]  # no UPDATE of tasks
    written = sum(len(str(v).encode()) for _, p in writes for v in (p.values() if isinstance(p, dict) else p))
    assert written < 3 * len(new.encode())  # the paragraph and a few numbers
    # The next save on the revision this process acknowledged is a single statement.
    with Session(engine, expire_on_commit=False) as session:
        sent = _sent(session)
        tasks.save_blocks(session=session, owner_id=owner, task_id=task_id, base_revision=1, start=8,
                          delete_count=1, blocks=[new], blocks_before=paragraphs, blocks_after=paragraphs)
        session.commit()
    assert [s.split()[0:3] for s, _ in sent] == [["INSERT", "INTO", "task_saves"]]
    assert sum(len(str(v).encode()) for _, p in sent for v in p.values()) < 3 * len(new.encode())
    with Session(engine) as session:
        assert saves.fold(session, task_id)
        session.commit()
        row = session.exec(select(Task).where(Task.id == task_id)).one()
        assert row.revision == 2 and row.word_count == 50 * paragraphs
        blocks = row.body_html.split("</p>")
        assert blocks[7] == blocks[8] == new[:-4] and blocks[6] == blocks[9] == PARAGRAPH[:-4]
        folded = session.exec(select(Task.__table__.c.body_search).where(Task.__table__.c.id == task_id)).one()
        assert folded == fold_search(row.body_text)
        assert [t.id for t in search.list_tasks(session=session, owner_id=owner, search="changed changed").items] == [task_id]


@pytest.mark.parametrize("cached", [False, True])  # the locked path, the one-statement path
def test_two_saves_of_one_base_revision_are_one_save_and_one_conflict(pg, cached):
    engine, owner = pg
    task_id = _piece(engine, owner, 40)
    if cached:
        documents.cache.put(task_id, 0, BlockDocument.from_blocks(split_blocks(PARAGRAPH * 40)))
    barrier, results = threading.Barrier(2), []

    def save(text: str) -> None:
        with Session(engine) as session:
            barrier.wait(timeout=30)
            try:
                tasks.save_blocks(session=session, owner_id=owner, task_id=task_id, base_revision=0, start=0,
                                  delete_count=1, blocks=[f"<p>{text}</p>"], blocks_before=40, blocks_after=40)
                session.commit()
                results.append(text)
            except Conflict:
                session.rollback()
                results.append("conflict")

    threads = [threading.Thread(target=save, args=(name,)) for name in ("from tab one", "from tab two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results)[0] == "conflict" and sorted(results)[1].startswith("from tab")
    with Session(engine) as session:
        rows = session.exec(select(TaskSave).where(TaskSave.task_id == task_id)).all()
        assert [r.revision for r in rows] == [1]
        winner = [r for r in results if r != "conflict"][0]
        assert tasks.get_task(session=session, owner_id=owner, task_id=task_id).body_html.startswith(f"<p>{winner}</p>")


def test_a_sweep_folds_what_a_stopped_instance_left(pg, monkeypatch):
    engine, owner = pg
    task_id = _piece(engine, owner, 40)
    with Session(engine) as session:
        tasks.save_blocks(session=session, owner_id=owner, task_id=task_id, base_revision=0, start=39,
                          delete_count=1, blocks=["<p>Left behind.</p>"])
        session.commit()
    monkeypatch.setattr(saves, "SWEEP_AFTER", saves.SWEEP_AFTER * 0)  # the rows count as old at once
    from writers_app import db as db_module

    monkeypatch.setattr(db_module, "get_engine", lambda: engine)
    assert saves.sweep() >= 1
    with Session(engine) as session:
        row = session.exec(select(Task).where(Task.id == task_id)).one()
        assert row.revision == 1 and row.body_html.endswith("<p>Left behind.</p>")
        assert session.exec(select(TaskSave).where(TaskSave.task_id == task_id)).all() == []
