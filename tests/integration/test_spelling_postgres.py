"""The personal dictionary on PostgreSQL: a word added twice (from two sessions, as two tabs do) is
stored once, it is the writer's only, and it goes with the writer's account."""

from __future__ import annotations

import pytest
from sqlalchemy import delete
from sqlmodel import select

from tests.factories import make_task
from writers_app.models import PersonalWord, User
from writers_app.services import spelling as spelling_service

pytestmark = pytest.mark.integration


def test_personal_words_on_postgres(api):
    writer, other = api.writer(), api.writer()
    with api.session() as session:
        task = make_task(session, writer.id, title="T", body_html="<p>x</p>")
        session.commit()
    # Another session (another tab) adds the same word again: one row, no error.
    with api.session() as first, api.session() as second:
        assert spelling_service.add_word(session=first, user_id=writer.id, word="Zorblat") == "zorblat"
        first.commit()
        second.add(PersonalWord(user_id=writer.id, word="quarbit"))
        second.flush()
        assert spelling_service.add_word(session=second, user_id=writer.id, word="zorblat") == "zorblat"
        second.commit()
    with api.session() as session:
        rows = session.exec(select(PersonalWord.word).where(PersonalWord.user_id == writer.id)).all()
        assert sorted(rows) == ["quarbit", "zorblat"]
        assert spelling_service.check_blocks(session=session, owner_id=writer.id, task_id=task.id,
                                             blocks=["Zorblat and quarbit."]) == []
        assert spelling_service.personal_words(session=session, user_id=other.id) == frozenset()
        session.exec(delete(User).where(User.id == writer.id))
        session.commit()
        assert session.exec(select(PersonalWord).where(PersonalWord.user_id == writer.id)).all() == []


def test_spelling_routes_on_postgres_answer_only_the_owner(api):
    from tests.factories import make_session_token
    from writers_app.services import sessions as session_service

    owner, other = api.writer(), api.writer()
    with api.session() as session:
        task = make_task(session, owner.id, title="T", body_html="<p>teh</p>")
        cookies = {}
        for writer in (owner, other):
            cookies[writer.id] = {session_service.SESSION_COOKIE: make_session_token(
                session, session.get(User, writer.id), api.settings)}
        session.commit()
    url = f"/api/editor/tasks/{task.id}/spelling"
    api.client.cookies.clear()
    mine = api.client.post(url, json={"blocks": ["One teh."]}, cookies=cookies[owner.id])
    assert mine.status_code == 200 and [s["word"] for s in mine.json()["spans"]] == ["teh"]
    api.client.cookies.clear()
    assert api.client.post(url, json={"blocks": ["teh"]}, cookies=cookies[other.id]).status_code == 404
    api.client.cookies.clear()
    assert api.client.post(url + "/suggestions", json={"word": "teh"}, cookies=cookies[other.id]).status_code == 404
    api.client.cookies.clear()
    assert api.client.post(url, json={"blocks": ["teh"]}).status_code == 401
