"""Uploading drafts in Chromium: several files at once, typed by content, each a queued task."""

from __future__ import annotations

import io

import docx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from tests.e2e.helpers import goto, login_and_wait
from tests.unit.test_extraction import minimal_pdf
from writers_app.db import make_engine
from writers_app.models import Task, TaskFile

pytestmark = pytest.mark.e2e


def _docx() -> bytes:
    document = docx.Document()
    document.add_heading("Chapter One", level=1)
    document.add_paragraph("من می\u200cخواهم کتاب\u200cها را بخوانم.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_upload_docx_pdf_and_html_together(app_server, page, tmp_path):
    files = {
        "novel.docx": _docx(),
        "essay.pdf": minimal_pdf([["A real small PDF made by the test."]]),
        "payload.html": b"<html><body><p>Safe text</p><script>window.pwned=1;alert(1)</script>"
                        b"<img src=x onerror=\"window.pwned=2\"></body></html>",
        "fake.pdf": b"this is plain text pretending to be a PDF",
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    email = app_server.create_user()
    login_and_wait(page, app_server.base_url, email)
    goto(page, app_server.base_url + "/dashboard")
    page.locator("#drafts input[type=file]").set_input_files(paths)

    # (The three accepted files' notices go once their pieces are analysed: test_dashboard_look.)
    expect(page.locator(".upload-error")).to_have_count(1, timeout=20_000)
    expect(page.locator(".upload-error")).to_contain_text("fake.pdf")
    expect(page.locator(".task-row")).to_have_count(3)
    for title in ("Chapter One", "essay", "payload"):  # a document's own heading names it
        expect(page.locator(".task-link", has_text=title)).to_be_visible()

    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        rows = session.exec(select(Task, TaskFile).join(TaskFile, TaskFile.task_id == Task.id)).all()
        mine = [(t.title, f.kind) for t, f in rows if t.title in ("Chapter One", "essay", "payload")]
    engine.dispose()
    assert sorted(mine)[-3:] == [("Chapter One", "docx"), ("essay", "pdf"), ("payload", "html")]
    assert dialogs == [] and page.evaluate("window.pwned") is None

    # The embedded worker extracts and analyses them; the badges change without a reload.
    expect(page.locator('.status-badge[data-status="analyzed"]')).to_have_count(3, timeout=30_000)
    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        bodies = {t.title: t.body_html for t in session.exec(select(Task)).all()}
    engine.dispose()
    assert "Chapter One" in bodies["Chapter One"] and "کتاب‌ها" in bodies["Chapter One"]
    assert "A real small PDF made by the test." in bodies["essay"]
    assert "Safe text" in bodies["payload"] and "script" not in bodies["payload"] and "onerror" not in bodies["payload"]


def test_files_of_other_types_are_refused_before_sending(app_server, page, tmp_path):
    (tmp_path / "program.exe").write_bytes(b"MZ" + b"\x00" * 64)
    login_and_wait(page, app_server.base_url, app_server.create_user())
    goto(page, app_server.base_url + "/dashboard")
    page.locator("#drafts input[type=file]").set_input_files(str(tmp_path / "program.exe"))
    expect(page.locator(".upload-error")).to_contain_text("program.exe")
    expect(page.locator("#dashboard-empty")).to_be_visible()
