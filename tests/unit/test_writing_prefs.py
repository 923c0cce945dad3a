"""A writer's editor preferences: the round trip, partial changes, the refusal of bad values
(nothing stored), the fallback for stored values that no longer read, and the state's handler
as a browser tab calls it (one writer's choice is theirs alone; a visitor changes nothing)."""

from __future__ import annotations

import json
import logging

import pytest

from tests.factories import make_writer
from writers_app import db as db_module
from writers_app.models import User
from writers_app.services import writing_prefs as prefs
from writers_app.services.errors import NotFound, ServiceError
from writers_app.state.writing_prefs import WritingPrefsState


def _stored(user_id):
    with db_module.session_scope() as session:
        raw = session.get(User, user_id).writing_prefs
    return None if raw is None else json.loads(raw)


def test_defaults_are_among_the_choices_and_none_reads_as_them():
    for name, value in prefs.DEFAULT_PREFS.to_dict().items():
        assert value in prefs.CHOICES[name]
    assert prefs.read_prefs(None) == prefs.DEFAULT_PREFS


def test_a_change_round_trips_and_keeps_the_other_choices(db, settings):
    writer = make_writer(db, settings)
    assert prefs.get_prefs(session=db, user_id=writer.id) == prefs.DEFAULT_PREFS
    assert writer.writing_prefs is None  # nothing stored until the writer chooses
    prefs.save_prefs(session=db, user_id=writer.id, changes={"font": "serif", "size": 22})
    saved = prefs.save_prefs(session=db, user_id=writer.id, changes={"width": "narrow"})
    assert saved == prefs.WritingPrefs(font="serif", size=22, width="narrow", typewriter="focus")
    db.commit()
    db.expire_all()
    assert prefs.get_prefs(session=db, user_id=writer.id) == saved
    assert json.loads(db.get(User, writer.id).writing_prefs) == saved.to_dict()


@pytest.mark.parametrize("changes, code", [
    ({"size": 19}, "prefs.invalid"), ({"size": "20"}, "prefs.invalid"), ({"size": True}, "prefs.invalid"),
    ({"font": "Comic Sans"}, "prefs.invalid"), ({"width": None}, "prefs.invalid"),
    ({"typewriter": "sometimes"}, "prefs.invalid"), ({"colour": "red"}, "prefs.unknown"),
    ({"font": "serif", "size": 400}, "prefs.invalid"),
])
def test_a_value_outside_the_choices_is_refused_and_nothing_is_stored(db, settings, changes, code):
    writer = make_writer(db, settings)
    prefs.save_prefs(session=db, user_id=writer.id, changes={"size": 20})
    before = db.get(User, writer.id).writing_prefs
    with pytest.raises(ServiceError) as refused:
        prefs.save_prefs(session=db, user_id=writer.id, changes=changes)
    assert refused.value.code == code
    assert db.get(User, writer.id).writing_prefs == before


def test_an_unknown_user_is_not_found(db):
    with pytest.raises(NotFound):
        prefs.get_prefs(session=db, user_id=987654)
    with pytest.raises(NotFound):
        prefs.save_prefs(session=db, user_id=987654, changes={"size": 20})


@pytest.mark.parametrize("raw, expected", [
    ("{not json", prefs.DEFAULT_PREFS), ("[]", prefs.DEFAULT_PREFS), ('"serif"', prefs.DEFAULT_PREFS),
    (json.dumps({"font": "serif", "size": 99, "gone": 1}), prefs.WritingPrefs(font="serif")),
])
def test_stored_values_that_no_longer_read_fall_back_and_say_so(raw, expected, caplog):
    with caplog.at_level(logging.WARNING, logger="writers_app.services.writing_prefs"):
        assert prefs.read_prefs(raw, user_id=42) == expected
    assert any(getattr(r, "user_id", None) == 42 for r in caplog.records)


def test_the_handler_saves_for_the_signed_in_writer_only(signed_in, settings):
    with db_module.session_scope() as session:
        a, b = make_writer(session, settings).id, make_writer(session, settings).id
    tab = signed_in(WritingPrefsState, a)
    WritingPrefsState.load.fn(tab)
    assert (tab.font, tab.size, tab.width, tab.typewriter) == ("sans", "18", "wide", "focus")
    WritingPrefsState.choose.fn(tab, "size", "24")  # radio values arrive as strings
    WritingPrefsState.choose.fn(tab, "font", "serif")
    assert tab.prefs_notice == "prefs.saved" and tab.prefs_error == ""
    assert (tab.font, tab.size) == ("serif", "24")
    assert _stored(a) == {"font": "serif", "size": 24, "width": "wide", "typewriter": "focus"}
    assert _stored(b) is None

    WritingPrefsState.choose.fn(tab, "size", "۲۴")  # only the offered values: a refusal, shown
    assert tab.prefs_error == "prefs.invalid" and tab.size == "24"
    WritingPrefsState.choose.fn(tab, "password_hash", "x")
    assert tab.prefs_error == "prefs.unknown"
    assert _stored(a)["size"] == 24

    reopened = signed_in(WritingPrefsState, a)  # a new tab shows what was saved
    WritingPrefsState.load.fn(reopened)
    assert (reopened.font, reopened.size) == ("serif", "24")


def test_a_visitor_changes_nothing(signed_in, settings):
    with db_module.session_scope() as session:
        writer = make_writer(session, settings).id
    visitor = signed_in(WritingPrefsState)
    WritingPrefsState.load.fn(visitor)
    assert WritingPrefsState.choose.fn(visitor, "size", "24") is not None  # sent to the login page
    assert _stored(writer) is None
