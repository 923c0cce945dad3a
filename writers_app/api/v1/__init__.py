"""The public REST API, /api/v1: bearer-token auth, JSON errors, documented at /api/docs."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from writers_app.api.v1 import auth, tasks, tokens, users, webhooks
from writers_app.api.v1.deps import current_principal
from writers_app.api.v1.errors import COMMON_RESPONSES, register_error_handlers

router = APIRouter(prefix="/api/v1", responses=COMMON_RESPONSES)
router.include_router(auth.router)
# Every other route needs a principal (and so honours the read-only scope), even one that forgets to ask.
_protected = APIRouter(dependencies=[Depends(current_principal)])
for module in (users, tasks, webhooks, tokens):
    _protected.include_router(module.router)
router.include_router(_protected)

__all__ = ["register_error_handlers", "router"]
