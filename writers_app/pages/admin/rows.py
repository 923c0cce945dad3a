"""The rows the admin pages show, built from what the services return (no Reflex here)."""

from __future__ import annotations

from dataclasses import dataclass

DETAIL_CHARS = 4000  # the end of a traceback is the part that says what went wrong


@dataclass
class UserRow:
    id: int
    email: str
    name: str
    role: str
    active: bool
    created: str
    last_login: str


@dataclass
class AuditRow:
    id: int
    at: str
    action: str
    actor: str
    target: str
    ip: str
    detail: str


@dataclass
class TaskRow:
    id: int
    title: str
    owner: str
    status: str
    words: int
    updated: str
    reason: str
    detail: str
    attempts: int


@dataclass
class QueueRow:
    name: str
    depth: int


@dataclass
class WorkerRow:
    name: str
    seen: str
    mode: str


@dataclass
class CheckRow:
    name: str
    ok: bool
    detail: str
    ms: str


@dataclass
class NameValue:
    name: str
    value: str


def user_row(user) -> UserRow:  # noqa: ANN001  (a UserPublic)
    return UserRow(id=user.id, email=user.email, name=user.display_name, role=user.role, active=bool(user.is_active),
                   created=user.created_at.isoformat(),
                   last_login=user.last_login_at.isoformat() if user.last_login_at else "")


def audit_row(event) -> AuditRow:  # noqa: ANN001  (an AuditEventPublic)
    return AuditRow(id=event.id, at=event.created_at.isoformat(), action=event.action,
                    actor=str(event.actor_id or ""), target=str(event.target_user_id or ""), ip=event.ip,
                    detail=", ".join(f"{k}={v}" for k, v in sorted(event.detail.items())))


def task_row(task) -> TaskRow:  # noqa: ANN001  (a services.admin.AdminTask)
    return TaskRow(id=task.id, title=task.title, owner=task.owner_email, status=task.status, words=task.word_count,
                   updated=task.updated_at.isoformat(), reason=task.failure_reason,
                   detail=task.failure_detail[-DETAIL_CHARS:], attempts=task.attempts)


def worker_row(worker: dict) -> WorkerRow:
    return WorkerRow(name=worker["name"], seen=worker["seen_at"].isoformat(), mode=str(worker.get("mode", "")))


def check_row(check) -> CheckRow:  # noqa: ANN001  (a services.health.Check)
    return CheckRow(name=check.name, ok=bool(check.ok), detail=check.detail, ms=f"{check.ms:.1f}")
