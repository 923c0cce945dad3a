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
    # The probes as the app's own routes, not an included router: FastAPI matches an included
    # router's routes through a layer of its own on every request (~0.1 ms on /healthz).
    for route in health.router.routes:
        api.add_api_route(route.path, route.endpoint, methods=sorted(route.methods), tags=route.tags,
                          include_in_schema=route.include_in_schema, name=route.name)
    for router, options in v1.ROUTERS:
        api.include_router(router, **options)
    api.include_router(auth.router)
    api.include_router(editor.router)
    api.include_router(profile.router)
    api.include_router(docs.router)
    v1.register_error_handlers(api)
    return api
