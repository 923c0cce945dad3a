"""Migration typo01 on real PostgreSQL: the two columns come and go, existing rows read as the
default options, and a writer's stored options survive a round trip through the database."""

import json

import pytest
from alembic import command
from sqlalchemy import inspect, text

from tests.support.migrations import alembic_config as _config
from writers_app.db import make_engine

pytestmark = pytest.mark.integration


def _columns(engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_typography_columns_go_down_and_up_again_and_old_rows_read_as_defaults(migrated_postgres_url, tmp_path):
    from sqlmodel import Session

    from tests.conftest import make_settings
    from tests.factories import make_writer
    from writers_app.services import typography

    cfg, engine = _config(migrated_postgres_url), make_engine(migrated_postgres_url)
    try:
        command.downgrade(cfg, "search01")
        assert "typography_options" not in _columns(engine, "users")
        assert "options" not in _columns(engine, "task_analyses")
        with engine.begin() as conn:  # a writer registered before the migration
            conn.execute(text("INSERT INTO users (email, display_name, preferred_language, password_hash, role,"
                              " is_active, created_at) VALUES ('before-typo@example.com', 'Before', 'fa', 'x',"
                              " 'writer', true, now())"))
    finally:
        command.upgrade(cfg, "head")
    assert "typography_options" in _columns(engine, "users") and "options" in _columns(engine, "task_analyses")
    with Session(engine) as session:
        old = session.exec(text("SELECT id FROM users WHERE email = 'before-typo@example.com'")).one()[0]
        assert typography.get_options(session=session, user_id=old) == typography.DEFAULT_OPTIONS
        typography.save_options(session=session, user_id=old, options={"heh_yeh": "yeh", "disabled": ["fa.dashes"]})
        session.commit()
        raw = session.exec(text(f"SELECT typography_options FROM users WHERE id = {int(old)}")).one()[0]
        assert json.loads(raw)["heh_yeh"] == "yeh"
        other = make_writer(session, make_settings(tmp_path)).id
        session.commit()
        assert typography.get_options(session=session, user_id=other) == typography.DEFAULT_OPTIONS
        assert typography.get_options(session=session, user_id=old).disabled == frozenset({"fa.dashes"})
    engine.dispose()
