"""Migration fold01 on real PostgreSQL: tasks written before it get their folded search copies
(in batches), the trigram index moves to them, and it goes down to the generated column again."""

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session

from alembic import command
from tests.conftest import make_settings
from tests.factories import make_writer
from tests.support.migrations import alembic_config
from writers_app.db import make_engine
from writers_app.services import search as search_service

pytestmark = pytest.mark.integration

INDEX = "ix_tasks_owner_search_trgm"


def _index_columns(engine) -> list[str]:
    [index] = [ix for ix in inspect(engine).get_indexes("tasks") if ix["name"] == INDEX]
    return index["column_names"]


def test_fold_migration_refolds_old_tasks_and_goes_down_and_up(migrated_postgres_url, tmp_path):
    cfg, engine = alembic_config(migrated_postgres_url), make_engine(migrated_postgres_url)
    with Session(engine) as session:
        owner = make_writer(session, make_settings(tmp_path)).id
        session.commit()
    try:
        command.downgrade(cfg, "names01")
        assert "title_search" not in {c["name"] for c in inspect(engine).get_columns("tasks")}
        assert _index_columns(engine) == ["owner_id", "title", "body_search"]
        with engine.begin() as conn:  # written as the old schema stood: body_search generated
            for i in range(1203):  # more than two of the migration's batches
                conn.execute(text("INSERT INTO tasks (owner_id, title, body_html, body_text, status, word_count, "
                                  "revision, last_save_id, stage, progress, failure_reason, failure_detail, attempts, "
                                  "created_at, updated_at) VALUES (:o, :t, '', :b, 'draft', 2, 0, '', '', 0, '', '', 0,"
                                  " now(), now())"),
                             {"o": owner, "t": f"كتاب {i}" if i % 400 == 7 else f"Piece {i}",
                              "b": "او مي\u200cخواهد بنويسد" if i == 1202 else "nothing here"})
    finally:
        command.upgrade(cfg, "head")
    assert _index_columns(engine) == ["owner_id", "title_search", "body_search"]
    with Session(engine) as session:
        folded = session.exec(text("SELECT count(*) FROM tasks WHERE owner_id = :o AND title_search IS NOT NULL "
                                   "AND body_search IS NOT NULL").bindparams(o=owner)).one()[0]
        assert folded == 1203  # every batch, the last short one too

        def titles(term):
            return sorted(t.title for t in search_service.list_tasks(session=session, owner_id=owner, search=term,
                                                                     limit=100).items)

        # Arabic ي/ك typed then, Persian ی/ک searched now; a space where the ZWNJ was.
        assert titles("کتاب") == ["كتاب 407", "كتاب 7", "كتاب 807"]
        assert titles("می خواهد بنویسد") == ["Piece 1202"]
        assert titles("PIECE 120") == ["Piece 120", "Piece 1200", "Piece 1201", "Piece 1202"]
    try:
        command.downgrade(cfg, "names01")
        assert _index_columns(engine) == ["owner_id", "title", "body_search"]
        with Session(engine) as session:  # generated again: lower(body_text)
            [body] = session.exec(text("SELECT body_search FROM tasks WHERE owner_id = :o AND title = 'Piece 1202'")
                                  .bindparams(o=owner)).one()
            assert body == "او مي\u200cخواهد بنويسد"
    finally:
        command.upgrade(cfg, "head")
    engine.dispose()
