"""Alembic driven from a test against a database of its own (migration round trips)."""

from __future__ import annotations

from alembic.config import Config

from writers_app.settings import PROJECT_ROOT


def alembic_config(url: str) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes.update(configure_logger=False, database_url=url)
    return cfg
