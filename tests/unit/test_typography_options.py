"""A writer's typography options: the round trip, the fallback for stored values that no longer
read, the refusal of bad ones, and that the analysis (hence the editor's fixes) follows the
owner's stored options and no one else's."""

from __future__ import annotations

import json
import logging

import pytest

from tests.factories import make_task, make_writer
from writers_app import db as db_module
from writers_app.analysis import DEFAULT_OPTIONS, TypographyOptions, apply_fixes, fix_all
from writers_app.analysis.models import Finding
from writers_app.analysis.options import options_from_dict
from writers_app.models import TaskAnalysis, User
from writers_app.services import processing, typography
from writers_app.services.errors import ServiceError

ZWNJ = "\u200c"
TEXT = "این خانه ی من است -- و آن کتاب ها!!!"
HAMZA, YEH = "خانهٔ من", f"خانه{ZWNJ}ی من"
CUSTOM = TypographyOptions(heh_yeh="yeh", decimal_separator=".", thousands_separator=False, collapse_marks=False,
                           convert_dates=True, disabled=frozenset({"fa.dashes", "fa.ellipsis"}))


def test_options_round_trip_through_a_dict_and_json():
    for options in (DEFAULT_OPTIONS, CUSTOM):
        data = json.loads(json.dumps(options.to_dict()))
        assert options_from_dict(data) == (options, [])
        assert typography.read_options(typography.options_json(options)) == options
    assert CUSTOM.to_dict()["disabled"] == ["fa.dashes", "fa.ellipsis"]  # sorted: one JSON per choice


def test_a_missing_field_is_its_default_and_a_bad_one_is_reported():
    assert options_from_dict({"heh_yeh": "yeh"}) == (TypographyOptions(heh_yeh="yeh"), [])
    options, problems = options_from_dict({"heh_yeh": "kasra", "decimal_separator": ",", "collapse_marks": 1,
                                           "disabled": "fa.dashes", "colour": "red"})
    assert options == DEFAULT_OPTIONS
    assert sorted(problems) == ["collapse_marks", "colour", "decimal_separator", "disabled", "heh_yeh"]
    assert options_from_dict([1, 2]) == (DEFAULT_OPTIONS, ["*"])
    assert options_from_dict({"disabled": ["fa.dashes", "<script>"]})[1] == ["disabled"]


@pytest.mark.parametrize("raw", ["{not json", "[]", '"yeh"', json.dumps({"heh_yeh": 7})])
def test_garbage_stored_options_fall_back_to_the_defaults_and_say_so(raw, caplog):
    with caplog.at_level(logging.WARNING, logger="writers_app.services.typography"):
        assert typography.read_options(raw, user_id=42) == DEFAULT_OPTIONS
    assert any(getattr(r, "user_id", None) == 42 for r in caplog.records)


def test_a_stored_family_since_removed_is_dropped_the_rest_kept(caplog):
    raw = json.dumps({"heh_yeh": "yeh", "disabled": ["fa.dashes", "fa.gone_rule"]})
    with caplog.at_level(logging.WARNING, logger="writers_app.services.typography"):
        options = typography.read_options(raw, user_id=7)
    assert options == TypographyOptions(heh_yeh="yeh", disabled=frozenset({"fa.dashes"}))
    assert any(getattr(r, "unknown_checks", None) == ["fa.gone_rule"] for r in caplog.records)


def test_the_families_are_the_typography_checks_with_titles():
    families = typography.typography_families()
    ids = [f.id for f in families]
    assert "fa.ezafe" in ids and "fa.dashes" in ids and "en.adverbs" not in ids
    assert all(f.title.startswith("analysis.check.") for f in families)


@pytest.fixture
def writers(app_db, settings):
    """Writer A, who wants «ه‌ی» and no dash rule, and writer B on the defaults; a piece each."""
    with db_module.session_scope() as session:
        a, b = make_writer(session, settings).id, make_writer(session, settings).id
        typography.save_options(session=session, user_id=a,
                                options=TypographyOptions(heh_yeh="yeh", disabled=frozenset({"fa.dashes"})))
        tasks = {who: make_task(session, who, body_html=f"<p>{TEXT}</p>").id for who in (a, b)}
    return a, b, tasks


def _stored_options(user_id):
    with db_module.session_scope() as session:
        return session.get(User, user_id).typography_options


def test_saving_refuses_unknown_families_and_bad_values_and_keeps_what_was_there(writers):
    a, _b, _tasks = writers
    before = _stored_options(a)
    for options, code in (({"disabled": ["fa.no_such_rule"]}, "typography.unknown_check"),
                          ({"disabled": ["en.adverbs"]}, "typography.unknown_check"),  # not a typography family
                          ({"heh_yeh": "ye"}, "typography.invalid"),
                          ({"convert_dates": "yes"}, "typography.invalid"),
                          ({"colour": "red"}, "typography.invalid")):
        with pytest.raises(ServiceError) as caught, db_module.session_scope() as session:
            typography.save_options(session=session, user_id=a, options=options)
        assert caught.value.code == code
    assert _stored_options(a) == before and json.loads(before)["heh_yeh"] == "yeh"


def _analyse(task_id, settings) -> TaskAnalysis:
    processing.run_task(task_id, settings=settings)
    with db_module.session_scope() as session:
        return session.get(TaskAnalysis, task_id)


def _fixes(analysis: TaskAnalysis) -> list[Finding]:
    return [Finding.model_validate(f) for f in analysis.result["findings"] if f.get("replacement") is not None]


def test_the_analysis_follows_each_owners_stored_options(writers, settings):
    a, b, tasks = writers
    mine, theirs = _analyse(tasks[a], settings), _analyse(tasks[b], settings)
    # What the editor's "fix all" applies is exactly the stored fixes.
    fixed_a, fixed_b = apply_fixes(TEXT, _fixes(mine)), apply_fixes(TEXT, _fixes(theirs))
    assert YEH in fixed_a and HAMZA not in fixed_a
    assert HAMZA in fixed_b and YEH not in fixed_b
    assert "--" in fixed_a and "--" not in fixed_b  # A switched the dash family off
    assert not any(f.check_id == "fa.dashes" for f in _fixes(mine))
    assert fixed_b == fix_all(TEXT) and fix_all(TEXT, typography.read_options(_stored_options(a))) == fixed_a
    assert typography.read_options(mine.options) == typography.read_options(_stored_options(a))


def test_changing_options_makes_the_analysis_stale_until_run_again(writers, settings):
    a, b, tasks = writers
    first = _analyse(tasks[a], settings)
    with db_module.session_scope() as session:
        assert not processing.analysis_is_stale(session=session, owner_id=a, task_id=tasks[a], analysis=first)
        typography.save_options(session=session, user_id=a, options=DEFAULT_OPTIONS)
    with db_module.session_scope() as session:
        assert processing.analysis_is_stale(session=session, owner_id=a, task_id=tasks[a], analysis=first)
        with pytest.raises(ServiceError):  # someone else's piece: not found
            processing.analysis_is_stale(session=session, owner_id=b, task_id=tasks[a], analysis=first)
        processing.request_analysis(session=session, owner_id=a, task_ids=[tasks[a]])
    again = _analyse(tasks[a], settings)
    assert HAMZA in apply_fixes(TEXT, _fixes(again))
    with db_module.session_scope() as session:
        assert not processing.analysis_is_stale(session=session, owner_id=a, task_id=tasks[a], analysis=again)


def test_a_redelivered_job_after_an_options_change_analyses_again(writers, settings):
    a, _b, tasks = writers
    _analyse(tasks[a], settings)
    assert YEH in apply_fixes(TEXT, _fixes(_analyse(tasks[a], settings)))  # nothing changed: kept as it was
    with db_module.session_scope() as session:
        typography.save_options(session=session, user_id=a, options={"heh_yeh": "hamza"})
    assert HAMZA in apply_fixes(TEXT, _fixes(_analyse(tasks[a], settings)))
