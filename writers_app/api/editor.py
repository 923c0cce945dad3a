"""The editor loads a task's body over HTTP, so no manuscript is kept in Reflex state."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from writers_app.db import session_scope
from writers_app.services import sessions as session_service
from writers_app.services import tasks as task_service
from writers_app.services.errors import NotFound
from writers_app.settings import get_settings

router = APIRouter(prefix="/api/editor", tags=["editor (browser)"], include_in_schema=False)


@router.get("/tasks/{task_id}/body")
def task_body(task_id: int, request: Request) -> JSONResponse:
    settings = get_settings()
    with session_scope() as session:
        ctx = session_service.resolve_session(
            session=session, token=request.cookies.get(session_service.SESSION_COOKIE), settings=settings)
        if ctx is None:
            raise HTTPException(status_code=401, detail="auth.session_expired")
        try:
            task = task_service.get_task(session=session, owner_id=ctx.user.id, task_id=task_id)
        except NotFound as exc:
            raise HTTPException(status_code=404, detail="error.not_found") from exc
    return JSONResponse({"html": task.body_html, "revision": task.revision},
                        headers={"Cache-Control": "no-store"})
