"""SQLModel tables and their Create/Public families; importing this registers every table."""

from writers_app.models.session import PasswordResetToken, SessionPublic, UserSession
from writers_app.models.task import Task, TaskCreate, TaskPublic, TaskStatus
from writers_app.models.user import Language, Role, User, UserCreate, UserPublic

__all__ = [
    "Language", "PasswordResetToken", "Role", "SessionPublic", "Task", "TaskCreate", "TaskPublic",
    "TaskStatus", "User", "UserCreate", "UserPublic", "UserSession",
]
