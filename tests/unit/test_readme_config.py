"""README's configuration table names each variable once, and the first-run section says how to
pick the port and give the first admin's password without a prompt."""

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _config_rows() -> list[str]:
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


def test_no_variable_has_two_rows():
    names = [name for row in _config_rows() for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])]
    assert len(names) > 20  # the table was found
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_the_first_run_says_how_to_change_the_port_and_pass_the_admin_password():
    first_run = README.split("## Configuration", 1)[0]
    assert "make run PORT=" in first_run
    assert "WRITERS_ADMIN_PASSWORD" in first_run and "--password-stdin" in first_run
    assert "about a minute" not in first_run  # 8.6 minutes were seen on a busy 2-core machine
