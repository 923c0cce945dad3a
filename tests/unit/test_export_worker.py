""""Export everything" with Dramatiq's StubBroker and an in-process worker, on SQLite: the zip holds
NAME.md and NAME.docx for each piece and a metadata.json with the right fields (no secrets), the
progress only moves forward, a "ready" mail goes out, the download is the owner's alone and
expires; the HTTP routes check the owner, and a broken export ends as failed."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import docx
import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, make_session_token, make_task, make_writer
from writers_app import db as db_module
from writers_app import jobs
from writers_app.core.security import utcnow
from writers_app.models import DataExport, TaskRevision, User
from writers_app.services import exports
from writers_app.services.errors import NotFound
from writers_app.services.mail import latest_outbox_mail
from writers_app.services.sessions import SESSION_COOKIE

PERSIAN = "<p>آن روز صبح رود آرام بود و ما در کنار ساحل قدم زدیم.</p>"


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Wrong passwords count against the account (user ids repeat across the tests' databases)."""
    from writers_app.services import ratelimit

    ratelimit.reset_memory()
    yield
    ratelimit.reset_memory()


@pytest.fixture
def world(app_db, settings):
    import workers.actors.exports  # noqa: F401  (declares the actor; app_db put `settings` in force)
    from workers.broker import broker

    assert isinstance(broker, StubBroker)
    broker.emit_after("process_boot")
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=50)
    worker.start()
    yield broker, worker
    broker.join("exports", fail_fast=False, timeout=120_000)
    worker.join()
    worker.stop()
    broker.flush_all()


def _finish(broker, worker) -> None:
    broker.join(jobs.QUEUES[jobs.BUILD_EXPORT], fail_fast=False, timeout=120_000)
    worker.join()


def _seed(settings):
    with db_module.session_scope() as session:
        owner = make_writer(session, settings, display_name="Sara", email="sara@example.com")
        other = make_writer(session, settings)
        river = make_task(session, owner, title="A walk by the river", body_html="<p>The river was quiet.</p>")
        make_task(session, owner, title="A walk by the river", body_html="<p>Same title, other text.</p>")
        make_task(session, owner, title="قدم زدن کنار رود", body_html=PERSIAN, language="fa")
        make_task(session, other, title="Not hers", body_html="<p>secret of another writer</p>")
        session.add(TaskRevision(task_id=river.id, title=river.title, body_html="<p>older</p>", word_count=1))
        row = session.get(User, owner.id)
        row.password_hash  # noqa: B018  (loaded, so a leak into metadata.json would be seen below)
    return owner, other


def _request(user_id: int):
    with db_module.session_scope() as session:
        return exports.request_export(session=session, user_id=user_id)


def _row(export_id: int) -> DataExport:
    with db_module.session_scope() as session:
        return session.get(DataExport, export_id)


def test_the_worker_builds_the_zip_of_every_piece_with_metadata(world, settings, monkeypatch):
    broker, worker = world
    owner, other = _seed(settings)
    seen: list[int] = []
    real_set = exports._set
    monkeypatch.setattr(exports, "_set", lambda export_id, **v: (seen.append(v["progress"]) if "progress" in v else None,
                                                                 real_set(export_id, **v)))
    started = _request(owner.id)
    assert started.status == "queued" and _request(owner.id).id == started.id  # one at a time
    _finish(broker, worker)

    row = _row(started.id)
    assert (row.status, row.progress, row.pieces) == ("done", 100, 3)
    assert seen == sorted(seen) and seen[0] < 100 and seen[-1] == 100  # forward only, live on the page
    assert row.expires_at - row.finished_at == timedelta(hours=settings.data_export_hours)
    with db_module.session_scope() as session:
        path, filename = exports.download(session=session, settings=settings, user_id=owner.id, export_id=row.id)
        with pytest.raises(NotFound):
            exports.download(session=session, settings=settings, user_id=other.id, export_id=row.id)
    assert filename.startswith("writers-export-") and filename.endswith(".zip")
    assert path.parent == Path(settings.storage_dir) / "exports" and row.stored_name in path.name

    archive = zipfile.ZipFile(path)
    names = set(archive.namelist())
    assert names == {"A walk by the river.md", "A walk by the river.docx", "A walk by the river (2).md",
                     "A walk by the river (2).docx", "قدم زدن کنار رود.md", "قدم زدن کنار رود.docx", "metadata.json"}
    assert "The river was quiet." in archive.read("A walk by the river.md").decode()
    persian_docx = docx.Document(io.BytesIO(archive.read("قدم زدن کنار رود.docx")))
    assert "آن روز صبح رود آرام بود" in "\n".join(p.text for p in persian_docx.paragraphs)
    raw = archive.read("metadata.json").decode()
    metadata = json.loads(raw)
    assert metadata["account"] == {"display_name": "Sara", "email": "sara@example.com", "language": "en",
                                   "created_at": metadata["account"]["created_at"]}
    pieces = {p["markdown"]: p for p in metadata["pieces"]}
    first = pieces["A walk by the river.md"]
    assert first["docx"] == "A walk by the river.docx" and first["title"] == "A walk by the river"
    assert first["word_count"] == 4 and first["revisions"] == 1 and first["created_at"] and first["updated_at"]
    assert {"word_goal", "due_date", "language", "status"} <= set(first)
    assert pieces["قدم زدن کنار رود.md"]["language"] == "fa" and pieces["قدم زدن کنار رود.md"]["revisions"] == 0
    assert "$2" not in raw and "password" not in raw and "secret of another writer" not in raw

    mail = latest_outbox_mail(settings, "sara@example.com")
    assert mail is not None and "/profile" in mail.get_content()

    jobs.send(jobs.BUILD_EXPORT, row.id)  # delivered twice: the finished export is left as it is
    _finish(broker, worker)
    assert _row(row.id).stored_name == row.stored_name


def test_an_expired_export_is_not_downloadable_and_its_zip_is_deleted(world, settings):
    broker, worker = world
    owner, _other = _seed(settings)
    started = _request(owner.id)
    _finish(broker, worker)
    path = Path(settings.storage_dir) / "exports" / _row(started.id).stored_name
    later = utcnow() + timedelta(hours=settings.data_export_hours, minutes=1)
    with db_module.session_scope() as session:
        row = session.get(DataExport, started.id)
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.add(row)
    with db_module.session_scope() as session:
        assert exports.latest_export(session=session, user_id=owner.id).status == exports.EXPIRED
        with pytest.raises(NotFound):
            exports.download(session=session, settings=settings, user_id=owner.id, export_id=started.id)
        assert exports.purge_expired(session=session, settings=settings, now=later) == 1
    assert not path.exists()
    assert _request(owner.id).id != started.id  # a new one can be started


def test_an_export_that_keeps_failing_ends_as_failed(world, settings, monkeypatch):
    broker, worker = world
    owner, _other = _seed(settings)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(exports, "render_export", broken)
    started = _request(owner.id)
    _finish(broker, worker)
    row = _row(started.id)
    assert row.status == "failed" and row.failure_reason == "profile.export_failed" and row.stored_name == ""
    assert list((Path(settings.storage_dir) / "exports").glob("*")) == []  # no half-written zip left


@pytest.fixture
def client(world):
    from writers_app.api.app import create_api

    return TestClient(create_api(), follow_redirects=False)


def _cookie(settings, user_id: int) -> dict:
    with db_module.session_scope() as session:
        return {SESSION_COOKIE: make_session_token(session, session.get(User, user_id), settings)}


def test_the_download_route_is_for_the_owner_only(world, client, settings):
    broker, worker = world
    owner, other = _seed(settings)
    started = _request(owner.id)
    _finish(broker, worker)
    url = f"/api/profile/exports/{started.id}/download"
    assert client.get(url).status_code == 401
    assert client.get(url, cookies=_cookie(settings, other.id)).status_code == 404
    for bad in ("nonsense", str(2**64), "0", "-1"):  # never a database error (a 500)
        assert client.get(f"/api/profile/exports/{bad}/download", cookies=_cookie(settings, owner.id)).status_code == 404
    answer = client.get(url, cookies=_cookie(settings, owner.id))
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert "metadata.json" in zipfile.ZipFile(io.BytesIO(answer.content)).namelist()


def test_the_delete_route_checks_the_password_then_logs_out(world, client, settings):
    owner, other = _seed(settings)
    cookies = _cookie(settings, owner.id)
    wrong = client.post("/api/profile/delete", data={"password": "not it"}, cookies=cookies)
    assert wrong.status_code == 303 and wrong.headers["location"] == "/profile?error=auth.current_password_wrong"
    foreign = client.post("/api/profile/delete", data={"password": PASSWORD}, cookies=cookies,
                          headers={"Origin": "https://evil.example"})
    assert foreign.headers["location"] == "/profile?error=auth.request_refused"
    with db_module.session_scope() as session:
        assert session.get(User, owner.id) is not None
    done = client.post("/api/profile/delete", data={"password": PASSWORD}, cookies=cookies)
    assert done.status_code == 303 and done.headers["location"] == "/login?notice=profile.account_deleted"
    assert f'{SESSION_COOKIE}=""' in done.headers["set-cookie"] or "Max-Age=0" in done.headers["set-cookie"]
    with db_module.session_scope() as session:
        assert session.get(User, owner.id) is None and session.get(User, other.id) is not None
    again = client.post("/api/profile/delete", data={"password": PASSWORD}, cookies=cookies)
    assert again.headers["location"].startswith("/login?error=auth.session_expired")
