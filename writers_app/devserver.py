"""`reflex run` in dev mode (`make dev`): vite serves the pages on the frontend port, granian the
backend on its own port. Two things make that usable:

- `DevProxyPlugin`: vite forwards our HTTP routes (the login/register forms post to
  `/api/auth/*`, the editor loads bodies from `/api/editor/*`, the probes) to the backend, so
  the browser stays on one origin and the same-origin check of the forms holds (the Host and
  Origin headers are passed through unchanged). Reflex 0.10.1's vite template has no proxy
  option; the plugin edits the generated `.web/vite.config.js` in dev compiles only.
- `reload_paths`: the backend reloader watches only source code, never what the app writes
  at run time (the SQLite database and its WAL file, storage, outbox, logs, test artifacts).
  The worker's heartbeat otherwise changes `data/writers.db-wal` every few seconds and the
  backend restarts in a loop.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from reflex_base.plugins.base import Plugin

log = logging.getLogger(__name__)

# Regular expressions (vite treats a key starting with ^ as one) for every HTTP route that the
# backend answers and a page in the browser calls or a developer opens on the frontend port.
PROXIED = ("^/api/", "^/api$", "^/(healthz|readyz|metrics)(\\?|$)")
_ANCHOR = "  server: {\n    port: process.env.PORT,"

# What the backend reloader watches, relative to the project root: code and assets only.
RELOAD_PATHS = ("writers_app", "workers", "assets", "rxconfig.py")


def reload_paths(root: Path) -> str:
    """REFLEX_HOT_RELOAD_OVERRIDE_PATHS (os.pathsep-separated) for the project at `root`; a new
    top-level package must be added to RELOAD_PATHS to be watched."""
    return os.pathsep.join(str(root / p) for p in RELOAD_PATHS if (root / p).exists())


def vite_proxy_config(backend_port: int) -> str:
    """The `proxy:` entry of vite's `server` block. The backend port is read when vite starts
    (`reflex run --backend-port M` exports REFLEX_BACKEND_PORT), the compile-time one otherwise."""
    target = f'"http://127.0.0.1:" + (process.env.REFLEX_BACKEND_PORT || "{backend_port}")'
    entries = ",\n".join(f"      {json.dumps(key)}: {{ target: {target}, changeOrigin: false, ws: false }}"
                         for key in PROXIED)
    return f"\n    proxy: {{\n{entries},\n    }},"


def add_proxy(vite_config: str, backend_port: int) -> str:
    if _ANCHOR not in vite_config:
        log.warning("vite.config.js has no `server.port` line: the dev proxy for /api is missing")
        return vite_config
    return vite_config.replace(_ANCHOR, _ANCHOR + vite_proxy_config(backend_port), 1)


class DevProxyPlugin(Plugin):
    """Adds the `/api` proxy to vite's dev server (dev compiles only; prod serves one port)."""

    def pre_compile(self, **context) -> None:  # noqa: ANN003
        from reflex_base.config import get_config
        from reflex_base.constants import Env, ReactRouter
        from reflex_base.environment import environment

        if environment.REFLEX_ENV_MODE.get() != Env.DEV:
            return
        port = get_config().backend_port or 8000
        context["add_modify_task"](ReactRouter.VITE_CONFIG_FILE, lambda text: add_proxy(text, port))


def check_schema_up_to_date() -> None:
    """Stands in for Reflex's start-up check (`reflex run` compares the models with the
    database). Reflex's version ignores our alembic env's rules, so on SQLite it reports the
    PostgreSQL-only search index as a change, and it advises `reflex db makemigrations`, which
    this project does not use. Same comparison with our rules and our commands."""
    # Imported on use: rxconfig.py imports this module before the app, and these bring in
    # alembic, every table and the database engine, which only this check needs.
    from alembic.autogenerate import compare_metadata
    from alembic.config import Config as AlembicConfig
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlmodel import SQLModel

    import writers_app.models  # noqa: F401  (registers every table)
    from writers_app.db import make_engine
    from writers_app.settings import PROJECT_ROOT, get_settings

    def include(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001, ARG001
        rule = getattr(obj, "_ddl_if", None)
        if type_ != "index" or rule is None or rule.dialect is None:
            return True
        return dialect in ((rule.dialect,) if isinstance(rule.dialect, str) else rule.dialect)

    script = ScriptDirectory.from_config(AlembicConfig(str(PROJECT_ROOT / "alembic.ini")))
    engine = make_engine(get_settings().database_url)
    try:
        with engine.connect() as connection:
            dialect = connection.dialect.name
            context = MigrationContext.configure(connection, opts={"include_object": include})
            if set(context.get_current_heads()) != set(script.get_heads()):
                log.error("the database is not at the latest migration: run `make migrate`")
            elif compare_metadata(context, SQLModel.metadata):
                log.error("the models differ from the migrations: add one under alembic/versions "
                          "(`alembic revision --autogenerate -m ...`), then run `make migrate`")
    except Exception:  # a check must never stop the server from starting
        log.exception("schema check failed")
    finally:
        engine.dispose()


def replace_reflex_schema_check() -> None:
    from reflex.utils import prerequisites

    prerequisites.check_schema_up_to_date = check_schema_up_to_date


class _InitAdviceFilter(logging.Filter):
    """`reflex run` on a fresh clone initialises `.web` and then advises `uv pip install -r
    requirements.txt` and `uv run reflex run`: this project installs with `make` (pip, in .venv)
    and has no uv. The line keeps its first sentence and says what to do here."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "uv pip install" in message or "uv run reflex" in message:
            record.msg, record.args = message.split(".")[0] + ". Dependencies come from `make run` (pip, .venv).", ()
        return True


def quiet_reflex_init_advice() -> None:
    logger = logging.getLogger("reflex.reflex")
    if not any(isinstance(f, _InitAdviceFilter) for f in logger.filters):
        logger.addFilter(_InitAdviceFilter())
