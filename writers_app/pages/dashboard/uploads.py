"""The dashboard's upload card: drafts stream to private storage, each becoming a queued task."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from writers_app.components.layout import card
from writers_app.core.localize import size
from writers_app.db import session_scope
from writers_app.pages.dashboard.state import PENDING, WATCH_LIMIT, WATCH_SECONDS, DashboardState
from writers_app.services import processing
from writers_app.services import uploads as upload_service
from writers_app.services.errors import ServiceError
from writers_app.settings import get_settings
from writers_app.state.auth import auth_context
from writers_app.state.i18n import I18nState, t

log = logging.getLogger(__name__)
UPLOAD_ID = "drafts"
ACCEPT = {
    "text/plain": [".txt"], "text/markdown": [".md", ".markdown"], "text/html": [".html", ".htm"],
    "application/pdf": [".pdf"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
}
EXTENSIONS = (".txt", ".md", ".docx", ".pdf", ".html")  # the hint's list, always left to right


@dataclass
class UploadResult:
    name: str
    error: str  # a translation key; "" when the file was accepted and queued
    task_id: int = 0  # the piece it became; its notice goes once the piece is processed
    status: str = "queued"


class UploadState(rx.State):
    results: list[UploadResult] = []
    busy: bool = False
    _following: bool = False

    @rx.event(background=True)
    async def receive(self, chunks: rx.UploadChunkIterator):
        """Stream every file to disk as it arrives; nothing past the size limit is kept."""
        async with self:
            ctx = auth_context(self)
            self.busy = True
        settings = get_settings()
        results: list[UploadResult] = []
        current: upload_service.IncomingFile | None = None
        files = 0

        async def finish(incoming: upload_service.IncomingFile) -> None:
            task_id, error = 0, ""
            try:
                task = await asyncio.to_thread(upload_service.store_upload, settings=settings, owner_id=ctx.user.id,
                                               incoming=incoming)
                task_id = task.id
            except ServiceError as exc:
                error = exc.code
            except Exception:
                log.exception("upload failed", extra={"user_id": ctx.user.id})
                error = "error.server"
            results.append(UploadResult(name=upload_service.display_name(incoming.filename), error=error,
                                        task_id=task_id))

        async for chunk in chunks:
            if ctx is None:
                continue  # drain, keep nothing
            if chunk.offset == 0 or current is None:  # a new file begins
                if current is not None:
                    await finish(current)
                files += 1
                current = None
                if files > settings.upload_max_files:
                    results.append(UploadResult(name=upload_service.display_name(chunk.filename), error="upload.too_many"))
                    continue
                current = upload_service.IncomingFile(settings=settings, filename=chunk.filename)
            if current is not None:
                current.write(chunk.data)
        if current is not None:
            await finish(current)
        async with self:
            self.busy = False
            if results:  # a drop of only refused files also calls this, with nothing: keep their messages
                self.results = results
        if ctx is not None:
            yield DashboardState.load
            yield UploadState.follow

    @rx.event(background=True)
    async def follow(self):
        """Keep each accepted file's notice while its piece waits or is processed; drop it once
        the piece is analysed (the list says so), or show why it failed."""
        async with self:
            if self._following:
                return
            self._following = True
        try:
            for _ in range(WATCH_LIMIT):
                await asyncio.sleep(WATCH_SECONDS)
                async with self:
                    ctx = auth_context(self)
                    ids = [r.task_id for r in self.results if not r.error and r.task_id]
                if ctx is None or not ids:
                    return
                with session_scope() as session:
                    fresh = {task.id: task for task in processing.progress_of(session=session, owner_id=ctx.user.id,
                                                                              task_ids=ids)}
                async with self:
                    self.results = [_followed(r, fresh.get(r.task_id)) for r in self.results
                                    if r.error or not r.task_id or _still_shown(fresh.get(r.task_id))]
        finally:
            async with self:
                self._following = False

    @rx.event
    def rejected(self, names: list[str]):
        """Files the browser refused before sending (too large or of another type)."""
        self.results = [UploadResult(name=upload_service.display_name(str(name)), error="upload.refused_before_sending")
                        for name in (names or [])[:50]]


def _still_shown(task) -> bool:  # noqa: ANN001  (a TaskPublic, or None once deleted)
    return task is not None and (task.status in PENDING or task.status == "failed")


def _followed(row: UploadResult, task) -> UploadResult:  # noqa: ANN001
    if task is None or row.error:
        return row
    if task.status == "failed":
        return UploadResult(name=row.name, error=task.failure_reason or "error.server", task_id=row.task_id)
    return UploadResult(name=row.name, error="", task_id=row.task_id, status=task.status)


def _result(row: UploadResult) -> rx.Component:
    return rx.hstack(
        # Two fixed icons, not one named by a var (lucide's DynamicIcon is 54 KB).
        rx.cond(row.error == "", rx.icon("circle-check", size=16, color="var(--green-10)"),
                rx.icon("circle-alert", size=16, color="var(--red-10)")),
        rx.text(row.name, weight="medium", size="2", dir="auto", custom_attrs={"data-user-content": ""}),
        rx.text(rx.cond(row.error == "", rx.cond(row.status == "processing", t("upload.processing"),
                                                 t("upload.queued")), t(row.error)), size="2",
                color_scheme=rx.cond(row.error == "", "green", "red")),
        align="center", wrap="wrap", spacing="2", class_name=rx.cond(row.error == "", "upload-ok", "upload-error"),
    )


def upload_card() -> rx.Component:
    settings = get_settings()
    return card(
        rx.upload.root(
            rx.vstack(
                rx.icon("upload", size=22, color="var(--accent-9)"),
                # Phones have nothing to drop files from: they tap to choose.
                rx.text(t("upload.drop_here"), weight="medium", display=["none", "none", "block"],
                        text_align="center"),
                rx.text(t("upload.choose_files"), weight="medium", display=["block", "block", "none"],
                        text_align="center"),
                rx.text(t("upload.types"), " ", rx.el.bdi(" ".join(EXTENSIONS), dir="ltr"),
                        rx.cond(I18nState.is_fa, "؛ ", "; "),  # not "·": it reads as a Persian zero
                        t("upload.limit").replace("{size}", rx.cond(I18nState.is_fa, size(settings.upload_max_bytes, "fa"),
                                                                    size(settings.upload_max_bytes, "en"))),
                        size="1", color_scheme="gray", text_align="center", id="upload-hint"),
                rx.cond(UploadState.busy, rx.spinner()),
                align="center", spacing="1", padding="1rem",
            ),
            id=UPLOAD_ID,
            multiple=True,
            max_files=settings.upload_max_files,
            max_size=settings.upload_max_bytes,
            accept=ACCEPT,
            on_drop=UploadState.receive(rx.upload_files_chunk(upload_id=UPLOAD_ID)),
            # File objects do not survive JSON: send their names, read in the browser.
            on_drop_rejected=lambda rejections: UploadState.rejected(
                rejections.to(ArrayVar).map(lambda r: r.to(ObjectVar)["file"].to(ObjectVar)["name"])),
            border="1px dashed var(--gray-a7)", border_radius="var(--radius-3)", width="100%", cursor="pointer",
        ),
        rx.vstack(rx.foreach(UploadState.results, _result), spacing="1", margin_top="0.5rem", id="upload-results"),
    )
