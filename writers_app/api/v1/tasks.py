"""Tasks: list, get, create (JSON or upload), update, delete (to the trash) and restore,
re-analyse, analysis, revisions, export. Every rule is the services' own: the same calls the pages make."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from writers_app import db
from writers_app.analysis import ANALYSIS_VERSION
from writers_app.api.v1.deps import CurrentPrincipal, Db, app_settings
from writers_app.api.v1.errors import CONFLICT, UPLOAD_ERRORS, ApiError
from writers_app.api.v1.schemas import NO_NUL, AnalysisOut, RevisionDetail, RevisionNameIn, TaskCreateIn, TaskList, TaskUpdateIn
from writers_app.api.web import download_response
from writers_app.formats import export
from writers_app.models import RevisionPublic, TaskDetail, TaskPublic, TaskStatus
from writers_app.services import cache, processing, reads
from writers_app.services import revisions as revision_service
from writers_app.services import search as search_service
from writers_app.services import tasks as task_service
from writers_app.services import trash as trash_service
from writers_app.services import uploads as upload_service
from writers_app.services.errors import NotFound

log = logging.getLogger(__name__)
router = APIRouter(prefix="/tasks", tags=["tasks"])

TaskId = Annotated[int, Path(ge=1, le=2**31 - 1)]
RevisionId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Sort = Literal["updated", "created", "title", "words"]
StatusFilter = Literal["draft", "queued", "processing", "analyzed", "failed"]


@router.get("", response_model=TaskList)
def list_tasks(
    principal: CurrentPrincipal,
    session: Db,
    status: StatusFilter | None = None,
    search: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="In titles and text")] = None,
    sort: Sort = "updated",
    cursor: Annotated[str | None, Query(max_length=500, pattern=r"^[A-Za-z0-9_=-]*$",
                                        description="`next_cursor` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """One page of your tasks, newest first (or by `sort`), keyset-paginated: follow
    `next_cursor` until it is null. Bodies are not included; get one task for its body."""
    owner_id = principal.user.id

    def render() -> str:
        try:
            with reads.read_session(owner_id, primary=session) as source:  # a replica when one is set
                if source is session:
                    # Reads only, each statement its own snapshot (READ COMMITTED) as in a
                    # transaction: no BEGIN and ROLLBACK round trips.
                    db.autocommit(session)
                page = search_service.list_tasks(session=source, owner_id=owner_id, status=status, search=search,
                                                 sort=sort, cursor=cursor, limit=limit)
        finally:
            session.close()  # its connection back to the pool on this thread, not in a trip of get_db's
        # Serialised once, straight from the service's models (no second validation pass).
        return TaskList(items=page.items, next_cursor=page.next_cursor).model_dump_json()

    key = cache.task_page_key(owner_id, status=status, search=search, sort=sort, cursor=cursor, limit=limit)
    return Response(cache.get_or_compute_text(key, render), media_type="application/json")


@router.post("", response_model=TaskDetail, status_code=201)
def create_task(body: TaskCreateIn, principal: CurrentPrincipal, session: Db) -> TaskDetail:
    """A new draft from JSON; `body_html` is sanitised like the editor's saves."""
    created = task_service.create_task(session=session, owner_id=principal.user.id, title=body.title,
                                       body_html=body.body_html, language=body.language)
    session.commit()
    return task_service.get_task(session=session, owner_id=principal.user.id, task_id=created.id)


_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": ".txt, .md, .html, .docx or .pdf, up to the upload limit"}}}}}}}


@router.post("/upload", response_model=TaskPublic, status_code=201, openapi_extra=_UPLOAD_BODY,
             responses=UPLOAD_ERRORS)
async def upload_task(request: Request, principal: CurrentPrincipal) -> TaskPublic:
    """Upload a draft (multipart field `file`): it becomes a queued task that is extracted and
    analysed in the background, exactly like an upload on the dashboard."""
    settings = app_settings()
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise ApiError(415)
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > settings.upload_max_bytes + 64 * 1024:
        raise ApiError(413, "upload.too_large")
    form = await request.form(max_files=1, max_fields=5)
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(422, "api.validation_failed")
        incoming = upload_service.IncomingFile(settings=settings, filename=upload.filename or "upload")
        while chunk := await upload.read(256 * 1024):
            incoming.write(chunk)
        task = await run_in_threadpool(upload_service.store_upload, settings=settings, owner_id=principal.user.id,
                                       incoming=incoming)
    finally:
        await form.close()
    return task


@router.get("/{task_id}", response_model=TaskDetail)
def get_task(task_id: TaskId, principal: CurrentPrincipal, session: Db) -> TaskDetail:
    """One task with its sanitised HTML body and its `revision` (send it back as `base_revision`)."""
    return task_service.get_task(session=session, owner_id=principal.user.id, task_id=task_id)


@router.patch("/{task_id}", response_model=TaskDetail, responses=CONFLICT)
def update_task(task_id: TaskId, body: TaskUpdateIn, principal: CurrentPrincipal, session: Db) -> Response:
    """Change the title, word goal, due date and/or body. A body replaces the whole text and is
    refused with 409 `editor.conflict` unless `base_revision` is the task's current revision."""
    owner_id = principal.user.id
    given = body.model_fields_set
    details = {"title": body.title, "word_goal": body.word_goal, "due_date": body.due_date,
               "clear_goal": "word_goal" in given and body.word_goal is None,
               "clear_due": "due_date" in given and body.due_date is None}
    changes_details = bool(given & {"title", "word_goal", "due_date"})
    if body.body_html is None and changes_details:
        # Details only: one UPDATE ... RETURNING, atomic by itself, so it runs without BEGIN and
        # COMMIT round trips unless the session is in a transaction already (the caller's
        # token was looked up in it). The session's commit below still drops the caches.
        db.autocommit(session)
        task = task_service.update_details_get(session=session, owner_id=owner_id, task_id=task_id, **details)
    elif body.body_html is None:
        task = task_service.get_task(session=session, owner_id=owner_id, task_id=task_id)
    else:
        if changes_details:
            task_service.update_details(session=session, owner_id=owner_id, task_id=task_id, **details)
        assert body.base_revision is not None  # the model requires it with a body
        task_service.save_body(session=session, owner_id=owner_id, task_id=task_id,
                               base_revision=body.base_revision, html=body.body_html, explicit=True)
        task = task_service.get_task(session=session, owner_id=owner_id, task_id=task_id)
    session.commit()
    # Serialised once, straight from the model (FastAPI would validate it again first).
    return Response(task.model_dump_json(), media_type="application/json")


@router.delete("/{task_id}", status_code=204, response_class=Response)
def delete_task(task_id: TaskId, principal: CurrentPrincipal, session: Db) -> Response:
    """Move a task to the trash. From then on it is in no list and every read of it is 404, as
    if it were gone; `POST /tasks/{task_id}/restore` brings it back unchanged, and
    `GET /trash` lists it with its `purge_at`: after `TRASH_DAYS` (default 30) days in the trash it
    is deleted for good with its revisions, analysis and upload (`DELETE /trash/{task_id}`: at once).
    404 if it is not yours or already in the trash."""
    if not trash_service.trash_tasks(session=session, owner_id=principal.user.id, task_ids=[task_id]):
        raise NotFound()
    session.commit()
    return Response(status_code=204)


@router.post("/{task_id}/restore", response_model=TaskPublic)
def restore_task(task_id: TaskId, principal: CurrentPrincipal, session: Db) -> TaskPublic:
    """Take a task out of the trash, as it was when deleted. 404 if it is not yours or not in the trash."""
    trash_service.restore_task(session=session, owner_id=principal.user.id, task_id=task_id)
    session.commit()
    detail = task_service.get_task(session=session, owner_id=principal.user.id, task_id=task_id)
    return TaskPublic.model_validate(detail.model_dump(exclude={"body_html"}))


@router.post("/{task_id}/analyse", response_model=TaskPublic, status_code=202)
def reanalyse_task(task_id: TaskId, principal: CurrentPrincipal, session: Db) -> TaskPublic:
    """Queue the task for (re-)analysis; poll the task or its analysis for the result."""
    processing.request_analysis(session=session, owner_id=principal.user.id, task_ids=[task_id])
    session.commit()
    detail = task_service.get_task(session=session, owner_id=principal.user.id, task_id=task_id)
    return TaskPublic.model_validate(detail.model_dump(exclude={"body_html"}))


@router.get("/{task_id}/analysis", response_model=AnalysisOut)
def get_analysis(task_id: TaskId, principal: CurrentPrincipal, session: Db) -> AnalysisOut:
    """The latest analysis: statistics, readability and findings per language. 404 with code
    `api.analysis_missing` while the task has never been analysed (its `status` tells why)."""
    owner_id = principal.user.id
    task = task_service.get_task(session=session, owner_id=owner_id, task_id=task_id)
    # Cached (large for a long manuscript, read far more often than written); ownership is
    # checked above on every call, cached or not.
    row = processing.analysis_payload(session=session, owner_id=owner_id, task_id=task_id)
    if row is None:
        raise ApiError(404, "api.analysis_missing")
    return AnalysisOut(task_id=task_id, task_status=task.status,
                       current=row["revision"] == task.revision and row["version"] == ANALYSIS_VERSION
                       and task.status == TaskStatus.ANALYZED,
                       analysis_version=row["version"], revision=row["revision"], words=row["words"],
                       duration_ms=row["duration_ms"], created_at=row["created_at"], result=row["result"])


@router.get("/{task_id}/revisions", response_model=list[RevisionPublic])
def list_revisions(task_id: TaskId, principal: CurrentPrincipal, session: Db) -> list[RevisionPublic]:
    """Saved snapshots of the body, newest first (the latest 50 unnamed ones are kept, named ones always)."""
    return revision_service.list_revisions(session=session, owner_id=principal.user.id, task_id=task_id)


@router.get("/{task_id}/revisions/{revision_id}", response_model=RevisionDetail)
def get_revision(task_id: TaskId, revision_id: RevisionId, principal: CurrentPrincipal, session: Db) -> RevisionDetail:
    """One snapshot with its HTML."""
    owner_id = principal.user.id
    meta = next((r for r in revision_service.list_revisions(session=session, owner_id=owner_id, task_id=task_id)
                 if r.id == revision_id), None)
    if meta is None:
        raise NotFound()
    html = revision_service.get_revision_html(session=session, owner_id=owner_id, task_id=task_id,
                                          revision_id=revision_id)
    task = task_service.get_task(session=session, owner_id=owner_id, task_id=task_id)
    return RevisionDetail(**meta.model_dump(), title=task.title, body_html=html)


@router.patch("/{task_id}/revisions/{revision_id}", response_model=RevisionPublic)
def name_revision(task_id: TaskId, revision_id: RevisionId, body: RevisionNameIn, principal: CurrentPrincipal,
                  session: Db) -> RevisionPublic:
    """Name a snapshot ("sent to editor") or clear its name (null or blank); named ones are never pruned."""
    row = revision_service.name_revision(session=session, owner_id=principal.user.id, task_id=task_id,
                                         revision_id=revision_id, name=body.name)
    session.commit()
    return row


_EXPORT_DOC = {200: {"description": "The file, as an attachment",
                     "content": {media.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                                 for media in export.FORMATS.values()}}}


@router.get("/{task_id}/export/{fmt}", response_class=Response, responses=_EXPORT_DOC)
def export_task(task_id: TaskId, fmt: Literal["md", "html", "txt", "docx", "pdf"], principal: CurrentPrincipal,
                session: Db) -> Response:
    """Download the piece as Markdown, standalone HTML, plain text, DOCX or PDF (the editor's export)."""
    task = task_service.get_task(session=session, owner_id=principal.user.id, task_id=task_id)
    return download_response(export.render_export(fmt, title=task.title, body_html=task.body_html,
                                                  lang=principal.user.preferred_language,
                                                  author=principal.user.display_name))
