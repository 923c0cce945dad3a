"""Probes for load balancers and orchestrators, and the Prometheus endpoint."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from writers_app.api.metrics import render_latest
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


@router.get("/metrics", include_in_schema=False)
def prometheus_metrics(request: Request) -> Response:
    """Prometheus text format, summed over every server worker. With METRICS_TOKEN set, the
    scraper must send it as a bearer token."""
    settings = get_settings()
    if settings.metrics_token is not None:
        sent = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(sent.encode(), settings.metrics_token.get_secret_value().encode()):
            return JSONResponse({"error": {"code": "unauthorized", "message": "Metrics token required."}},
                                status_code=401, headers={"WWW-Authenticate": "Bearer"})
    body, content_type = render_latest()
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})
