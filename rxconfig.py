"""Reflex configuration, derived from the app's Settings (one source of truth)."""

import os
from pathlib import Path

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from writers_app.devserver import DevProxyPlugin, quiet_reflex_init_advice, reload_paths, replace_reflex_schema_check
from writers_app.metrics_setup import prepare_multiprocess_dir
from writers_app.page_build import FirstPaintPlugin
from writers_app.settings import get_settings

# Before anything imports prometheus_client: one metrics directory per server start, shared by
# its workers, so /metrics sums every worker.
prepare_multiprocess_dir()
_settings = get_settings()

# A full save of a 200,000-word Persian novel is ~2 MB of UTF-8 in one websocket frame (an undo
# of "select all + type" resends everything); over the default 1 MB limit the socket closes
# silently and nothing is stored. The body limit itself (16 MB) is enforced by the tasks service.
os.environ.setdefault("REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE", str(20 * 1024 * 1024))
# Dev mode: the backend reloader watches the code, not data/ (the worker's heartbeat rewrites the
# SQLite WAL every few seconds), storage, outbox or test output (see writers_app/devserver.py).
os.environ.setdefault("REFLEX_HOT_RELOAD_OVERRIDE_PATHS", reload_paths(Path(__file__).resolve().parent))
# `reflex run` checks the schema with rules and advice that are not ours (see devserver.py).
replace_reflex_schema_check()
quiet_reflex_init_advice()  # and advice to use uv, which this project does not

config = rx.Config(
    app_name="writers_app",
    db_url=_settings.database_url,
    # With Redis, Reflex keeps per-tab state there, so several server workers can share it.
    redis_url=_settings.reflex_state_redis_url,
    state_manager_mode="redis" if _settings.reflex_state_redis_url else "disk",
    telemetry_enabled=False,
    # CORS for every HTTP route: our own origin plus the API allow-list (none by default).
    cors_allowed_origins=[_settings.public_origin, *_settings.cors_allow_origins],
    show_built_with_reflex=False,
    # The root bundle would otherwise `import * as` all of @radix-ui/themes for dynamic components
    # (which we do not use): every page then loaded every Radix component any page uses (tabs,
    # select, table... on /login). Lazily, a page loads only what it imports (bench_pages.py).
    frontend_lazy_bundled_libraries=True,
    disable_plugins=[SitemapPlugin],
    # DevProxyPlugin: in dev, vite on the frontend port forwards /api, /healthz... to the backend.
    # FirstPaintPlugin: built pages without modulepreload links, painted before their modules load.
    plugins=[DevProxyPlugin(), FirstPaintPlugin(), rx.plugins.RadixThemesPlugin(theme=rx.theme(
        accent_color="indigo", gray_color="slate", radius="large", has_background=True))],
)
