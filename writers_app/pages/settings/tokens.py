"""The API-tokens card: create a personal token (shown once), see and revoke the others."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.components.dates import local_date_span, local_number
from writers_app.components.forms import field, message, submit_button
from writers_app.components.layout import card
from writers_app.core.ids import require_id
from writers_app.core.security import utcnow
from writers_app.db import session_scope
from writers_app.pages.settings.rows import TokenRow, token_row
from writers_app.services import api_tokens as token_service
from writers_app.services.errors import ServiceError
from writers_app.services.sessions import AuthContext
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import t


class ApiTokensState(rx.State):
    pat_rows: list[TokenRow] = []  # personal access tokens: name, scope, dates (never the token)
    pat_error: str = ""
    pat_notice: str = ""
    # Shown once, right after creation, so the writer can copy it; cleared on the next load.
    new_token: str = ""
    copy_done: bool = False  # the copy button was pressed for the token shown

    def _load_tokens(self, ctx: AuthContext) -> None:
        with session_scope() as session:
            rows = token_service.list_tokens(session=session, owner_id=ctx.user.id)
        now = utcnow()
        self.pat_rows = [token_row(r, now) for r in rows]

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self.pat_error = self.pat_notice = self.new_token = ""
        self._load_tokens(ctx)
        return None

    @rx.event
    def create_token(self, form: dict):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            days = int(str(form.get("expires", "0") or "0"))
            with session_scope() as session:
                _row, token = token_service.create_token(
                    session=session, owner_id=ctx.user.id, name=str(form.get("name", "")),
                    scope=str(form.get("scope", "") or "read"), expires_in_days=days,
                    ip=self.router.session.client_ip or "")
        except ValueError:
            self.pat_error, self.pat_notice, self.new_token = "error.bad_input", "", ""
            return None
        except ServiceError as exc:
            self.pat_error, self.pat_notice, self.new_token = exc.code, "", ""
            return None
        self.pat_error, self.pat_notice, self.new_token = "", "settings.token_once", token
        self.copy_done = False
        self._load_tokens(ctx)
        return None

    @rx.event
    def copied(self):
        self.copy_done = self.new_token != ""

    @rx.event
    def revoke_token(self, token_id: str):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                token_service.revoke_token(session=session, owner_id=ctx.user.id, token_id=require_id(token_id),
                                           ip=self.router.session.client_ip or "")
        except ServiceError as exc:  # a bad id (BadId) or someone else's token: "not found"
            self.pat_error, self.pat_notice, self.new_token = exc.code, "", ""
        else:
            self.pat_error, self.pat_notice, self.new_token = "", "settings.token_revoked", ""
        self._load_tokens(ctx)
        return None


def _token_row(row: TokenRow) -> rx.Component:
    return rx.hstack(
        rx.icon("key-round", size=18, color="var(--gray-10)"),
        rx.vstack(
            rx.hstack(
                rx.text(row.name, size="2", weight="medium", dir="auto", class_name="clip-line",
                        custom_attrs={"data-user-content": ""}),
                rx.badge(rx.cond(row.scope == "read", t("settings.scope_read"), t("settings.scope_read_write")),
                         color_scheme=rx.cond(row.scope == "read", "gray", "orange")),
                rx.cond(row.expired, rx.badge(t("settings.token_expired"), color_scheme="red")),
                align="center", spacing="2", wrap="wrap",
            ),
            rx.text(
                rx.el.code(row.prefix, "…", dir="ltr"), " · ",
                rx.cond(row.last_used != "",
                        rx.fragment(t("settings.token_last_used"), " ", local_date_span(row.last_used, with_time=True)),
                        t("settings.token_never_used")),
                rx.cond(row.expires != "",
                        rx.fragment(" · ", t("settings.token_expires"), " ", local_date_span(row.expires))),
                size="1", color_scheme="gray",
            ),
            spacing="1", min_width="0", flex="1",
        ),
        rx.button(t("settings.token_revoke"), size="1", variant="soft", color_scheme="red",
                  on_click=ApiTokensState.revoke_token(row.id.to_string()), class_name="revoke-token"),
        align="center", width="100%", padding_y="0.5rem", border_bottom="1px solid var(--gray-a4)",
        class_name="token-row",
    )


def _new_token() -> rx.Component:
    """The token shown once, with a button that copies it (the clipboard is written in the browser)."""
    return rx.hstack(
        rx.code(ApiTokensState.new_token, id="new-token", dir="ltr", class_name="new-token", flex="1", min_width="0",
                style={"word_break": "break-all", "user_select": "all"}),
        # Two fixed icons, not one named by a var: that would load lucide's DynamicIcon (54 KB).
        rx.button(rx.cond(ApiTokensState.copy_done, rx.icon("check", size=14), rx.icon("copy", size=14)),
                  rx.cond(ApiTokensState.copy_done, t("settings.token_copied"), t("settings.token_copy")),
                  on_click=[rx.set_clipboard(ApiTokensState.new_token), ApiTokensState.copied],
                  type="button", variant="soft", size="2", id="copy-token", aria_live="polite"),
        align="center", width="100%", spacing="2",
    )


def _expiry_label(days: int) -> rx.Var:
    return t("settings.expiry_days").replace("{n}", local_number(rx.Var.create(days)))


def tokens_card() -> rx.Component:
    return card(
        rx.hstack(
            rx.heading(t("settings.api_tokens"), size="4"),
            rx.spacer(),
            rx.link(t("settings.token_docs"), href=routes.API_DOCS, is_external=True, size="2"),
            align="center", width="100%", margin_bottom="0.5rem",
        ),
        rx.text(t("settings.api_tokens_intro"), size="2", color_scheme="gray", margin_bottom="1rem"),
        rx.form(
            rx.vstack(
                message(ApiTokensState.pat_error, id="token-error"),
                message(ApiTokensState.pat_notice, kind="success", id="token-notice"),
                rx.cond(ApiTokensState.new_token != "", _new_token()),
                rx.grid(
                    field("settings.token_name", name="name", id="token-name", required=True, max_length=100),
                    rx.vstack(
                        rx.el.label(t("settings.token_scope"), html_for="token-scope", class_name="field-label"),
                        rx.select.root(
                            rx.select.trigger(id="token-scope", width="100%"),
                            rx.select.content(rx.select.item(t("settings.scope_read"), value="read"),
                                              rx.select.item(t("settings.scope_read_write"), value="read-write")),
                            name="scope", default_value="read", size="3",
                        ),
                        spacing="1", width="100%",
                    ),
                    rx.vstack(
                        rx.el.label(t("settings.token_expiry"), html_for="token-expiry", class_name="field-label"),
                        rx.select.root(
                            rx.select.trigger(id="token-expiry", width="100%"),
                            rx.select.content(
                                rx.select.item(t("settings.expiry_never"), value="0"),
                                *[rx.select.item(_expiry_label(d), value=str(d)) for d in (7, 30, 90, 365)]),
                            name="expires", default_value="90", size="3",
                        ),
                        spacing="1", width="100%",
                    ),
                    columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%",
                ),
                submit_button("settings.create_token", id="create-token"),
                spacing="3", width="100%",
            ),
            on_submit=ApiTokensState.create_token, reset_on_submit=True, method="post",
        ),
        rx.cond(ApiTokensState.pat_rows.length() == 0,
                rx.text(t("settings.tokens_none"), size="2", color_scheme="gray", margin_top="1rem"),
                rx.vstack(rx.foreach(ApiTokensState.pat_rows, _token_row), spacing="0", width="100%",
                          margin_top="1rem")),
    )
