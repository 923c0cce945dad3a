"""Migrations on real PostgreSQL: `upgrade head` works and matches the models exactly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from writers_app.db import make_engine

pytestmark = pytest.mark.integration


def test_upgrade_head_creates_every_table(migrated_postgres_url):
    engine = make_engine(migrated_postgres_url)
    tables = set(inspect(engine).get_table_names())
    assert {"users", "sessions", "tasks", "password_reset_tokens", "alembic_version"} <= tables
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("tasks")}
    assert {"ix_tasks_owner_updated", "ix_tasks_owner_status_updated"} <= indexes
    engine.dispose()


def test_autogenerate_finds_no_difference_from_the_models(migrated_postgres_url):
    engine = make_engine(migrated_postgres_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == [], diff


def test_upgrade_is_idempotent(migrated_postgres_url):
    from writers_app.cli import migrate

    migrate(migrated_postgres_url)  # already at head: nothing to do, no error


def test_search_index_migration_goes_down_and_up_again(migrated_postgres_url):
    from alembic import command
    from alembic.config import Config

    from writers_app.settings import PROJECT_ROOT

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes.update(configure_logger=False, database_url=migrated_postgres_url)
    engine = make_engine(migrated_postgres_url)

    def task_indexes():
        return {ix["name"] for ix in inspect(engine).get_indexes("tasks")}

    def task_columns():
        return {c["name"] for c in inspect(engine).get_columns("tasks")}

    try:
        command.downgrade(cfg, "0004")
        assert task_indexes() == {"ix_tasks_owner_updated", "ix_tasks_owner_status_updated"}
        assert "body_search" not in task_columns()
    finally:
        command.upgrade(cfg, "head")
    assert {"ix_tasks_owner_search_trgm", "ix_tasks_owner_status_words"} <= task_indexes()
    assert "body_search" in task_columns()
    engine.dispose()
