"""The dashboard's row for one piece, built from a TaskPublic (no Reflex here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from writers_app.models import TaskPublic, TaskStatus


@dataclass
class TaskRow:
    id: int
    title: str
    status: str
    words: int
    goal: int  # 0: no goal
    pct: int  # of the goal, at most 100
    due: str
    overdue: bool
    updated: str
    progress: int
    failure: str  # a translation key, or ""
    stale: bool = False  # analysed, but the text changed since that analysis


def task_row(task: TaskPublic, today: date, analysed_revision: int | None = None) -> TaskRow:
    goal = task.word_goal or 0
    return TaskRow(
        id=task.id, title=task.title, status=task.status, words=task.word_count, goal=goal,
        pct=min(100, round(task.word_count * 100 / goal)) if goal else 0,
        due=task.due_date.isoformat() if task.due_date else "",
        overdue=bool(task.due_date and task.due_date < today and task.status != TaskStatus.ANALYZED),
        updated=task.updated_at.isoformat(), progress=task.progress, failure=task.failure_reason,
        stale=(task.status == TaskStatus.ANALYZED and analysed_revision is not None
               and analysed_revision != task.revision),
    )
