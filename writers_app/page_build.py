"""The production build's pages, post-processed (a Reflex plugin: `post_build`, before Reflex
compresses the output).

React Router's `<Scripts>` puts a `<link rel="modulepreload">` in every prerendered page for each
module the route imports (12-20 on /login and the dashboard). Fetched and compiled eagerly, the
modules are ready by the time the HTML is parsed, and Chromium evaluates them and hydrates before
it paints anything: the first paint waits ~100 ms for JavaScript the prerendered page does not
need to be seen (`bench/bench_pages.py --trace`). Each link becomes a plain preload of the same
script: fetched as early, but compiled and run only when the page's own module script imports
it, so the prerendered page is painted first. Only the first document of a visit is affected:
later pages are client-side navigations.
"""

from __future__ import annotations

import re
from pathlib import Path

from reflex_base.plugins.base import Plugin

_MODULEPRELOAD = re.compile(rb'<link rel="modulepreload"[^>]*?/?>')


def without_modulepreloads(html: bytes) -> bytes:
    """Each modulepreload link made a plain preload of the same script (fetched early, not
    compiled or evaluated until the page's module script imports it)."""
    return _MODULEPRELOAD.sub(_as_preload, html)


def _as_preload(match: re.Match) -> bytes:
    link = match.group(0)
    return link.replace(b'rel="modulepreload"', b'rel="preload" as="script" crossorigin=""', 1)


def rewrite_pages(static_dir: Path) -> int:
    """Every built page without its modulepreload links; the number of pages changed."""
    changed = 0
    for page in static_dir.rglob("*.html"):
        before = page.read_bytes()
        after = without_modulepreloads(before)
        if after != before:
            page.write_bytes(after)
            changed += 1
    return changed


class FirstPaintPlugin(Plugin):
    """Prerendered pages painted before their JavaScript runs (see the module doc)."""

    def post_build(self, **context) -> None:  # noqa: ANN003
        static_dir = context.get("static_dir")
        if static_dir is not None:
            rewrite_pages(Path(static_dir))
