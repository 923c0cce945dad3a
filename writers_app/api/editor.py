"""The editor loads a task's body over HTTP, so no manuscript is kept in Reflex state."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from writers_app.db import session_scope
from writers_app.services import sessions as session_service
from writers_app.services import tasks as task_service
from writers_app.services.errors import NotFound
from writers_app.settings import get_settings

router = APIRouter(prefix="/api/editor", tags=["editor (browser)"], include_in_schema=False)


EXPORTS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "html": ("text/html; charset=utf-8", "html"),
    "txt": ("text/plain; charset=utf-8", "txt"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


def _owned_task(task_id: int, request: Request):  # noqa: ANN202
    """The caller's task, or 401 (no session) / 404 (missing or someone else's)."""
    with session_scope() as session:
        ctx = session_service.resolve_session(
            session=session, token=request.cookies.get(session_service.SESSION_COOKIE), settings=get_settings())
        if ctx is None:
            raise HTTPException(status_code=401, detail="auth.session_expired")
        try:
            return task_service.get_task(session=session, owner_id=ctx.user.id, task_id=task_id), ctx
        except NotFound as exc:
            raise HTTPException(status_code=404, detail="error.not_found") from exc


@router.get("/tasks/{task_id}/body")
def task_body(task_id: int, request: Request) -> JSONResponse:
    task, _ctx = _owned_task(task_id, request)
    return JSONResponse({"html": task.body_html, "revision": task.revision},
                        headers={"Cache-Control": "no-store"})


@router.get("/tasks/{task_id}/export/{fmt}")
def export_task(task_id: int, fmt: str, request: Request) -> Response:
    from writers_app.services import export

    if fmt not in EXPORTS:
        raise HTTPException(status_code=404, detail="error.not_found")
    task, ctx = _owned_task(task_id, request)
    media_type, ext = EXPORTS[fmt]
    if fmt == "md":
        body: str | bytes = export.export_markdown(task.title, task.body_html)
    elif fmt == "html":
        body = export.export_html(task.title, task.body_html, ctx.user.preferred_language)
    elif fmt == "txt":
        body = export.export_text(task.title, task.body_html)
    else:
        body = export.export_docx(task.title, task.body_html)
    name = export.export_filename(task.title, ext)
    return Response(body, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"export.{ext}\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
