"""The FastAPI application mounted in front of Reflex (via `api_transformer`)."""

from __future__ import annotations

from fastapi import FastAPI

from writers_app.api import auth, editor, health


def create_api() -> FastAPI:
    api = FastAPI(
        title="Writers API",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    api.include_router(auth.router)
    api.include_router(editor.router)
    api.include_router(health.router)
    return api
