"""Tasks: every query is scoped to its owner here, so no caller can forget it."""

from __future__ import annotations

from sqlmodel import Session, col, select

from writers_app.models import Task, TaskPublic


def list_recent_tasks(*, session: Session, owner_id: int, limit: int = 20) -> list[TaskPublic]:
    rows = session.exec(
        select(Task)
        .where(Task.owner_id == owner_id)
        .order_by(col(Task.updated_at).desc(), col(Task.id).desc())
        .limit(limit)
    ).all()
    return [TaskPublic.model_validate(row, from_attributes=True) for row in rows]
