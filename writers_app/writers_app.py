"""The Reflex app: pages, the HTTP API in front, head scripts. Nothing else lives here."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.api.app import create_api
from writers_app.api.middleware import HttpMiddleware
from writers_app.logs import configure_logging
from writers_app.state.event_timing import timed_event_processing
from writers_app.pages.admin.audit import AdminAuditState, admin_audit_page
from writers_app.pages.admin.jobs import AdminJobsState, admin_jobs_page
from writers_app.pages.admin.system import AdminSystemState, admin_system_page
from writers_app.pages.admin.tasks import AdminTasksState, admin_tasks_page
from writers_app.pages.admin.users import AdminUsersState, admin_page
from writers_app.pages.dashboard.page import dashboard_page
from writers_app.pages.dashboard.state import DashboardState
from writers_app.pages.editor.analysis_panel import AnalysisState
from writers_app.pages.editor.page import editor_page
from writers_app.pages.editor.state import EditorState
from writers_app.pages.index import index_page
from writers_app.pages.login import LoginState, login_page
from writers_app.pages.password_reset import ResetPasswordState, forgot_password_page, reset_password_page
from writers_app.pages.register import RegisterState, register_page
from writers_app.pages.settings.page import settings_page
from writers_app.pages.settings.password import PasswordState
from writers_app.pages.settings.sessions import SessionsState
from writers_app.pages.settings.tokens import ApiTokensState
from writers_app.pages.webhooks import WebhooksState, webhooks_page
from writers_app.settings import get_settings
from writers_app.state.auth import AuthState
from writers_app.websocket import restrict_websocket_origins

configure_logging(get_settings().log_level)
timed_event_processing()

app = rx.App(
    # Direction before the first paint, the language switch, form refills: one static script.
    head_components=[rx.el.script(src="/writers.js")],
    stylesheets=["/styles.css"],
    # Our FastAPI app (the API, auth routes, probes, /metrics) with Reflex mounted inside it,
    # then one middleware around all of it: request ids, access log, metrics, security headers.
    api_transformer=[create_api(), HttpMiddleware],
)
restrict_websocket_origins(app, get_settings())

TITLE = "Writers · نویسندگان"
app.add_page(index_page, route=routes.INDEX, title=TITLE, on_load=AuthState.refresh)
app.add_page(login_page, route=routes.LOGIN, title=TITLE,
             on_load=[AuthState.redirect_if_signed_in, LoginState.load])
app.add_page(register_page, route=routes.REGISTER, title=TITLE,
             on_load=[AuthState.redirect_if_signed_in, RegisterState.load])
app.add_page(forgot_password_page, route=routes.FORGOT_PASSWORD, title=TITLE, on_load=AuthState.refresh)
app.add_page(reset_password_page, route=routes.RESET_PASSWORD, title=TITLE,
             on_load=[AuthState.refresh, ResetPasswordState.load])
app.add_page(dashboard_page, route=routes.DASHBOARD, title=TITLE,
             on_load=[AuthState.require_login, DashboardState.load])
app.add_page(settings_page, route=routes.SETTINGS, title=TITLE,
             on_load=[AuthState.require_login, PasswordState.load, SessionsState.load, ApiTokensState.load])
app.add_page(webhooks_page, route=routes.WEBHOOKS, title=TITLE,
             on_load=[AuthState.require_login, WebhooksState.load])
app.add_page(admin_page, route=routes.ADMIN, title=TITLE,
             on_load=[AuthState.require_login, AdminUsersState.load])
app.add_page(admin_tasks_page, route=routes.ADMIN_TASKS, title=TITLE,
             on_load=[AuthState.require_login, AdminTasksState.load])
app.add_page(admin_jobs_page, route=routes.ADMIN_JOBS, title=TITLE,
             on_load=[AuthState.require_login, AdminJobsState.load])
app.add_page(admin_system_page, route=routes.ADMIN_SYSTEM, title=TITLE,
             on_load=[AuthState.require_login, AdminSystemState.load])
app.add_page(admin_audit_page, route=routes.ADMIN_AUDIT, title=TITLE,
             on_load=[AuthState.require_login, AdminAuditState.load])
app.add_page(editor_page, route=routes.EDITOR, title=TITLE,
             on_load=[AuthState.require_login, EditorState.load, AnalysisState.load])

from workers.embedded import background_processing  # noqa: E402

app.register_lifespan_task(background_processing)
