"""The storage folder full or read-only while drafts are uploaded (the real /api/v1 upload
route and upload service on PostgreSQL; the folder is a small tmpfs of our own, remounted
read-only for the second fault): a clear answer (503 with `upload.storage_full` or
`upload.storage_unavailable`, shown translated on the dashboard too), nothing half-stored (no
task or file row without its file, no partial file left), and uploads work again after."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from tests.conftest import make_settings, require_or_skip
from tests.factories import make_token, make_writer
from tests.reliability import ledger
from writers_app.db import make_engine
from writers_app.i18n import translate
from writers_app.models import Task, TaskFile

pytestmark = pytest.mark.integration
FS_BYTES = 512 * 1024


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"mount {' '.join(args)}: {done.stderr}")


@pytest.fixture
def small_storage(tmp_path):
    """A 512 KB tmpfs mounted on a folder of our own (never /tmp itself)."""
    if os.geteuid() != 0:
        require_or_skip("WRITERS_REQUIRE_SERVICES", "mounting a small tmpfs needs root")
    folder = tmp_path / "storage"
    folder.mkdir()
    _mount("-t", "tmpfs", "-o", f"size={FS_BYTES},mode=0755", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30, check=False)


@pytest.fixture
def uploads_api(migrated_postgres_url, small_storage, tmp_path, use_settings, monkeypatch):
    from fastapi.testclient import TestClient

    from writers_app import db as db_module
    from writers_app import jobs
    from writers_app.api.app import create_api

    settings = use_settings(make_settings(tmp_path, database_url=migrated_postgres_url, storage_dir=small_storage,
                                          upload_max_bytes=4 * 1024 * 1024))
    engine = make_engine(migrated_postgres_url)
    monkeypatch.setattr(db_module, "get_engine", lambda: engine)
    monkeypatch.setattr(jobs, "send", lambda *args, **kwargs: None)  # no worker here: the file is what we check
    with Session(engine) as session:
        user = make_writer(session, settings)
        token = make_token(session, user)
        session.commit()
        owner = user.id
    yield TestClient(create_api()), {"Authorization": f"Bearer {token}"}, engine, owner, small_storage
    # The session's database is shared: take our writer and (by cascade) their queued uploads
    # away, so no later sweeper test finds them.
    from sqlalchemy import delete

    from writers_app.models import User

    with Session(engine) as session:
        session.exec(delete(User).where(User.id == owner))
        session.commit()
    engine.dispose()


def _counts(engine, owner: int) -> tuple[int, int]:  # noqa: ANN001
    with Session(engine) as session:
        tasks = session.exec(select(func.count()).select_from(Task).where(Task.owner_id == owner)).one()
        files = session.exec(select(func.count()).select_from(TaskFile).where(TaskFile.owner_id == owner)).one()
    return tasks, files


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _draft(kilobytes: int) -> bytes:
    line = "The storage under the writer filled up while the draft was on its way.\n"
    return (line * (kilobytes * 1024 // len(line) + 1)).encode()[: kilobytes * 1024]


def _upload(client, headers, name: str, data: bytes):  # noqa: ANN001, ANN202
    return client.post("/api/v1/tasks/upload", headers=headers, files={"file": (name, data, "text/plain")})


def _check_stored_files_match_rows(engine, owner: int, storage: Path) -> None:  # noqa: ANN001
    with Session(engine) as session:
        rows = session.exec(select(TaskFile).where(TaskFile.owner_id == owner)).all()
    on_disk = {p.name for p in _files(storage / str(owner))} if (storage / str(owner)).exists() else set()
    assert {r.stored_name for r in rows} == on_disk  # no row without its file, no file without its row
    assert not list((storage / "incoming").glob("*.part"))  # no partial upload left behind
    for row in rows:
        assert (storage / str(owner) / row.stored_name).stat().st_size == row.size


def test_a_full_storage_refuses_the_upload_clearly_and_keeps_nothing(uploads_api):
    client, headers, engine, owner, storage = uploads_api
    first = _upload(client, headers, "before.txt", _draft(64))
    assert first.status_code == 201, first.text
    fault = ledger.fault("storage folder full (a 512 KB tmpfs) during uploads")
    refused = [_upload(client, headers, f"too-much-{i}.txt", _draft(700)) for i in range(3)]
    for answer in refused:
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"]["code"] == "upload.storage_full"
        assert answer.json()["error"]["message"].endswith(translate("upload.storage_full", "en"))
    assert _counts(engine, owner) == (1, 1)  # only the upload made before the disk filled
    _check_stored_files_match_rows(engine, owner, storage)
    # The partial files were removed, so a file that fits is stored again at once.
    after = _upload(client, headers, "after.txt", _draft(64))
    assert after.status_code == 201, after.text
    assert _counts(engine, owner) == (2, 2)
    _check_stored_files_match_rows(engine, owner, storage)
    ledger.checked("uploads during a storage fault", count=len(refused) + 2)
    fault.ok("503 upload.storage_full for each, no row, no partial file; the next upload stored")


def test_a_read_only_storage_refuses_the_upload_clearly_and_keeps_nothing(uploads_api):
    client, headers, engine, owner, storage = uploads_api
    assert _upload(client, headers, "before.txt", _draft(16)).status_code == 201
    fault = ledger.fault("storage folder remounted read-only during uploads")
    _mount("-o", "remount,ro", str(storage))
    try:
        answer = _upload(client, headers, "while-read-only.txt", _draft(16))
    finally:
        _mount("-o", "remount,rw", str(storage))
    assert answer.status_code == 503, answer.text
    assert answer.json()["error"]["code"] == "upload.storage_unavailable"
    assert translate("upload.storage_unavailable", "fa") != translate("upload.storage_unavailable", "en")
    assert _counts(engine, owner) == (1, 1)
    _check_stored_files_match_rows(engine, owner, storage)
    assert _upload(client, headers, "after.txt", _draft(16)).status_code == 201
    assert _counts(engine, owner) == (2, 2)
    _check_stored_files_match_rows(engine, owner, storage)
    ledger.checked("uploads during a storage fault", count=3)
    fault.ok("503 upload.storage_unavailable, no row, no partial file; uploads stored again once writable")
