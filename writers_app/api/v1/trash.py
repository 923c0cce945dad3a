"""The trash: the tasks you deleted, restorable until they are purged (`TRASH_DAYS` after deletion)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from writers_app.api.v1.deps import CurrentPrincipal, Db
from writers_app.models import TrashedTaskPublic
from writers_app.services import trash as trash_service
from writers_app.services.errors import NotFound

router = APIRouter(prefix="/trash", tags=["trash"])

TaskId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class TrashList(BaseModel):
    items: list[TrashedTaskPublic]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


@router.get("", response_model=TrashList)
def list_trash(
    principal: CurrentPrincipal,
    session: Db,
    cursor: Annotated[str | None, Query(max_length=500, pattern=r"^[A-Za-z0-9_=-]*$",
                                        description="`next_cursor` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> TrashList:
    """Your deleted tasks, the latest deleted first, each with `deleted_at` and `purge_at` (when it
    will be deleted for good). Restore one with `POST /tasks/{task_id}/restore`."""
    page = trash_service.list_trash(session=session, owner_id=principal.user.id, cursor=cursor, limit=limit)
    return TrashList(items=page.items, next_cursor=page.next_cursor)


@router.delete("/{task_id}", status_code=204, response_class=Response)
def delete_forever(task_id: TaskId, principal: CurrentPrincipal, session: Db) -> Response:
    """Delete a task in the trash for good, now, with its revisions, analysis and upload. 404 if it
    is not yours or not in the trash (a live task is deleted with `DELETE /tasks/{task_id}` first)."""
    if trash_service.delete_forever(session=session, owner_id=principal.user.id, task_ids=[task_id]) == 0:
        raise NotFound()
    session.commit()
    return Response(status_code=204)
