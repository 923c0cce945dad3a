"""The Reflex app: pages, the HTTP API in front, head scripts. Nothing else lives here."""

from __future__ import annotations

from pathlib import Path

import reflex as rx

# Every page module registers itself with @page; a new page is imported here.
import writers_app.pages.admin.audit  # noqa: F401
import writers_app.pages.admin.jobs  # noqa: F401
import writers_app.pages.admin.system  # noqa: F401
import writers_app.pages.admin.tasks  # noqa: F401
import writers_app.pages.admin.users  # noqa: F401
import writers_app.pages.dashboard.page  # noqa: F401
import writers_app.pages.editor.page  # noqa: F401
import writers_app.pages.index  # noqa: F401
import writers_app.pages.login  # noqa: F401
import writers_app.pages.password_reset  # noqa: F401
import writers_app.pages.profile.confirm  # noqa: F401
import writers_app.pages.profile.page  # noqa: F401
import writers_app.pages.register  # noqa: F401
import writers_app.pages.settings.page  # noqa: F401
import writers_app.pages.trash.page  # noqa: F401
import writers_app.pages.webhooks  # noqa: F401
from workers.embedded import background_processing
from writers_app.api.app import create_api
from writers_app.api.middleware import HttpMiddleware
from writers_app.asgi import WritersApp
from writers_app.components.pages import add_pages
from writers_app.logs import configure_logging
from writers_app.services.saves import folding
from writers_app.settings import get_settings
from writers_app.state.event_timing import timed_event_processing
from writers_app.state_memory import state_memory_release
from writers_app.websocket import restrict_websocket_origins

configure_logging(get_settings().log_level)
timed_event_processing()

# Direction before the first paint, the language's font, the language switch, form refills: one
# script (assets/writers.js), inline: as <script src> in <head> it blocked the first paint until
# fetched, behind the page's ~20 module preloads. The CSP allows it by hash (api/middleware.py).
_PAGE_SCRIPT = (Path(__file__).resolve().parents[1] / "assets" / "writers.js").read_text(encoding="utf-8")

app = WritersApp(
    head_components=[rx.el.script(custom_attrs={"dangerouslySetInnerHTML": {"__html": _PAGE_SCRIPT}})],
    stylesheets=["/styles.css"],
    # Our FastAPI app (the API, auth routes, probes, /metrics) with Reflex mounted inside it,
    # then one middleware around all of it: request ids, access log, metrics, security headers.
    # WritersApp sends HTTP requests straight to this stack, past Reflex's outer app (asgi.py).
    api_transformer=[create_api(), HttpMiddleware],
)
restrict_websocket_origins(app, get_settings())

add_pages(app)
app.register_lifespan_task(background_processing)  # the embedded worker and the sweeper
# Expired tabs' state trees given back to the system, not only to Python's allocator.
app.register_lifespan_task(state_memory_release(app))
# Editor saves folded into their pieces' bodies a second after the ack (services.saves).
app.register_lifespan_task(folding)
