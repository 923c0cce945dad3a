"""The last /api/v1 route: whatever no other route took. Behind Reflex (whose app is mounted
under the API's), an unknown /api/v1 path would otherwise reach Reflex and get its 404 page;
here it gets the API's JSON error, 405 when the path exists for other methods."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.routing import Match

from writers_app.api.v1.errors import PREFIX, ApiError

router = APIRouter(include_in_schema=False)
_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def make_fallback(routers: list[APIRouter]) -> APIRouter:
    @router.api_route(PREFIX + "/{rest:path}", methods=_METHODS)
    def unmatched(request: Request, rest: str) -> None:
        scope = {**request.scope, "path": "/" + rest, "root_path": ""}
        for inner in routers:
            if any(route.matches(scope)[0] != Match.NONE for route in inner.routes):
                raise ApiError(405)
        raise ApiError(404)

    return router
