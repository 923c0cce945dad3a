"""The README's "add a check" example works as written and shows up in the analysis."""

import re
import textwrap
from pathlib import Path

from writers_app.analysis import analyse_text, unregister_check

README = Path(__file__).resolve().parents[2] / "README.md"


def _check_block() -> str:
    return textwrap.dedent(re.search(r"An analysis check:.*?```python\n(.*?)```", README.read_text(), re.S).group(1))


def test_the_readme_check_example_registers_and_reports_in_both_languages():
    from writers_app.analysis import ANALYSIS_MESSAGES, describe, registered_checks
    from writers_app.pages.editor.analysis_rows import display_rows

    text = "Wow!! This is great. Calm sentence here."
    try:
        for _ in range(2):  # a module run twice (a reload, a second test run) replaces its check
            exec(_check_block(), {"__name__": "readme_check"})  # noqa: S102 - our own README
        assert [c.id for c in registered_checks()].count("en.exclamations") == 1
        result = analyse_text(text)
        finding = next(f for f in result.findings if f.check_id == "en.exclamations")
        assert any(c.check_id == "en.exclamations" and c.count == 1 for c in result.checks)
        assert describe(finding.message, finding.params, "en") == "2 “!” in one sentence: one is enough."
        assert describe(finding.message, finding.params, "fa") == "2 «!» در یک جمله: یکی بس است."
        shown = display_rows(result.model_dump(), text=text, block_texts=[text], stale=False)
        row = next(r for r in shown.findings if r.check == "en.exclamations")
        assert (row.notes[0].title_en, row.notes[0].title_fa) == ("Too many exclamation marks", "علامت تعجب زیاد")
    finally:
        unregister_check("en.exclamations")
    assert "analysis.en.exclamations" not in ANALYSIS_MESSAGES  # unregistering takes its messages too
    assert "analysis.check.en.exclamations" not in ANALYSIS_MESSAGES


def test_another_function_under_a_taken_id_or_a_taken_message_key_is_refused():
    import pytest

    from writers_app.analysis import register_check

    try:
        exec(_check_block(), {"__name__": "readme_check"})  # noqa: S102 - our own README
        with pytest.raises(ValueError, match="already registered"):
            register_check("en.exclamations", title="analysis.check.en.adverbs")(lambda doc: [])
        with pytest.raises(ValueError, match="other text"):
            register_check("en.other", title="analysis.check.en.adverbs",
                           messages={"analysis.en.exclamations": ("Else", "دیگر")})(lambda doc: [])
        with pytest.raises(ValueError, match="both English and Persian"):
            register_check("en.other", title="analysis.check.en.adverbs",
                           messages={"analysis.en.other": ("Only English", "")})(lambda doc: [])
    finally:
        unregister_check("en.exclamations")
        unregister_check("en.other")


def test_the_readme_page_example_registers_a_page_whose_handler_checks_the_writer(signed_in, settings):
    from tests.factories import make_task, make_writer
    from writers_app.components.pages import NAV, PAGES
    from writers_app.db import session_scope

    block = re.search(r"A new page:.*?```python\n(.*?)```", README.read_text(), re.S).group(1)
    namespace: dict = {"__name__": "readme_stats_page"}
    exec(textwrap.dedent(block), namespace)  # noqa: S102 - our own README
    try:
        stats = next(p for p in PAGES if p.route == "/stats")
        assert stats.access == "writers" and [e.route for e in NAV].count("/stats") == 1
        assert namespace["stats_page"]() is not None  # it draws
        state_class = namespace["StatsState"]
        with session_scope() as session:
            writer = make_writer(session, settings)
            make_task(session, writer, title="One")
            make_task(session, writer, title="Two")
        state = signed_in(state_class, writer)
        assert state_class.load.fn(state) is None and state.pieces == 2
        visitor = signed_in(state_class)
        assert state_class.load.fn(visitor) is not None and visitor.pieces == 0  # sent to /login
    finally:
        PAGES[:] = [p for p in PAGES if p.route != "/stats"]
        NAV[:] = [e for e in NAV if e.route != "/stats"]


def test_the_readme_handler_test_example_passes_as_written(signed_in, settings):
    block = re.search(r"\*\*Tests:\*\*.*?```python\n(.*?)```", README.read_text(), re.S).group(1)
    namespace: dict = {"__name__": "readme_handler_test"}
    exec(textwrap.dedent(block), namespace)  # noqa: S102 - our own README
    tests = [name for name in namespace if name.startswith("test_")]
    assert tests == ["test_the_dashboard_lists_only_the_writers_own_pieces"]
    namespace[tests[0]](signed_in=signed_in, settings=settings)
