"""Recording and reading the audit log. Services call `record` themselves, so actions through
the UI, the API or the CLI are all logged the same way."""

from __future__ import annotations

import logging

from sqlmodel import Session, col, or_, select

from writers_app.models import AuditEvent, AuditEventPublic, UserPublic
from writers_app.services.access import require_admin

log = logging.getLogger(__name__)

ACTIONS = (
    "auth.login", "auth.login_failed", "auth.logout", "auth.registered", "auth.password_changed",
    "auth.reset_requested", "auth.password_reset", "auth.lockout", "admin.user_deactivated", "admin.user_reactivated",
    "admin.role_changed", "admin.reset_forced", "admin.task_deleted", "admin.task_requeued",
    "api.token_created", "api.token_revoked", "api.tokens_revoked", "auth.register_attempt_on_taken_email",
    "trash.purged",
    "profile.email_change_requested", "profile.email_changed", "profile.export_requested", "account.deleted",
)


def record(session: Session, *, action: str, actor_id: int | None = None, target_user_id: int | None = None,
           ip: str = "", **detail) -> None:
    """Add one event to the caller's transaction (it commits or rolls back with the action)."""
    session.add(AuditEvent(action=action, actor_id=actor_id, target_user_id=target_user_id, ip=(ip or "")[:45],
                           detail={k: v for k, v in detail.items() if v is not None}))
    log.info("audit", extra={"action": action, "actor_id": actor_id, "target_user_id": target_user_id})


def list_events(*, session: Session, actor: UserPublic | None, action: str | None = None,
                user_id: int | None = None, before_id: int | None = None, limit: int = 50) -> list[AuditEventPublic]:
    """Newest first, keyset-paginated on id; admins only."""
    require_admin(actor)
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if user_id:
        stmt = stmt.where(or_(AuditEvent.actor_id == user_id, AuditEvent.target_user_id == user_id))
    if before_id:
        stmt = stmt.where(col(AuditEvent.id) < before_id)
    rows = session.exec(stmt.order_by(col(AuditEvent.id).desc()).limit(min(max(limit, 1), 200))).all()
    return [AuditEventPublic.model_validate(r, from_attributes=True) for r in rows]
