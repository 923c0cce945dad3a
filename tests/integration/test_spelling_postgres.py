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
