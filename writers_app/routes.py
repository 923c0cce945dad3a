"""Route constants and URL builders, so pages, redirects and tests agree on URLs.

The builders take a plain value or a Reflex var: an f-string over a var stays a var in the page.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

INDEX = "/"
LOGIN = "/login"
REGISTER = "/register"
DASHBOARD = "/dashboard"
SETTINGS = "/settings"
PROFILE = "/profile"
CONFIRM_EMAIL = "/confirm-email"
FORGOT_PASSWORD = "/forgot-password"
RESET_PASSWORD = "/reset-password"
ADMIN = "/admin"
EDITOR = "/tasks/[task_id]"
WEBHOOKS = "/webhooks"
TRASH = "/trash"
ADMIN_AUDIT = "/admin/audit"
ADMIN_TASKS = "/admin/tasks"
ADMIN_JOBS = "/admin/jobs"
ADMIN_SYSTEM = "/admin/system"
API_DOCS = "/api/docs"
NOT_FOUND = "404"  # Reflex's slug for the page any unknown path shows
# The browser's auth form posts (writers_app/api/auth.py), which set or clear the HttpOnly cookie.
AUTH_LOGIN = "/api/auth/login"
AUTH_REGISTER = "/api/auth/register"
LOGOUT = "/api/auth/logout"
DELETE_ACCOUNT = "/api/profile/delete"
DEFAULT_AFTER_LOGIN = DASHBOARD


def editor_url(task_id: int) -> str:
    return f"/tasks/{task_id}"


def editor_body_url(task_id: int) -> str:
    """Where the editor loads a piece's body over HTTP."""
    return f"/api/editor/tasks/{task_id}/body"


def editor_export_url(task_id: int, fmt: str) -> str:
    return f"/api/editor/tasks/{task_id}/export/{fmt}"


def export_download_url(export_id: int) -> str:
    """Where the owner downloads a finished "export everything" zip."""
    return f"/api/profile/exports/{export_id}/download"


def login_url(next_path: str) -> str:
    """/login, coming back to `next_path` afterwards."""
    return f"{LOGIN}?next={quote(next_path, safe='')}"


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything else (other hosts, odd schemes) is refused."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return DEFAULT_AFTER_LOGIN
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ch in target for ch in "\r\n\t"):
        return DEFAULT_AFTER_LOGIN
    if parts.path.startswith(("/login", "/register", "/api/")):
        return DEFAULT_AFTER_LOGIN
    return target


def page_url(path: str, **params: str) -> str:
    params = {k: v for k, v in params.items() if v}
    return f"{path}?{urlencode(params)}" if params else path
