"""The FastAPI application mounted in front of Reflex (via `api_transformer`)."""

from __future__ import annotations

from fastapi import FastAPI

from writers_app.api import auth, docs, editor, health, profile, v1


def create_api() -> FastAPI:
    api = FastAPI(
        title="Writers API",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    # Matched in this order on every request, router by router and route by route: the probes
    # and the REST API (the most requested) first. No two of these routers share a path prefix,
    # so the order changes only how soon a request finds its route (and /api/v1's catch-all
    # stays behind the other /api/v1 routers, as v1.ROUTERS orders them).
    api.include_router(health.router)
    for router, options in v1.ROUTERS:
        api.include_router(router, **options)
    api.include_router(auth.router)
    api.include_router(editor.router)
    api.include_router(profile.router)
    api.include_router(docs.router)
    v1.register_error_handlers(api)
    return api
