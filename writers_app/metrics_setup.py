"""Multiprocess metrics set-up; must not import prometheus_client (it reads the variable
at import time)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_DIR_PREFIX = "writers-metrics-"


def prepare_multiprocess_dir() -> None:
    """In the process that starts the server (before its workers exist): a fresh, empty
    directory for this server's metric files, inherited by every worker through the
    environment. Workers find the variable already set and leave it alone."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    base = Path(tempfile.gettempdir())
    for stale in base.glob(f"{_DIR_PREFIX}*"):  # left by servers that are gone
        pid = stale.name.removeprefix(_DIR_PREFIX)
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    path = base / f"{_DIR_PREFIX}{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True




# prometheus_client is imported inside these two on purpose: this module is imported by
# rxconfig.py before the multiprocess directory is set, and the client reads it on import.
def multiprocess_mode() -> bool:
    """Whether this process records into the shared files (decided when prometheus_client
    was first imported, which is what counts, not the variable now)."""
    from prometheus_client import values

    return "Mmap" in values.ValueClass.__name__ or "MultiProcess" in values.ValueClass.__name__


def process_exited() -> None:
    """Called when a server worker stops: its live gauges no longer count."""
    if multiprocess_mode():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())
