"""The editor loads a task's body over HTTP, so no manuscript is kept in Reflex state."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from writers_app.api.web import download_response
from writers_app.core.ids import parse_id
from writers_app.db import session_scope
from writers_app.formats import export
from writers_app.services import sessions as session_service
from writers_app.services import tasks as task_service
from writers_app.services.errors import NotFound
from writers_app.settings import get_settings

router = APIRouter(prefix="/api/editor", tags=["editor (browser)"], include_in_schema=False)


def _task_id(raw: str) -> int:
    """The id in the URL; any other text (past 64 bits, zero, negative) names no task: 404, never a DB error."""
    if (task_id := parse_id(raw)) is None:
        raise HTTPException(status_code=404, detail="error.not_found")
    return task_id


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
def task_body(task_id: str, request: Request) -> JSONResponse:
    task, _ctx = _owned_task(_task_id(task_id), request)
    return JSONResponse({"html": task.body_html, "revision": task.revision},
                        headers={"Cache-Control": "no-store"})


@router.get("/tasks/{task_id}/export/{fmt}")
def export_task(task_id: str, fmt: str, request: Request) -> Response:
    if fmt not in export.FORMATS:
        raise HTTPException(status_code=404, detail="error.not_found")
    task, ctx = _owned_task(_task_id(task_id), request)
    return download_response(export.render_export(fmt, title=task.title, body_html=task.body_html,
                                                  lang=ctx.user.preferred_language, author=ctx.user.display_name))
