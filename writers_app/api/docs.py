"""/api/docs: Swagger UI for the OpenAPI schema, with its JS and CSS served by the app itself
(vendored swagger-ui-dist, Apache-2.0) so the docs render with no internet."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)

ASSETS_DIR = Path(__file__).resolve().parent / "static" / "swagger"
ASSETS_URL = "/api/docs/assets"
_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "LICENSE": "text/plain; charset=utf-8",
    "NOTICE": "text/plain; charset=utf-8",
}


# The app's colour scheme (Reflex keeps it in localStorage "theme", same origin), applied before
# Swagger UI draws: its style sheet has a dark variant under <html class="dark-mode">.
_SCHEME_SCRIPT = ("<script>(function(){var t;try{t=localStorage.getItem('theme')}catch(e){}"
                  "if(t==='dark'||((!t||t==='system')&&matchMedia('(prefers-color-scheme: dark)').matches))"
                  "{document.documentElement.classList.add('dark-mode');document.documentElement.style.colorScheme='dark'}"
                  "})()</script>")


@router.get("/api/docs")
def swagger_ui() -> HTMLResponse:
    page = _swagger_page()
    html = page.body.decode("utf-8").replace("<head>", "<head>" + _SCHEME_SCRIPT, 1)
    return HTMLResponse(html, status_code=page.status_code)


def _swagger_page() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/api/openapi.json", title="Writers API",
        swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js", swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
        # A token typed into "Authorize" lives in the page's memory only: with this on, Swagger UI
        # would copy it to localStorage["authorized"], readable by any script on our origin and
        # left behind after the tab closes. Pinned off, not left to FastAPI's defaults.
        swagger_ui_parameters={"persistAuthorization": False},
    )


@router.get("/api/docs/assets/{name}")
def swagger_asset(name: str) -> FileResponse:
    if name not in _ASSETS:
        raise HTTPException(status_code=404)
    return FileResponse(ASSETS_DIR / name, media_type=_ASSETS[name],
                        headers={"Cache-Control": "public, max-age=86400"})
