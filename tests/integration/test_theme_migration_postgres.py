"""Migration theme01 on real PostgreSQL: users.theme comes and goes, and writers who existed
before it follow the system's scheme (the column's default) until they choose."""

import pytest
from sqlalchemy import inspect
from sqlmodel import Session

from alembic import command
from tests.support.migrations import alembic_config as _config
from writers_app.db import make_engine

pytestmark = pytest.mark.integration


def _columns(engine) -> dict[str, dict]:
    return {c["name"]: c for c in inspect(engine).get_columns("users")}


def test_theme_goes_down_and_up_and_earlier_writers_follow_the_system(migrated_postgres_url, tmp_path):
    from tests.conftest import make_settings
    from tests.factories import make_writer
    from writers_app.services import theme as theme_service

    cfg, engine = _config(migrated_postgres_url), make_engine(migrated_postgres_url)
    with Session(engine) as session:
        writer = make_writer(session, make_settings(tmp_path)).id
        theme_service.set_theme(session=session, user_id=writer, theme="dark")
        session.commit()
    try:
        command.downgrade(cfg, "trash01")
        assert "theme" not in _columns(engine)
    finally:
        command.upgrade(cfg, "head")
    column = _columns(engine)["theme"]
    assert not column["nullable"] and column["type"].length == 8 and "system" in column["default"]
    with Session(engine) as session:
        assert theme_service.get_theme(session=session, user_id=writer) == "system"  # the choice went with the column
        theme_service.set_theme(session=session, user_id=writer, theme="light")
        session.commit()
        assert theme_service.get_theme(session=session, user_id=writer) == "light"
    engine.dispose()
