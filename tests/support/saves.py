"""Waiting for the server to fold its save log (writers_app.services.saves) before a test reads
a piece's row: the ack means the save is stored; the body column catches up a second or so later."""

from __future__ import annotations

import time

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from writers_app.models import TaskSave


def wait_folded(engine: Engine, task_ids: list[int], deadline_s: float = 90.0) -> float:
    """Seconds until no save of these tasks is left in the log; AssertionError after the deadline."""
    started = time.monotonic()
    while True:
        with Session(engine) as session:
            left = session.exec(select(TaskSave.task_id).where(col(TaskSave.task_id).in_(task_ids)).limit(1)).first()
        if left is None:
            return time.monotonic() - started
        if time.monotonic() - started > deadline_s:
            raise AssertionError(f"the server did not fold the saves of tasks {task_ids} within {deadline_s} s")
        time.sleep(0.05)
