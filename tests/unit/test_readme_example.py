"""The README's "add a check" example works as written and shows up in the analysis."""

import re
import textwrap
from pathlib import Path

from writers_app.analysis import analyse_text, unregister_check

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_check_example_registers_and_reports():
    block = re.search(r"An analysis check:.*?```python\n(.*?)```", README.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(textwrap.dedent(block), namespace)  # noqa: S102 - our own README
    try:
        result = analyse_text("Wow!! This is great. Calm sentence here.")
        assert [f.check_id for f in result.findings if f.check_id == "en.exclamations"] == ["en.exclamations"]
        assert any(c.check_id == "en.exclamations" and c.count == 1 for c in result.checks)
    finally:
        unregister_check("en.exclamations")


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
