"""The handler tests that reach the database, again on PostgreSQL, which refuses what SQLite stores (NUL in text) and
binds integers differently: `app_db` here is a database of this module's own, migrated once
and emptied between tests; `signed_in` and every handler then run against it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import fresh_postgres_database
# The tests that bind the corpus's text and numbers to queries, collected again here (the id
# tests refuse before any query, so SQLite already shows them; they are not repeated).
from tests.hostile.test_handlers_hostile import (  # noqa: F401
    people,
    test_dashboard_bulk_actions_take_any_selection,
    test_searches_and_filters_take_any_text,
    test_settings_forms_take_any_text,
    test_text_fields_of_the_editor_take_any_text,
    test_the_editor_save_takes_hostile_blocks,
)
from writers_app.db import make_engine

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def handlers_postgres_url():
    from writers_app.cli import migrate

    with fresh_postgres_database("writers_hostile") as url:
        migrate(url)
        yield url


@pytest.fixture
def app_db(handlers_postgres_url, tmp_path, use_settings, monkeypatch):
    import writers_app.api.app  # noqa: F401  (imports every route module)
    import writers_app.pages.admin.users  # noqa: F401
    import writers_app.state.auth  # noqa: F401
    from tests.conftest import make_settings
    from writers_app import db as db_module

    settings = make_settings(tmp_path, database_url=handlers_postgres_url)
    engine = make_engine(handlers_postgres_url)
    monkeypatch.setattr(db_module, "get_engine", lambda: engine)
    use_settings(settings)
    yield engine
    with engine.begin() as conn:  # the next test starts from an empty database
        conn.execute(text("TRUNCATE users RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def settings(app_db):  # noqa: F811  (the PostgreSQL settings app_db put in force)
    from writers_app.settings import get_settings

    return get_settings()
