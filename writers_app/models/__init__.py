"""SQLModel tables and their Create/Public families; importing this registers every table."""

from writers_app.models.api_token import ApiToken, ApiTokenPublic, TokenScope
from writers_app.models.audit import AuditEvent, AuditEventPublic
from writers_app.models.dictionary import PersonalWord
from writers_app.models.system import Heartbeat
from writers_app.models.task_save import TaskSave
from writers_app.models.profile import DataExport, DataExportPublic, EmailChangeToken, ExportStatus
from writers_app.models.session import PasswordResetToken, SessionPublic, UserSession
from writers_app.models.task import (
    RevisionPublic, RevisionReason, Task, TaskCreate, TaskAnalysis, TaskDetail, TaskFile, TaskPublic, TaskRevision, TaskStatus,
    TrashedTaskPublic,
    WritingDay,
)
from writers_app.models.webhook import DeliveryPublic, Webhook, WebhookDelivery, WebhookPublic
from writers_app.models.user import Language, Role, Theme, User, UserCreate, UserPublic

__all__ = [
    "ApiToken", "ApiTokenPublic", "TokenScope",
    "Heartbeat",
    "DataExport", "DataExportPublic", "EmailChangeToken", "ExportStatus",
    "AuditEvent", "AuditEventPublic",
    "DeliveryPublic", "Webhook", "WebhookDelivery", "WebhookPublic",
    "Language", "PasswordResetToken", "PersonalWord", "RevisionPublic", "RevisionReason", "Role", "SessionPublic", "Task",
    "TaskAnalysis", "TaskCreate", "TaskDetail", "TaskFile", "TaskPublic", "TaskRevision", "TaskSave", "TaskStatus", "Theme",
    "TrashedTaskPublic", "User", "UserCreate",
    "UserPublic", "UserSession", "WritingDay",
]
