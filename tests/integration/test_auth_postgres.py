"""Account services on real PostgreSQL (timestamps with time zones, UUID keys, uniqueness)."""

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from tests.conftest import make_settings
from tests.factories import PASSWORD, make_writer
from writers_app.db import make_engine
from writers_app.models import User
from writers_app.services import auth, sessions
from writers_app.services.errors import ServiceError

pytestmark = pytest.mark.integration


@pytest.fixture
def pg(migrated_postgres_url, tmp_path):
    engine = make_engine(migrated_postgres_url)
    connection = engine.connect()
    transaction = connection.begin()
    # Each test runs in a transaction that is rolled back: nothing leaks between tests.
    session = Session(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
    yield session, make_settings(tmp_path, database_url=migrated_postgres_url)
    session.close()
    transaction.rollback()
    connection.close()
    engine.dispose()


def test_register_login_session_cycle_on_postgres(pg):
    session, settings = pg
    user = auth.register_user(session=session, settings=settings, email="PG@Example.com",
                              display_name="نویسنده", password=PASSWORD)
    row, token = sessions.create_session(session=session, user=user, settings=settings, ip="::1")
    ctx = sessions.resolve_session(session=session, token=token, settings=settings)
    assert ctx is not None and ctx.user.display_name == "نویسنده"
    assert ctx.user.created_at.tzinfo is not None
    sessions.revoke_session(session=session, session_id=row.id)
    assert sessions.resolve_session(session=session, token=token, settings=settings) is None


def test_duplicate_email_refused_by_service_and_by_the_database(pg):
    session, settings = pg
    make_writer(session, settings, email="dup@example.com", display_name="A")
    with pytest.raises(ServiceError):
        auth.register_user(session=session, settings=settings, email="DUP@example.com", display_name="B",
                           password=PASSWORD)
    session.add(User(email="dup@example.com", display_name="C", password_hash="x"))
    with pytest.raises(IntegrityError):
        session.flush()
