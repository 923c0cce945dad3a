"""Liveness probe for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive and serving requests."""
    return {"status": "ok"}
