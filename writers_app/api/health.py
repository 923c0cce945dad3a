"""Liveness probe for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from writers_app.db import session_scope
from writers_app.services import health
from writers_app.settings import get_settings

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive and serving requests."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz() -> JSONResponse:
    """Ready to serve: the database answers, Redis answers (when used), a worker beat recently."""
    settings = get_settings()
    with session_scope() as session:
        checks = [health.check_database(session), health.check_redis(settings), health.check_workers(session)]
    ready = all(c.ok for c in checks)
    return JSONResponse(
        {"status": "ok" if ready else "unavailable",
         "checks": {c.name: {"ok": c.ok, "detail": c.detail, "ms": round(c.ms, 1)} for c in checks}},
        status_code=200 if ready else 503, headers={"Cache-Control": "no-store"})
