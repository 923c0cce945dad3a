"""Signing up on the register page gives the new writer one sample piece in their language,
queued for analysis, whose analysis has suggestions to show; a writer made any other way (the
factories, the CLI's admins) gets none, and SAMPLE_PIECE=false turns it off."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.conftest import make_settings
from tests.factories import make_admin, make_writer
from writers_app import db as db_module
from writers_app.i18n import translate
from writers_app.models import Task, TaskAnalysis, TaskStatus, User
from writers_app.services import processing, ratelimit


@pytest.fixture
def client(app_db):
    from writers_app.api.app import create_api

    ratelimit.reset_memory()
    yield TestClient(create_api(), follow_redirects=False)
    ratelimit.reset_memory()


def _register(client, email: str, lang: str):
    answer = client.post("/api/auth/register", data={"email": email, "display_name": "New Writer",
                                                     "password": "a long enough pass", "lang": lang})
    assert answer.status_code == 303 and answer.headers["location"] == "/dashboard"


def _tasks_of(email: str) -> list[Task]:
    with db_module.session_scope() as session:
        user = session.exec(select(User).where(User.email == email)).one()
        return list(session.exec(select(Task).where(Task.owner_id == user.id)).all())


EXPECTED = {"en": ("en.passive_voice", "Your own writing"), "fa": ("fa.arabic_letters", "نوشتهٔ خودتان")}


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_registering_creates_one_sample_piece_in_the_writers_language_queued_and_analysed(client, settings, lang):
    _register(client, f"new-{lang}@example.com", lang)
    tasks = _tasks_of(f"new-{lang}@example.com")
    assert len(tasks) == 1
    sample = tasks[0]
    assert sample.title == translate("sample.title", lang)
    assert sample.language == lang and sample.status == TaskStatus.QUEUED
    check, heading = EXPECTED[lang]
    assert f">{heading}</h2>" in sample.body_html and sample.body_html.count("<h2") == 2
    assert sample.word_count > 50

    processing.run_task(sample.id, settings=settings)  # what the worker does with the job it was sent
    with db_module.session_scope() as session:
        analysed = session.get(Task, sample.id)
        counts = {c["check_id"]: c["count"] for c in session.get(TaskAnalysis, sample.id).result["checks"]}
    assert analysed.status == TaskStatus.ANALYZED
    assert counts[check] > 0
    if lang == "fa":
        assert counts["fa.prefix_zwnj"] > 0  # «می شود» without its half-space
    else:
        assert counts["en.very_hard_sentences"] > 0


def test_writers_made_otherwise_get_no_sample(app_db, settings):
    with db_module.session_scope() as session:
        writer, admin = make_writer(session, settings), make_admin(session, settings)
        ids = [writer.id, admin.id]
    with db_module.session_scope() as session:
        assert session.exec(select(Task).where(Task.owner_id.in_(ids))).all() == []


def test_the_setting_turns_it_off(client, use_settings, tmp_path):
    use_settings(make_settings(tmp_path, sample_piece=False))
    _register(client, "plain@example.com", "en")
    assert _tasks_of("plain@example.com") == []
