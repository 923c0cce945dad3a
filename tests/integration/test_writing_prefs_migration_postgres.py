"""Migration prefs01 on real PostgreSQL: users.writing_prefs comes and goes, a writer registered
before it reads as the default preferences, and a writer's choices survive the database."""

import json

import pytest
from alembic import command
from sqlalchemy import inspect, text

from tests.support.migrations import alembic_config as _config
from writers_app.db import make_engine

pytestmark = pytest.mark.integration


def _columns(engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_writing_prefs_column_goes_down_and_up_again_and_old_rows_read_as_defaults(migrated_postgres_url, tmp_path):
    from sqlmodel import Session

    from tests.conftest import make_settings
    from tests.factories import make_writer
    from writers_app.services import writing_prefs

    cfg, engine = _config(migrated_postgres_url), make_engine(migrated_postgres_url)
    try:
        command.downgrade(cfg, "theme01")
        assert "writing_prefs" not in _columns(engine, "users")
        with engine.begin() as conn:  # a writer registered before the migration
            conn.execute(text("INSERT INTO users (email, display_name, preferred_language, password_hash, role,"
                              " is_active, created_at) VALUES ('before-prefs@example.com', 'Before', 'fa', 'x',"
                              " 'writer', true, now())"))
    finally:
        command.upgrade(cfg, "head")
    assert "writing_prefs" in _columns(engine, "users")
    with Session(engine) as session:
        old = session.exec(text("SELECT id FROM users WHERE email = 'before-prefs@example.com'")).one()[0]
        assert writing_prefs.get_prefs(session=session, user_id=old) == writing_prefs.DEFAULT_PREFS
        writing_prefs.save_prefs(session=session, user_id=old, changes={"font": "serif", "size": 22})
        session.commit()
        raw = session.exec(text(f"SELECT writing_prefs FROM users WHERE id = {int(old)}")).one()[0]
        assert json.loads(raw) == {"font": "serif", "size": 22, "width": "wide", "typewriter": "focus"}
        other = make_writer(session, make_settings(tmp_path)).id
        session.commit()
        assert writing_prefs.get_prefs(session=session, user_id=other) == writing_prefs.DEFAULT_PREFS
        assert writing_prefs.get_prefs(session=session, user_id=old).size == 22
    engine.dispose()
