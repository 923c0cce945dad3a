"""A writer's colour scheme: the service stores one of three choices and refuses anything else,
the header's handler stores it for the signed-in writer alone, and every page load hands the
stored choice to the page (AuthState.theme); a visitor's choice is never stored."""

from __future__ import annotations

import pytest

from tests.factories import make_writer
from tests.support.aio import run as _run
from tests.support.states import tab_state
from writers_app import db as db_module
from writers_app.models import User
from writers_app.services import theme as theme_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.state.auth import AuthState
from writers_app.state.theme import ThemeState


def test_a_new_writer_follows_the_system_and_each_choice_round_trips(db, settings):
    writer = make_writer(db, settings)
    assert theme_service.get_theme(session=db, user_id=writer.id) == "system"
    for choice in ("dark", "light", "system", "dark"):
        assert theme_service.set_theme(session=db, user_id=writer.id, theme=choice) == choice
        db.commit()
        assert theme_service.get_theme(session=db, user_id=writer.id) == choice
    assert db.get(User, writer.id).theme == "dark"


@pytest.mark.parametrize("bad", ["", "Dark", "sepia", "dark; drop table users", "x" * 100])
def test_a_value_outside_the_three_choices_is_refused_and_nothing_changes(db, settings, bad):
    writer = make_writer(db, settings)
    theme_service.set_theme(session=db, user_id=writer.id, theme="light")
    with pytest.raises(ServiceError) as refused:
        theme_service.set_theme(session=db, user_id=writer.id, theme=bad)
    assert refused.value.code == "error.bad_input"
    assert theme_service.get_theme(session=db, user_id=writer.id) == "light"


def test_an_unknown_writer_is_not_found_and_a_stored_oddity_reads_as_system(db):
    with pytest.raises(NotFound):
        theme_service.set_theme(session=db, user_id=999, theme="dark")
    with pytest.raises(NotFound):
        theme_service.get_theme(session=db, user_id=999)
    assert [theme_service.read_theme(v) for v in (None, "", "sepia", "dark")] == ["system"] * 3 + ["dark"]


@pytest.fixture
def two_writers(app_db, settings):
    with db_module.session_scope() as session:
        return make_writer(session, settings).id, make_writer(session, settings).id


def _stored(user_id: int) -> str:
    with db_module.session_scope() as session:
        return session.get(User, user_id).theme


def test_the_header_stores_the_choice_for_the_signed_in_writer_only(signed_in, two_writers):
    a, b = two_writers
    tab = signed_in(ThemeState, a)
    _run(ThemeState.choose.fn(tab, "dark"))
    assert _stored(a) == "dark" and _stored(b) == "system"
    assert tab_state(tab, AuthState).theme == "dark"  # the page's copy follows at once

    other_browser = signed_in(AuthState, a)  # another browser's page load reads it
    AuthState.require_login.fn(other_browser)
    assert other_browser.theme == "dark"
    AuthState.refresh.fn(other_browser)
    assert other_browser.theme == "dark"


def test_a_visitor_or_a_planted_value_stores_nothing(signed_in, two_writers):
    a, _b = two_writers
    visitor = signed_in(ThemeState)
    _run(ThemeState.choose.fn(visitor, "dark"))
    AuthState.refresh.fn(tab_state(visitor, AuthState))
    assert tab_state(visitor, AuthState).theme == ""  # a visitor's page follows its own browser
    tab = signed_in(ThemeState, a)
    for planted in ("sepia", "", "<script>"):
        _run(ThemeState.choose.fn(tab, planted))
    assert _stored(a) == "system"
