"""The fault-injection suite: its ledger is printed at the end of the run (and kept in
test-artifacts/reliability-summary.json when that folder exists, as in .ci/run)."""

from __future__ import annotations

import json

from tests.reliability import ledger

# The two-instance fault lives with the scale-out browser test (tests/e2e/test_scale_out.py):
# it is counted here from its report.
INSTANCE_KILL_TEST = "test_scale_out.py::test_a_writer_keeps_writing_when_their_instance_is_killed"


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ANN001, ARG001
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, [])
               if getattr(r, "when", "") == "call" and r.nodeid.endswith(INSTANCE_KILL_TEST)]
    if not ledger.LEDGER.faults and not reports:
        return
    if reports:
        entry = ledger.fault("one of two app instances killed with SIGKILL behind nginx (tests/e2e/test_scale_out.py)")
        if all(r.passed for r in reports):
            entry.ok("the writer's session went on through the survivor; the last acknowledged save is stored")
    terminalreporter.section("fault-injection ledger (tests/reliability)")
    for line in ledger.summary_lines():
        terminalreporter.write_line(line)
    artifacts = config.rootpath / "test-artifacts"
    if artifacts.is_dir():
        (artifacts / "reliability-summary.json").write_text(json.dumps(ledger.LEDGER.as_dict(), indent=2))
