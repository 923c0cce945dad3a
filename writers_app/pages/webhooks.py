"""/webhooks: register URLs to be told when a piece is analysed or fails; see every delivery."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from writers_app import routes
from writers_app.components.dates import local_date
from writers_app.components.forms import field, message, submit_button
from writers_app.components.layout import card, frame, protected
from writers_app.components.pages import NavEntry, page
from writers_app.core.ids import require_id
from writers_app.db import session_scope
from writers_app.services import webhooks as webhook_service
from writers_app.services.errors import ServiceError
from writers_app.settings import get_settings
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import t


@dataclass
class HookRow:
    id: int
    url: str


@dataclass
class DeliveryRow:
    event: str
    status: str  # the receiver's HTTP status, or "" when none came back
    ok: bool
    error: str
    attempt: int
    at: str


class WebhooksState(rx.State):
    hooks: list[HookRow] = []
    deliveries: list[DeliveryRow] = []
    error: str = ""
    notice: str = ""
    # Shown once, right after creation, so the writer can copy it; cleared on the next load.
    new_secret: str = ""

    def _reload(self, owner_id: int) -> None:
        with session_scope() as session:
            hooks = webhook_service.list_webhooks(session=session, owner_id=owner_id)
            log = webhook_service.list_deliveries(session=session, owner_id=owner_id)
        self.hooks = [HookRow(id=h.id, url=h.url) for h in hooks]
        self.deliveries = [DeliveryRow(event=d.event, status=str(d.status_code or ""), ok=bool(d.ok), error=d.error,
                                       attempt=d.attempt, at=d.created_at.isoformat()) for d in log]

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self.error, self.notice, self.new_secret = "", "", ""
        self._reload(ctx.user.id)
        return None

    @rx.event
    def add(self, form: dict):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                _hook, secret = webhook_service.create_webhook(session=session, settings=get_settings(),
                                                               owner_id=ctx.user.id, url=str(form.get("url", "")))
        except ServiceError as exc:
            self.error, self.notice = exc.code, ""
            return None
        self.error, self.notice, self.new_secret = "", "webhook.created", secret
        self._reload(ctx.user.id)
        return None

    @rx.event
    def remove(self, webhook_id: str):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                webhook_service.delete_webhook(session=session, owner_id=ctx.user.id, webhook_id=require_id(webhook_id))
        except ServiceError as exc:  # a bad id (BadId) or someone else's hook: "not found"
            self.error, self.notice = exc.code, ""
            return None
        self._reload(ctx.user.id)
        return None

    @rx.event
    def send_test(self, webhook_id: str):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                webhook_service.test_webhook(session=session, owner_id=ctx.user.id, webhook_id=require_id(webhook_id))
        except ServiceError as exc:
            self.error, self.notice = exc.code, ""
            return None
        self.notice = "webhook.test_sent"
        return None

    @rx.event
    def refresh(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self._reload(ctx.user.id)
        return None


def _hook_row(hook: HookRow) -> rx.Component:
    hook_id = hook.id.to_string()
    return rx.hstack(
        rx.text(hook.url, dir="ltr", class_name="clip-line", flex="1", min_width="0", size="2"),
        rx.button(t("webhook.send_test"), size="1", variant="soft", on_click=WebhooksState.send_test(hook_id),
                  class_name="send-test"),
        rx.button(t("webhook.delete"), size="1", variant="soft", color_scheme="red",
                  on_click=WebhooksState.remove(hook_id), class_name="delete-hook"),
        align="center", width="100%", padding_y="0.4rem", border_bottom="1px solid var(--gray-a4)",
        class_name="hook-row",
    )


def _delivery_row(row: DeliveryRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(local_date(row.at, with_time=True)),
        rx.table.cell(rx.code(row.event)),
        rx.table.cell(row.attempt),
        rx.table.cell(rx.badge(rx.cond(row.status != "", row.status, row.error),
                               color_scheme=rx.cond(row.ok, "green", "red"))),
        class_name="delivery-row",
    )


@page(routes.WEBHOOKS, on_load=WebhooksState.load, nav=NavEntry("nav.webhooks", routes.WEBHOOKS, order=30, element_id="menu-webhooks"))
def webhooks_page() -> rx.Component:
    return frame(protected(rx.vstack(
        rx.heading(t("webhook.title"), size="7"),
        rx.text(t("webhook.intro"), color_scheme="gray"),
        card(
            rx.form(
                rx.vstack(
                    message(WebhooksState.error, id="webhook-error"),
                    message(WebhooksState.notice, kind="success", id="webhook-notice"),
                    rx.cond(WebhooksState.new_secret != "", rx.vstack(
                        rx.text(t("webhook.secret_once"), size="2", weight="medium"),
                        rx.code(WebhooksState.new_secret, id="webhook-secret", dir="ltr"),
                        width="100%")),
                    field("webhook.url", name="url", id="webhook-url", type="url", required=True,
                          placeholder="https://example.com/hooks/writers", ltr=True),
                    submit_button("webhook.add", id="add-webhook"),
                    spacing="3", width="100%",
                ),
                on_submit=WebhooksState.add, reset_on_submit=True, method="post",
            ),
            rx.vstack(rx.foreach(WebhooksState.hooks, _hook_row), spacing="0", width="100%", margin_top="1rem"),
        ),
        card(
            rx.hstack(rx.heading(t("webhook.deliveries"), size="4"), rx.spacer(),
                      rx.icon_button(rx.icon("refresh-cw", size=14), variant="ghost", on_click=WebhooksState.refresh,
                                     id="refresh-deliveries", aria_label=t("webhook.refresh")), width="100%"),
            rx.cond(WebhooksState.deliveries.length() == 0, rx.text(t("webhook.none"), color_scheme="gray", size="2"),
                    rx.table.root(rx.table.body(rx.foreach(WebhooksState.deliveries, _delivery_row)), width="100%")),
            overflow_x="auto",
        ),
        spacing="4", width="100%",
    )), max_width="860px")
