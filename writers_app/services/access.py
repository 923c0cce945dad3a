"""Who may do what, in one place: the checks every service runs before it reads or changes
anything that is not the caller's own. Someone else's row is "not found", never "forbidden",
so a refusal tells nothing about what exists."""

from __future__ import annotations

from sqlmodel import Session, col, select

from writers_app.models import Role, Task, UserPublic
from writers_app.services import saves
from writers_app.services.errors import Forbidden, NotFound


def is_admin(actor: UserPublic | None) -> bool:
    return actor is not None and actor.role == Role.ADMIN and actor.is_active


def require_admin(actor: UserPublic | None) -> UserPublic:
    """The actor, if an active admin; otherwise refused (as not found)."""
    if not is_admin(actor):
        raise Forbidden("error.not_found")
    return actor  # type: ignore[return-value]


def owned_task(session: Session, *, owner_id: int, task_id: int, for_update: bool = False,
               current: bool = True) -> Task:
    """The task, if `owner_id` owns it; someone else's task is not found, like a missing one,
    and so is one in the trash (services.trash reads and restores those). Saves still in the
    save log are folded into it first (services.saves), so its body is the last one acknowledged;
    `current=False` skips that for a caller that only checks ownership or changes no body field."""
    stmt = select(Task).where(Task.id == task_id, Task.owner_id == owner_id, col(Task.deleted_at).is_(None))
    if for_update:
        stmt = stmt.with_for_update()
    task = session.exec(stmt).first()
    if task is None:
        raise NotFound()
    if current and saves.has_pending(session, task.id, task.revision) and saves.fold(session, task.id):
        session.refresh(task)  # the last acknowledged save, whichever instance took it
    return task
