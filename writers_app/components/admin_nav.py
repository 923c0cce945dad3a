"""The links between the admin pages."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.state.i18n import t


def admin_nav() -> rx.Component:
    return rx.hstack(
        rx.link(t("admin.users"), href=routes.ADMIN, id="admin-nav-users"),
        rx.link(t("admin.tasks"), href=routes.ADMIN_TASKS, id="admin-nav-tasks"),
        rx.link(t("admin.jobs"), href=routes.ADMIN_JOBS, id="admin-nav-jobs"),
        rx.link(t("admin.system"), href=routes.ADMIN_SYSTEM, id="admin-nav-system"),
        rx.link(t("admin.audit"), href=routes.ADMIN_AUDIT, id="admin-nav-audit"),
        spacing="4", wrap="wrap",
    )
