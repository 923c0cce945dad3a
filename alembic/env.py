"""Alembic environment: the URL comes from Settings, the schema from SQLModel.metadata."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlmodel import SQLModel

import writers_app.models  # noqa: F401  (registers every table)
from writers_app.db import make_engine
from writers_app.settings import get_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001, ARG001
    """Leave out indexes declared for another database (`Index(...).ddl_if(dialect=...)`), so
    autogenerate against SQLite never proposes PostgreSQL's GIN search index."""
    rule = getattr(obj, "_ddl_if", None)
    if type_ != "index" or rule is None or rule.dialect is None:
        return True
    dialects = (rule.dialect,) if isinstance(rule.dialect, str) else rule.dialect
    return context.get_context().dialect.name in dialects


def _url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def run_migrations_offline() -> None:
    url = _url()
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=url.startswith("sqlite"), compare_type=True,
                      include_object=_include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=url.startswith("sqlite"), compare_type=True,
                          include_object=_include_object)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
