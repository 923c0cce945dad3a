"""deploy/scripts/backup.sh and restore.sh on a private PostgreSQL cluster: back up a migrated
database with a writer, a piece and stored files; lose them; restore; everything is back."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from tests.conftest import make_settings, require_or_skip
from tests.factories import make_task, make_writer
from tests.ops.conftest import DEPLOY, run
from tests.support.pgcluster import Cluster, bindir, workdir
from writers_app.cli import migrate
from writers_app.db import make_engine
from writers_app.models import Task, User

SCRIPTS = DEPLOY / "scripts"


@pytest.fixture(scope="module")
def cluster():
    if bindir() is None:
        require_or_skip("WRITERS_REQUIRE_SERVICES", "PostgreSQL server programs are not installed")
    base = workdir()
    primary = Cluster.primary(base / "db")
    try:
        migrate(primary.url)
        yield primary
    finally:
        primary.stop()
        shutil.rmtree(base, ignore_errors=True)


def script(name: str, *args: str, url: str, files: Path):
    env = {**os.environ, "DATABASE_URL": url, "FILES_DIR": str(files),
           "PG_DUMP": str(bindir() / "pg_dump"), "PG_RESTORE": str(bindir() / "pg_restore")}
    return run("sh", str(SCRIPTS / name), *args, env=env)


def test_backup_then_restore_brings_data_and_files_back(cluster, tmp_path):
    settings = make_settings(tmp_path, database_url=cluster.url)
    engine = make_engine(cluster.url)
    with Session(engine) as session:
        writer = make_writer(session, settings, display_name="Backed Up")
        task = make_task(session, writer, title="Kept piece", body_html="<p>words to keep</p>")
        session.commit()
        email, task_id = writer.email, task.id
    files = tmp_path / "storage"
    (files / "uploads" / "7").mkdir(parents=True)
    (files / "uploads" / "7" / "draft.docx").write_bytes(b"PK\x03\x04 binary \x00\xff")
    (files / "export.txt").write_text("exported text")

    made = script("backup.sh", str(tmp_path / "backups"), url=cluster.url, files=files)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert {p.name for p in backup.iterdir()} == {"db.dump", "files.tar.gz", "SHA256SUMS"}

    # Disaster: the rows and the files are gone, and something new was written meanwhile.
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))  # every table, the migration version too
        conn.execute(text("CREATE SCHEMA public"))
    shutil.rmtree(files / "uploads")
    (files / "stray.tmp").write_text("not in the backup")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT to_regclass('public.tasks')")).scalar() is None

    refused = script("restore.sh", str(backup), url=cluster.url, files=files)
    assert refused.returncode == 64  # never without --yes
    restored = script("restore.sh", str(backup), "--yes", url=cluster.url, files=files)
    assert restored.returncode == 0, restored.stderr

    engine.dispose()
    engine = make_engine(cluster.url)
    with Session(engine) as session:
        assert session.exec(select(User).where(User.email == email)).one().display_name == "Backed Up"
        task = session.get(Task, task_id)
        assert task.title == "Kept piece" and "words to keep" in task.body_html
    engine.dispose()
    assert (files / "uploads" / "7" / "draft.docx").read_bytes() == b"PK\x03\x04 binary \x00\xff"
    assert (files / "export.txt").read_text() == "exported text"
    assert not (files / "stray.tmp").exists()
    # The restored database is still at the latest migration: `migrate` finds nothing to do.
    before, after = migrate(cluster.url)
    assert before == after is not None


def test_restore_refuses_a_damaged_backup(cluster, tmp_path):
    files = tmp_path / "storage"
    files.mkdir()
    (files / "a.txt").write_text("a")
    made = script("backup.sh", str(tmp_path / "backups"), url=cluster.url, files=files)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    with (backup / "db.dump").open("ab") as dump:
        dump.write(b"corrupt")
    (files / "a.txt").write_text("newer")
    result = script("restore.sh", str(backup), "--yes", url=cluster.url, files=files)
    assert result.returncode == 65 and "checksums" in result.stderr
    assert (files / "a.txt").read_text() == "newer"  # nothing touched
