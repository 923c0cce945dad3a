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
