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
class DetailPart:
    """One phrase of an audit event's detail: a translated label and its value, shown as `kind`
    says (`key`: a translation key; `number`, `date`: formatted for the reader; `ltr`: an address
    or code; `text`: the writer's own words)."""
    label: str
    value: str
    kind: str


@dataclass
class AuditRow:
    id: int
    at: str
    action: str
    actor: str  # an e-mail address, or "" for nobody signed in (a failed login)
    target: str
    ip: str
    details: list[DetailPart]


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
    trashed: bool = False


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
    key: str = ""
    alive: int = 0
    seen: int = 0


@dataclass
class NameValue:
    name: str
    value: str


def user_row(user) -> UserRow:  # noqa: ANN001  (a UserPublic)
    return UserRow(id=user.id, email=user.email, name=user.display_name, role=user.role, active=bool(user.is_active),
                   created=user.created_at.isoformat(),
                   last_login=user.last_login_at.isoformat() if user.last_login_at else "")


# How each detail an audit event records is shown: (label key, kind, value key prefix).
_DETAILS = {
    "role": ("audit.d_role", "key", "role."), "before": ("audit.d_before", "key", "role."),
    "after": ("audit.d_after", "key", "role."), "reason": ("audit.d_reason", "key", "audit.reason."),
    "scope": ("audit.d_scope", "key", "audit.scope."), "via": ("audit.d_via", "key", "audit.via."),
    "email": ("audit.d_email", "ltr", ""), "name": ("audit.d_name", "text", ""),
    "count": ("audit.d_count", "number", ""), "minutes": ("audit.d_minutes", "number", ""),
    "token_id": ("audit.d_token", "number", ""), "task_id": ("audit.d_task", "number", ""),
    "expires_at": ("audit.d_expires", "date", ""),
}
_SKIPPED = {"token_ids"}  # the count says it; a list of ids helps nobody reading the log
_ORDER = list(_DETAILS)


def detail_parts(detail: dict) -> list[DetailPart]:
    """An event's detail as readable phrases, in a fixed order; an unknown one as `key=value`."""
    parts = []
    for key in sorted(detail, key=lambda k: (_ORDER.index(k) if k in _ORDER else len(_ORDER), k)):
        value = detail[key]
        if key in _SKIPPED or value in (None, ""):
            continue
        if key in _DETAILS:
            label, kind, prefix = _DETAILS[key]
            parts.append(DetailPart(label=label, value=prefix + str(value) if kind == "key" else str(value), kind=kind))
        else:
            parts.append(DetailPart(label="audit.d_other", value=f"{key}={value}", kind="ltr"))
    return parts


def audit_row(event, emails: dict[int, str]) -> AuditRow:  # noqa: ANN001  (an AuditEventPublic)
    """`emails` names the people by id (services.users.emails_by_id)."""
    def who(user_id: int | None) -> str:
        return emails.get(user_id, f"#{user_id}") if user_id else ""

    return AuditRow(id=event.id, at=event.created_at.isoformat(), action=event.action, actor=who(event.actor_id),
                    target=who(event.target_user_id), ip=event.ip, details=detail_parts(event.detail))


def task_row(task) -> TaskRow:  # noqa: ANN001  (a services.admin.AdminTask)
    return TaskRow(id=task.id, title=task.title, owner=task.owner_email, status=task.status, words=task.word_count,
                   updated=task.updated_at.isoformat(), reason=task.failure_reason,
                   detail=task.failure_detail[-DETAIL_CHARS:], attempts=task.attempts, trashed=task.trashed)


def worker_row(worker: dict) -> WorkerRow:
    return WorkerRow(name=worker["name"], seen=worker["seen_at"].isoformat(), mode=str(worker.get("mode", "")))


def check_row(check) -> CheckRow:  # noqa: ANN001  (a services.health.Check)
    return CheckRow(name=check.name, ok=bool(check.ok), detail=check.detail, ms=f"{check.ms:.1f}",
                    key=check.key, alive=check.alive, seen=check.seen)
