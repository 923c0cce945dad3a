"""The public REST API, /api/v1: bearer-token auth, JSON errors, documented at /api/docs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from writers_app.api.v1 import auth, tasks, tokens, trash, users, webhooks
from writers_app.api.v1.deps import current_principal
from writers_app.api.v1.errors import COMMON_RESPONSES, register_error_handlers
from writers_app.api.v1.fallback import make_fallback

PREFIX = "/api/v1"

# (router, include_router options) pairs, included one level deep by the app: FastAPI matches
# nested routers level by level on every request. Every router but the token endpoint needs a
# principal (and so honours the read-only scope), even a route that forgets to ask for one.
_PROTECTED: dict[str, Any] = {"prefix": PREFIX, "responses": COMMON_RESPONSES,
                              "dependencies": [Depends(current_principal)]}
ROUTERS: list[tuple[APIRouter, dict[str, Any]]] = [
    (auth.router, {"prefix": PREFIX, "responses": COMMON_RESPONSES}),
    *[(module.router, _PROTECTED) for module in (tasks, trash, users, webhooks, tokens)],
]
# Last: JSON 404/405 for anything under /api/v1 the routers above did not take.
ROUTERS.append((make_fallback([router for router, _options in ROUTERS]), {}))

__all__ = ["ROUTERS", "register_error_handlers"]
