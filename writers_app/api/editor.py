"""The editor loads a task's body over HTTP, so no manuscript is kept in Reflex state."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from writers_app.api.web import download_response, is_same_origin
from writers_app.core.ids import parse_id
from writers_app.db import session_scope
from writers_app.formats import export
from writers_app.services import sessions as session_service
from writers_app.services import spelling as spelling_service
from writers_app.services import tasks as task_service
from writers_app.services.errors import NotFound, ServiceError
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


# Spelling. The handlers are plain `def`: FastAPI runs them in its thread pool, so checking
# (and the first call's dictionary load) never blocks the event loop.
class SpellingBlocks(BaseModel):
    blocks: list[str] = Field(max_length=spelling_service.MAX_BLOCKS)


class SpellingWord(BaseModel):
    word: str = Field(min_length=1, max_length=64)


def _writer_post(request: Request, session):  # noqa: ANN001, ANN202
    """The signed-in writer of a same-origin POST, or 403 / 401."""
    if not is_same_origin(request):
        raise HTTPException(status_code=403, detail="auth.request_refused")
    ctx = session_service.resolve_session(
        session=session, token=request.cookies.get(session_service.SESSION_COOKIE), settings=get_settings())
    if ctx is None:
        raise HTTPException(status_code=401, detail="auth.session_expired")
    return ctx


def _spelling_call(function, **kwargs):  # noqa: ANN001, ANN003, ANN202
    try:
        return function(**kwargs)
    except NotFound as exc:
        raise HTTPException(status_code=404, detail="error.not_found") from exc
    except ServiceError as exc:
        raise HTTPException(status_code=422, detail=exc.code) from exc


@router.post("/tasks/{task_id}/spelling")
def check_spelling(task_id: str, body: SpellingBlocks, request: Request) -> JSONResponse:
    """Misspelt words of the given block texts: [{block, offset, length, word, lang}]."""
    tid = _task_id(task_id)
    with session_scope() as session:
        ctx = _writer_post(request, session)
        found = _spelling_call(spelling_service.check_blocks, session=session, owner_id=ctx.user.id, task_id=tid,
                               blocks=body.blocks)
    return JSONResponse({"spans": [{"block": m.block, "offset": m.offset, "length": m.length, "word": m.word,
                                    "lang": m.lang} for m in found]}, headers={"Cache-Control": "no-store"})


@router.post("/tasks/{task_id}/spelling/suggestions")
def spelling_suggestions(task_id: str, body: SpellingWord, request: Request) -> JSONResponse:
    tid = _task_id(task_id)
    with session_scope() as session:
        ctx = _writer_post(request, session)
        found = _spelling_call(spelling_service.suggest, session=session, owner_id=ctx.user.id, task_id=tid,
                               word=body.word)
    return JSONResponse({"suggestions": found}, headers={"Cache-Control": "no-store"})


@router.post("/dictionary")
def add_to_dictionary(body: SpellingWord, request: Request) -> JSONResponse:
    """Adds a word to the signed-in writer's own dictionary."""
    with session_scope() as session:
        ctx = _writer_post(request, session)
        stored = _spelling_call(spelling_service.add_word, session=session, user_id=ctx.user.id, word=body.word)
    return JSONResponse({"word": stored})
