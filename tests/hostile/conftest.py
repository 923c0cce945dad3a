"""The hostile suite shares the integration fixtures (a PostgreSQL `api` harness) and prints,
at the end of the session, how many hostile inputs each channel tried."""

from __future__ import annotations

from tests.hostile.corpus import COUNTS
from tests.integration.conftest import api  # noqa: F401  (the /api/v1 harness on real PostgreSQL)


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ANN001, ARG001
    if not COUNTS:
        return
    total = sum(COUNTS.values())
    parts = ", ".join(f"{channel} {count}" for channel, count in sorted(COUNTS.items()))
    terminalreporter.write_sep("-", f"hostile inputs tried: {total} ({parts})")
