"""The trash on real PostgreSQL: migration trash01 goes down and up (pieces kept before it are
live), and the purge deletes for good only pieces trashed more than TRASH_DAYS ago, with their
revisions, analysis and uploaded file, whoever they belong to; run twice, it finds nothing more."""

from datetime import timedelta

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session, select

from alembic import command
from tests.conftest import make_settings
from tests.factories import make_task, make_writer
from tests.support.migrations import alembic_config
from writers_app.core.security import utcnow
from writers_app.db import make_engine
from writers_app.models import AuditEvent, Task, TaskAnalysis, TaskFile, TaskRevision
from writers_app.services import search, tasks, trash

pytestmark = pytest.mark.integration


def test_trash_migration_goes_down_and_up_and_older_pieces_are_live(migrated_postgres_url, tmp_path):
    cfg, engine = alembic_config(migrated_postgres_url), make_engine(migrated_postgres_url)
    with Session(engine) as session:
        owner = make_writer(session, make_settings(tmp_path)).id
        task_id = make_task(session, owner, title="Before the trash").id
        session.commit()
    try:
        command.downgrade(cfg, "fold01")
        assert "deleted_at" not in {c["name"] for c in inspect(engine).get_columns("tasks")}
        assert "ix_tasks_owner_deleted" not in {ix["name"] for ix in inspect(engine).get_indexes("tasks")}
    finally:
        command.upgrade(cfg, "head")
    column = {c["name"]: c for c in inspect(engine).get_columns("tasks")}["deleted_at"]
    assert column["nullable"]
    [index] = [ix for ix in inspect(engine).get_indexes("tasks") if ix["name"] == "ix_tasks_owner_deleted"]
    assert index["column_names"] == ["owner_id", "deleted_at", "id"]
    with engine.connect() as conn:
        definition = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_tasks_owner_deleted'")).scalar()
    assert "WHERE (deleted_at IS NOT NULL)" in definition
    with Session(engine) as session:
        assert [t.title for t in search.list_tasks(session=session, owner_id=owner).items] == ["Before the trash"]
        assert trash.trash_tasks(session=session, owner_id=owner, task_ids=[task_id]) == [task_id]
        session.commit()
        assert search.list_tasks(session=session, owner_id=owner).items == []
        session.execute(text("DELETE FROM users WHERE id = :id"), {"id": owner})
        session.commit()
    engine.dispose()


def test_the_purge_deletes_only_old_trash_with_everything_of_it(migrated_postgres_url, tmp_path):
    settings = make_settings(tmp_path, database_url=migrated_postgres_url)
    engine = make_engine(migrated_postgres_url)
    with Session(engine) as session:
        writers = [make_writer(session, settings).id for _ in range(2)]
        old = [make_task(session, w, title="old", body_html="<p>old words</p>").id for w in writers]
        recent = make_task(session, writers[0], title="recent").id
        live = make_task(session, writers[0], title="live").id
        tasks.save_body(session=session, owner_id=writers[0], task_id=old[0], base_revision=0,
                        html="<p>old words, saved</p>", explicit=True)
        session.add(TaskAnalysis(task_id=old[0], version=1, revision=1, result={}))
        stored = settings.storage_dir / str(writers[0]) / f"upload-of-{old[0]}"
        stored.parent.mkdir(parents=True)
        stored.write_bytes(b"draft")
        session.add(TaskFile(task_id=old[0], owner_id=writers[0], stored_name=stored.name, original_name="d.txt",
                             kind="txt"))
        session.commit()
        for owner, ids in ((writers[0], [old[0], recent]), (writers[1], [old[1]])):
            trash.trash_tasks(session=session, owner_id=owner, task_ids=ids)
        session.commit()
        now = utcnow()
        for task_id, age in ((old[0], settings.trash_days + 2), (old[1], settings.trash_days + 30),
                             (recent, settings.trash_days - 1)):
            session.get(Task, task_id).deleted_at = now - timedelta(days=age)
        session.commit()

        assert trash.purge_expired(session=session, settings=settings) == 2
        assert trash.purge_expired(session=session, settings=settings) == 0
        left = set(session.exec(select(Task.id).where(Task.owner_id.in_(writers))).all())
        assert left == {recent, live}
        for table in (TaskRevision, TaskAnalysis, TaskFile):
            assert session.exec(select(table).where(table.task_id.in_(old))).all() == []
        assert not stored.exists()
        counts = session.exec(select(AuditEvent.target_user_id, AuditEvent.detail).where(
            AuditEvent.action == "trash.purged", AuditEvent.target_user_id.in_(writers))).all()
        assert sorted((user, detail["count"]) for user, detail in counts) == sorted((w, 1) for w in writers)
        session.execute(text("DELETE FROM users WHERE id = ANY(:ids)"), {"ids": writers})
        session.commit()
    engine.dispose()
