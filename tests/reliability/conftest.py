"""The fault-injection suite: its ledger is printed at the end of the run (and kept in
test-artifacts/reliability-summary.json when that folder exists, as in .ci/run)."""

from __future__ import annotations

import json
import shutil
import time

import pytest
from sqlalchemy import text

from tests.conftest import require_or_skip
from tests.reliability import ledger
from writers_app.db import make_engine

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


# --- the loopback production stack, for the faults that need the real app -------------------

TOOLS = ("nginx", "prometheus", "prometheus-postgres-exporter", "prometheus-redis-exporter", "redis-server", "openssl")


@pytest.fixture(scope="package")
def stack():
    """tests/support/stack.py's stack (private PostgreSQL and Redis, two app instances in Redis
    mode, a worker, nginx), shared by this suite's modules and stopped after them. Its
    PostgreSQL commits synchronously, as production's does (the test clusters default to
    `synchronous_commit = off`, under which an immediate stop may lose acknowledged commits)."""
    from tests.support import stack as stack_module
    from tests.support.pgcluster import bindir

    missing = [t for t in TOOLS if not (shutil.which(t) or shutil.which(t, path="/usr/sbin:/sbin"))]
    if bindir() is None:
        missing.append("PostgreSQL server programs")
    if missing:
        require_or_skip("WRITERS_REQUIRE_SERVICES", f"not installed: {', '.join(missing)} (see .ci/run)")
    started_at = time.monotonic()
    try:
        started = stack_module.start(log=lambda m: print(m, flush=True))
    except RuntimeError as exc:
        if "frontend build failed" not in str(exc):
            raise
        # On a loaded machine the build's prerender step can time out: one more try.
        print(f"frontend build failed once, trying again: {str(exc)[-300:]}", flush=True)
        started = stack_module.start(log=lambda m: print(m, flush=True))
    ledger.figure("stack start-up (s)", time.monotonic() - started_at)
    try:
        engine = make_engine(started.database_url).execution_options(isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("ALTER SYSTEM SET synchronous_commit = on"))
            conn.execute(text("SELECT pg_reload_conf()"))
        engine.dispose()
        yield started
    finally:
        started.stop()
        shutil.rmtree(started.base, ignore_errors=True)


