"""The /api/v1 app on PostgreSQL: `api` gives a TestClient against `create_api()` with the
database and settings patched the way `app_db` does for SQLite, and writers with tokens."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlmodel import Session

from tests.conftest import make_settings
from tests.factories import make_token, make_writer
from writers_app.db import make_engine


@dataclass
class Writer:
    id: int
    email: str
    token: str
    headers: dict[str, str]


@dataclass
class ApiHarness:
    client: object
    settings: object
    engine: object
    queued: list[int] = field(default_factory=list)
    pings: list[tuple] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def writer(self, *, scope: str = "read-write", name: str = "API writer") -> Writer:
        with self.session() as session:
            user = make_writer(session, self.settings, display_name=name)
            token = make_token(session, user, scope=scope)
            session.commit()
            user_id, email = user.id, user.email
        self.user_ids.append(user_id)
        return Writer(id=user_id, email=email, token=token, headers={"Authorization": f"Bearer {token}"})

    def token_for(self, writer: Writer, *, scope: str) -> dict[str, str]:
        with self.session() as session:
            token = make_token(session, writer.id, scope=scope, name=scope)
            session.commit()
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api(migrated_postgres_url, tmp_path, use_settings, monkeypatch):
    from fastapi.testclient import TestClient

    from writers_app import db as db_module
    from writers_app import jobs
    from writers_app.api.app import create_api

    settings = make_settings(tmp_path, database_url=migrated_postgres_url, webhooks_allow_private=True,
                             upload_max_bytes=64 * 1024)
    engine = make_engine(migrated_postgres_url)
    monkeypatch.setattr(db_module, "get_engine", lambda: engine)
    use_settings(settings)
    harness = ApiHarness(client=TestClient(create_api()), settings=settings, engine=engine)

    def send(actor_name: str, *args) -> None:  # noqa: ANN002
        (harness.queued.append(args[0]) if actor_name == jobs.PROCESS_TASK else harness.pings.append(args))

    monkeypatch.setattr(jobs, "send", send)
    yield harness
    # The database is shared by the whole session: take our writers (and, by cascade, their
    # queued tasks) away, so no other test's sweeper or count finds them.
    from sqlalchemy import delete

    from writers_app.models import User

    if harness.user_ids:
        with harness.session() as session:
            session.exec(delete(User).where(User.id.in_(harness.user_ids)))
            session.commit()
    engine.dispose()
