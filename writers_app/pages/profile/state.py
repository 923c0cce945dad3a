"""The profile page's own state: the display name and the e-mail change (the language switch is
I18nState's, which stores the choice on the account). Every handler checks the user itself."""

from __future__ import annotations

import asyncio

import reflex as rx

from writers_app.db import session_scope
from writers_app.services import profile as profile_service
from writers_app.services.errors import ServiceError
from writers_app.settings import get_settings
from writers_app.state.auth import AuthState, auth_context, login_redirect

# Only these keys may arrive in the query string (the account-deletion form's answers).
DELETE_ERRORS = {"auth.current_password_wrong", "auth.rate_limited", "profile.last_admin", "auth.request_refused",
                 "error.not_found"}


class ProfileState(rx.State):
    display_name: str = ""
    email: str = ""
    pending_email: str = ""  # an address waiting for its link to be opened
    name_error: str = ""  # message keys, never a password or a token
    name_notice: str = ""
    email_error: str = ""
    email_notice: str = ""
    email_busy: bool = False
    delete_error: str = ""  # the deletion form's answer, from the query string
    # False until the first load: the name field is keyed on display_name, so a name typed into
    # it before then would be replaced when the stored one arrives. It stays read-only till then.
    loaded: bool = False

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self.display_name, self.email, self.loaded = ctx.user.display_name, ctx.user.email, True
        self.name_error = self.name_notice = self.email_error = self.email_notice = ""
        with session_scope() as session:
            self.pending_email = profile_service.pending_email_change(session=session, user_id=ctx.user.id)
        error = self.router.url.query_parameters.get("error", "")
        self.delete_error = error if error in DELETE_ERRORS else ""
        return None

    @rx.event
    def save_name(self, form: dict):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        try:
            with session_scope() as session:
                user = profile_service.set_display_name(session=session, user_id=ctx.user.id,
                                                        display_name=str(form.get("display_name", ""))[:1000])
        except ServiceError as exc:
            self.name_error, self.name_notice = exc.code, ""
            return None
        self.display_name, self.name_error, self.name_notice = user.display_name, "", "profile.name_saved"
        return AuthState.refresh  # the user menu shows the new name at once

    @rx.event(background=True)
    async def change_email(self, form: dict):
        async with self:
            ctx = auth_context(self)
            if ctx is None:
                return login_redirect(self)
            self.email_busy, self.email_error, self.email_notice = True, "", ""
            ip = self.router.session.client_ip or ""
        new_email, password = str(form.get("new_email", ""))[:320], str(form.get("password", ""))

        def work() -> str:
            with session_scope() as session:
                return profile_service.request_email_change(session=session, settings=get_settings(),
                                                            user_id=ctx.user.id, new_email=new_email,
                                                            password=password, ip=ip)

        try:
            pending = await asyncio.to_thread(work)  # bcrypt and SMTP stay off the event loop
        except ServiceError as exc:
            async with self:
                self.email_busy, self.email_error = False, exc.code
            return None
        async with self:
            self.email_busy, self.pending_email, self.email_notice = False, pending, "profile.email_sent"
        return None
