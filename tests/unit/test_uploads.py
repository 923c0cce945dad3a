import io

import docx
import pytest

from tests.factories import make_writer
from writers_app.models import TaskStatus
from writers_app.services import search, uploads
from writers_app.services.errors import NotFound, ServiceError


@pytest.fixture
def owner(db, settings):
    user = make_writer(db, settings)
    db.commit()
    return user.id


def _incoming(settings, name, data, chunk=1000):
    incoming = uploads.IncomingFile(settings=settings, filename=name)
    for i in range(0, len(data), chunk):
        incoming.write(data[i:i + chunk])
    return incoming


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Hello from Word")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_upload_becomes_a_queued_task_stored_privately(db, settings, owner):
    task = uploads.accept_upload(session=db, settings=settings, owner_id=owner,
                                 incoming=_incoming(settings, "../../My Draft.docx", _docx_bytes()))
    db.commit()
    assert task.status == TaskStatus.QUEUED and task.title == "My Draft"
    path, row = uploads.upload_path(session=db, settings=settings, task_id=task.id, owner_id=owner)
    assert path.read_bytes()[:2] == b"PK" and row.kind == "docx" and row.size == path.stat().st_size
    assert path.parent == settings.storage_dir / str(owner) and "Draft" not in path.name  # random name
    assert len(path.name) == 32 and row.original_name == "My Draft.docx"
    assert not list((settings.storage_dir / "incoming").iterdir())  # no leftovers


def test_size_limit_is_enforced_while_streaming(db, tmp_path, owner):
    from tests.conftest import make_settings

    small = make_settings(tmp_path, upload_max_bytes=4096)
    incoming = _incoming(small, "big.txt", b"a" * 10_000)
    assert incoming.too_large and not incoming.path.exists()  # nothing kept past the limit
    with pytest.raises(ServiceError) as err:
        uploads.accept_upload(session=db, settings=small, owner_id=owner, incoming=incoming)
    assert err.value.code == "upload.too_large"
    assert search.list_tasks(session=db, owner_id=owner).items == []


@pytest.mark.parametrize("name, data, code", [
    ("photo.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "upload.type_mismatch"),
    ("notes.txt", bytes(range(256)) * 4, "upload.unsupported_type"),
    ("empty.md", b"", "upload.empty"),
])
def test_type_is_checked_by_content(db, settings, owner, name, data, code):
    with pytest.raises(ServiceError) as err:
        uploads.accept_upload(session=db, settings=settings, owner_id=owner, incoming=_incoming(settings, name, data))
    assert err.value.code == code
    assert search.list_tasks(session=db, owner_id=owner).items == []
    assert not list((settings.storage_dir / "incoming").iterdir())


def test_only_the_owner_finds_the_file(db, settings, owner):
    other = make_writer(db, settings)
    task = uploads.accept_upload(session=db, settings=settings, owner_id=owner,
                                 incoming=_incoming(settings, "a.md", "# سلام\n\nمتن".encode()))
    db.commit()
    with pytest.raises(NotFound):
        uploads.upload_path(session=db, settings=settings, task_id=task.id, owner_id=other.id)
