"""The "export everything" card: start the job, watch its progress move (polled, like the
editor's analysis), then a download link for the owner until the zip expires."""

from __future__ import annotations

import asyncio

import reflex as rx

from writers_app import routes
from writers_app.components.dates import local_date_span, local_number, local_percent
from writers_app.components.layout import card
from writers_app.db import session_scope
from writers_app.models import DataExportPublic
from writers_app.services import exports as export_service
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import t

POLL_SECONDS = 0.5
POLL_LIMIT = 3600  # half an hour of watching; a reload starts again
_PENDING = ("queued", "running")


class ExportState(rx.State):
    export_status: str = ""  # "", queued, running, done, failed, expired
    export_progress: int = 0
    export_pieces: int = 0
    export_link: str = ""  # the owner's download route; the route checks the owner again
    export_expires: str = ""
    export_failure: str = ""
    _watching: bool = False

    def _show(self, export: DataExportPublic | None) -> None:
        self.export_status = export.status if export else ""
        self.export_progress = export.progress if export else 0
        self.export_pieces = export.pieces if export else 0
        self.export_failure = export.failure_reason if export else ""
        self.export_expires = export.expires_at.isoformat() if export and export.expires_at else ""
        self.export_link = routes.export_download_url(export.id) if export and export.status == "done" else ""

    def _refresh(self, user_id: int) -> None:
        with session_scope() as session:
            self._show(export_service.latest_export(session=session, user_id=user_id))

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self._refresh(ctx.user.id)
        return ExportState.watch if self.export_status in _PENDING else None

    @rx.event
    def start(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        with session_scope() as session:
            export = export_service.request_export(session=session, user_id=ctx.user.id,
                                                   ip=self.router.session.client_ip or "")
        self._show(export)
        return ExportState.watch

    @rx.event(background=True)
    async def watch(self):
        """Poll the export's progress until it is done or failed; the bar moves live."""
        async with self:
            if self._watching:
                return
            self._watching = True
            ctx = auth_context(self)
        try:
            for _ in range(POLL_LIMIT):
                if ctx is None:
                    return
                await asyncio.sleep(POLL_SECONDS)
                async with self:
                    self._refresh(ctx.user.id)
                    if self.export_status not in _PENDING:
                        return
        finally:
            async with self:
                self._watching = False


def export_card() -> rx.Component:
    pending = (ExportState.export_status == "queued") | (ExportState.export_status == "running")
    return card(
        rx.heading(t("profile.export_title"), size="4"),
        rx.text(t("profile.export_intro"), size="2", color_scheme="gray", margin_y="0.5rem"),
        rx.cond(
            pending,
            rx.vstack(
                rx.progress(value=ExportState.export_progress, max=100, id="export-progress"),
                rx.text(t(rx.cond(ExportState.export_status == "queued", "profile.export_queued",
                                  "profile.export_running")), " ", local_percent(ExportState.export_progress),
                        size="1", color_scheme="gray"),
                width="100%", spacing="1",
            ),
        ),
        rx.cond(ExportState.export_status == "done", rx.callout(
            rx.vstack(
                rx.text(t("profile.export_done").replace("{n}", local_number(ExportState.export_pieces))),
                rx.text(t("profile.export_until"), " ", local_date_span(ExportState.export_expires, with_time=True),
                        size="1"),
                # A React Router link unless `reloadDocument`: the browser must really request the zip.
                rx.el.a(rx.icon("download", size=16), t("profile.export_download"), href=ExportState.export_link,
                        download="", id="export-download", class_name="export-download",
                        custom_attrs={"reloadDocument": True}),
                spacing="1",
            ),
            icon="circle_check", color_scheme="green", width="100%", id="export-done")),
        rx.cond(ExportState.export_status == "failed",
                rx.callout(t("profile.export_failed"), icon="triangle_alert", color_scheme="red", width="100%",
                           id="export-failed")),
        rx.cond(ExportState.export_status == "expired",
                rx.text(t("profile.export_expired"), size="2", color_scheme="gray", id="export-expired")),
        rx.button(rx.icon("archive", size=16), t("profile.export_button"), on_click=ExportState.start,
                  disabled=pending | ~rx.State.is_hydrated, size="3", margin_top="0.75rem",
                  id="export-start"),
        id="export-card",
        custom_attrs={"data-status": ExportState.export_status},
    )
