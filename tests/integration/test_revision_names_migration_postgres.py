"""Migration names01 on real PostgreSQL: task_revisions.name comes and goes, revisions kept
before it read as unnamed, and a named one survives 60 later saves (never pruned)."""

import pytest
from sqlalchemy import inspect, text

from alembic import command
from tests.support.migrations import alembic_config as _config
from writers_app.db import make_engine

pytestmark = pytest.mark.integration


def _columns(engine, table: str) -> dict[str, dict]:
    return {c["name"]: c for c in inspect(engine).get_columns(table)}


def test_revision_name_goes_down_and_up_and_a_named_revision_is_never_pruned(migrated_postgres_url, tmp_path):
    from sqlmodel import Session

    from tests.conftest import make_settings
    from tests.factories import make_task, make_writer
    from writers_app.services import revisions as revision_service
    from writers_app.services import tasks

    cfg, engine = _config(migrated_postgres_url), make_engine(migrated_postgres_url)
    with Session(engine) as session:
        owner = make_writer(session, make_settings(tmp_path)).id
        task_id = make_task(session, owner).id
        tasks.save_body(session=session, owner_id=owner, task_id=task_id, base_revision=0,
                        html="<p>kept before the migration</p>", explicit=True)
        session.commit()
    try:
        command.downgrade(cfg, "typo01")
        assert "name" not in _columns(engine, "task_revisions")
    finally:
        command.upgrade(cfg, "head")
    column = _columns(engine, "task_revisions")["name"]
    assert column["nullable"] and column["type"].length == 120
    with Session(engine) as session:
        [old] = revision_service.list_revisions(session=session, owner_id=owner, task_id=task_id)
        assert old.name is None
        revision_service.name_revision(session=session, owner_id=owner, task_id=task_id, revision_id=old.id,
                                       name="فرستاده به ویراستار")
        session.commit()
        for i in range(60):
            current = tasks.get_task(session=session, owner_id=owner, task_id=task_id)
            tasks.save_body(session=session, owner_id=owner, task_id=task_id, base_revision=current.revision,
                            html=f"<p>version {i}</p>", explicit=True)
            session.commit()
        rows = revision_service.list_revisions(session=session, owner_id=owner, task_id=task_id)
        assert [r.name for r in rows if r.id == old.id] == ["فرستاده به ویراستار"]
        assert len([r for r in rows if r.name is None]) == revision_service.REVISIONS_KEPT
        stored = session.exec(text(f"SELECT name FROM task_revisions WHERE id = {int(old.id)}")).one()[0]
        assert stored == "فرستاده به ویراستار"
    engine.dispose()
