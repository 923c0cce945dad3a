"""The settings page's typography card as a browser tab calls it, and the editor's fixes that
follow: one writer's choices are saved for them alone, a visitor changes nothing."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_task, make_writer
from tests.support.aio import run as _run
from tests.support.states import tab_state
from writers_app import db as db_module
from writers_app.models import User
from writers_app.pages.editor.analysis_panel import AnalysisState
from writers_app.pages.editor.state import EditorState
from writers_app.pages.settings.typography import FamilyRow, TypographyState
from writers_app.services import processing

ZWNJ = "\u200c"


@pytest.fixture
def two_writers(app_db, settings):
    with db_module.session_scope() as session:
        return make_writer(session, settings).id, make_writer(session, settings).id


def _stored(user_id):
    with db_module.session_scope() as session:
        raw = session.get(User, user_id).typography_options
    return None if raw is None else json.loads(raw)


def test_a_writer_saves_their_choices_and_another_writers_are_untouched(signed_in, two_writers):
    a, b = two_writers
    other = signed_in(TypographyState, b)
    TypographyState.load.fn(other)
    TypographyState.set_decimal_separator.fn(other, ".")
    TypographyState.save.fn(other)  # B keeps «هٔ» but wants a full stop for decimals
    before_b = _stored(b)

    tab = signed_in(TypographyState, a)
    TypographyState.load.fn(tab)
    assert tab.heh_yeh == "hamza" and tab.convert_dates is False and all(f.on for f in tab.families)
    TypographyState.set_heh_yeh.fn(tab, "yeh")
    TypographyState.set_decimal_separator.fn(tab, ".")
    TypographyState.set_switch.fn(tab, "collapse_marks", False)
    TypographyState.set_switch.fn(tab, "convert_dates", True)
    TypographyState.set_family.fn(tab, "fa.dashes", False)
    assert _stored(a) is None  # nothing is stored before Save
    TypographyState.save.fn(tab)
    assert tab.typo_notice == "typography.saved" and tab.typo_error == ""
    assert _stored(a) == {"heh_yeh": "yeh", "decimal_separator": ".", "thousands_separator": True,
                          "collapse_marks": False, "convert_dates": True, "keep_leading_spaces": True,
                          "disabled": ["fa.dashes"]}
    assert _stored(b) == before_b and before_b["heh_yeh"] == "hamza" and before_b["disabled"] == []
    assert before_b["decimal_separator"] == "."

    reopened = signed_in(TypographyState, a)  # a new tab reads what was saved
    TypographyState.load.fn(reopened)
    assert reopened.heh_yeh == "yeh" and reopened.decimal_separator == "." and reopened.convert_dates is True
    assert [f.id for f in reopened.families if not f.on] == ["fa.dashes"]


def test_the_browser_cannot_plant_values_or_names(signed_in, two_writers):
    a, _b = two_writers
    tab = signed_in(TypographyState, a)
    TypographyState.load.fn(tab)
    TypographyState.set_heh_yeh.fn(tab, "kasra")
    TypographyState.set_decimal_separator.fn(tab, ",")
    TypographyState.set_switch.fn(tab, "_keep_leading_spaces", False)  # only the listed switches
    TypographyState.set_switch.fn(tab, "typo_notice", True)
    assert tab.heh_yeh == "hamza" and tab.decimal_separator == "٫" and tab._keep_leading_spaces is True
    TypographyState.set_family.fn(tab, "fa.made_up", False)  # only the listed families
    assert "fa.made_up" not in [f.id for f in tab.families]
    TypographyState.set_family.fn(tab, "fa.ellipsis", False)
    TypographyState.save.fn(tab)
    assert tab.typo_notice == "typography.saved"
    assert _stored(a)["heh_yeh"] == "hamza" and _stored(a)["disabled"] == ["fa.ellipsis"]


def test_a_refused_save_shows_the_reason_and_stores_nothing(signed_in, two_writers):
    a, _b = two_writers
    tab = signed_in(TypographyState, a)
    TypographyState.load.fn(tab)
    tab.families = [*tab.families, FamilyRow("fa.made_up", "x", False)]  # as if a family vanished meanwhile
    TypographyState.save.fn(tab)
    assert tab.typo_error == "typography.unknown_check" and tab.typo_notice == ""
    assert _stored(a) is None


def test_a_visitor_is_sent_to_log_in_and_nothing_is_stored(signed_in, two_writers):
    a, b = two_writers
    tab = signed_in(TypographyState)
    assert TypographyState.load.fn(tab) is not None  # the redirect
    TypographyState.set_heh_yeh.fn(tab, "yeh")
    assert TypographyState.save.fn(tab) is not None
    assert _stored(a) is None and _stored(b) is None


def test_the_editors_fixes_follow_the_signed_in_writers_options(signed_in, two_writers, settings):
    a, _b = two_writers
    with db_module.session_scope() as session:
        task_id = make_task(session, a, body_html="<p>این خانه ی من است.</p>").id
    settings_tab = signed_in(TypographyState, a)
    TypographyState.load.fn(settings_tab)
    TypographyState.set_heh_yeh.fn(settings_tab, "yeh")
    TypographyState.save.fn(settings_tab)
    processing.run_task(task_id, settings=settings)

    editor = signed_in(EditorState, a, params={"task_id": str(task_id)})
    EditorState.load.fn(editor)
    panel = tab_state(editor, AnalysisState)
    _run(AnalysisState.load.fn(panel))
    assert panel.stale is False
    assert [f["replacement"] for f in panel._fix_targets if "ی" in f["replacement"]] == [f"ه{ZWNJ}ی"]
    _run(AnalysisState.fix_all.fn(panel))
    assert f"ه{ZWNJ}ی" in [f["replacement"] for f in panel.command["fixes"]]

    TypographyState.set_heh_yeh.fn(settings_tab, "hamza")  # changed after the analysis
    TypographyState.save.fn(settings_tab)
    _run(AnalysisState.load.fn(panel))
    assert panel.stale is True and panel.fixes == []  # no fix in the old house style is offered
