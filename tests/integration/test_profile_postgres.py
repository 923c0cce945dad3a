"""Profile and data on real PostgreSQL: deleting an account removes every row of that user in
every table that refers to users (found from the database's own foreign keys, so a table added
later is checked too) and nothing of another user; the audit entry of the deletion stays; and
migration profile01 goes down and up again."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session

from alembic import command
from tests.conftest import make_settings
from tests.factories import make_session_token, make_task, make_token, make_writer
from tests.support.migrations import alembic_config
from writers_app import db as db_module
from writers_app.db import make_engine
from writers_app.models import (
    DataExport, EmailChangeToken, PasswordResetToken, PersonalWord, TaskFile, Webhook, WritingDay,
)
from writers_app.services import account, tasks
from writers_app.services import revisions as revision_service

pytestmark = pytest.mark.integration


def _user_columns(engine) -> list[tuple[str, str]]:
    """(table, column) of every foreign key to users.id in the database."""
    found = []
    inspector = inspect(engine)
    for table in inspector.get_table_names():
        for fk in inspector.get_foreign_keys(table):
            if fk["referred_table"] == "users":
                found += [(table, column) for column in fk["constrained_columns"]]
    return found


def _rows_of(engine, user_id: int) -> dict[str, int]:
    """Rows referring to `user_id`, per table.column, plus those reached through tasks and webhooks."""
    counts = {}
    with engine.connect() as conn:
        for table, column in _user_columns(engine):
            counts[f"{table}.{column}"] = conn.execute(
                text(f'SELECT count(*) FROM "{table}" WHERE "{column}" = :u'), {"u": user_id}).scalar_one()
        counts["users"] = conn.execute(text("SELECT count(*) FROM users WHERE id = :u"), {"u": user_id}).scalar_one()
        for table in ("task_revisions", "task_analyses", "task_files"):
            counts[f"{table} via tasks"] = conn.execute(text(
                f"SELECT count(*) FROM {table} WHERE task_id IN (SELECT id FROM tasks WHERE owner_id = :u)"),
                {"u": user_id}).scalar_one()
        counts["webhook_deliveries"] = conn.execute(text(
            "SELECT count(*) FROM webhook_deliveries WHERE webhook_id IN (SELECT id FROM webhooks WHERE owner_id = :u)"),
            {"u": user_id}).scalar_one()
    return counts


def _fill(session: Session, settings, user) -> None:  # noqa: ANN001
    """One row of everything a writer can have."""
    from writers_app.core.security import utcnow

    task = make_task(session, user, title="Piece", body_html="<p>one two three</p>")
    tasks.save_body(session=session, owner_id=user.id, task_id=task.id, base_revision=task.revision,
                    html="<p>one two three four</p>", explicit=True)
    [revision] = revision_service.list_revisions(session=session, owner_id=user.id, task_id=task.id)[:1]
    make_token(session, user)
    make_session_token(session, user, settings)
    session.add(PasswordResetToken(user_id=user.id, token_hash=f"r{user.id:063d}", expires_at=utcnow()))
    session.add(EmailChangeToken(user_id=user.id, new_email=f"n{user.id}@example.com",
                                 token_hash=f"e{user.id:063d}", expires_at=utcnow()))
    session.add(DataExport(user_id=user.id, status="done", stored_name=""))
    session.add(PersonalWord(user_id=user.id, word=f"word{user.id}"))  # spelling: the writer's own dictionary
    session.add(TaskFile(task_id=task.id, owner_id=user.id, stored_name=f"f{user.id:031d}", kind="txt"))
    if session.get(WritingDay, (user.id, utcnow().date())) is None:  # the save above may have made it
        session.add(WritingDay(owner_id=user.id, day=utcnow().date(), words=3))
    session.add(Webhook(owner_id=user.id, url="http://127.0.0.1:9/hook", secret="s" * 32))
    session.flush()
    session.execute(text("INSERT INTO webhook_deliveries (webhook_id, event, attempt, ok, error, duration_ms, "
                         "created_at) SELECT id, 'task.analyzed', 1, true, '', 1, now() FROM webhooks "
                         "WHERE owner_id = :u"), {"u": user.id})
    session.execute(text("INSERT INTO task_analyses (task_id, version, revision, result, words, duration_ms, "
                         "created_at) VALUES (:t, 1, 1, '{}', 3, 1, now())"), {"t": task.id})
    assert revision.id


def test_deleting_an_account_removes_every_row_of_that_user_and_nothing_of_another(migrated_postgres_url, tmp_path,
                                                                                     use_settings, monkeypatch):
    settings = use_settings(make_settings(tmp_path, database_url=migrated_postgres_url))
    engine = make_engine(migrated_postgres_url)
    monkeypatch.setattr(db_module, "get_engine", lambda: engine)
    with db_module.session_scope() as session:
        doomed, kept = make_writer(session, settings), make_writer(session, settings)
        _fill(session, settings, doomed)
        _fill(session, settings, kept)
    unlinked_before = _unlinked_registrations(engine)
    before_doomed, before_kept = _rows_of(engine, doomed.id), _rows_of(engine, kept.id)
    owned = {k: v for k, v in before_doomed.items() if not k.startswith("audit_events")}
    assert all(owned.values()), owned  # the test really filled every table that refers to users
    assert {"email_change_tokens.user_id", "data_exports.user_id", "sessions.user_id", "api_tokens.user_id",
            "tasks.owner_id", "webhooks.owner_id"} <= set(before_doomed)

    account.delete_account_and_files(settings=settings, user_id=doomed.id, password="a long enough pass")

    after = _rows_of(engine, doomed.id)
    assert set(after.values()) == {0}, after
    assert _rows_of(engine, kept.id) == before_kept
    with engine.connect() as conn:
        entry = conn.execute(text("SELECT actor_id, target_user_id FROM audit_events WHERE action = 'account.deleted' "
                                  "AND detail->>'user_id' = :u"), {"u": str(doomed.id)}).one()
        assert tuple(entry) == (None, None)
    assert _unlinked_registrations(engine) == unlinked_before + 1  # earlier audit rows stay, unlinked
    engine.dispose()


def _unlinked_registrations(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'auth.registered' "
                                 "AND actor_id IS NULL")).scalar_one()


def test_profile01_goes_down_and_up_again(migrated_postgres_url):
    cfg, engine = alembic_config(migrated_postgres_url), make_engine(migrated_postgres_url)
    try:
        command.downgrade(cfg, "prefs01")
        assert not {"email_change_tokens", "data_exports"} & set(inspect(engine).get_table_names())
    finally:
        command.upgrade(cfg, "head")
    tables = set(inspect(engine).get_table_names())
    assert {"email_change_tokens", "data_exports"} <= tables
    fks = {fk["referred_table"]: fk["options"] for fk in inspect(engine).get_foreign_keys("data_exports")}
    assert fks["users"].get("ondelete") == "CASCADE"
    assert {ix["name"] for ix in inspect(engine).get_indexes("data_exports")} == {"ix_data_exports_user_created"}
    assert [c["column_names"] for c in inspect(engine).get_unique_constraints("email_change_tokens")] == [["token_hash"]]
    engine.dispose()
