"""The production build's pages, post-processed (a Reflex plugin: `post_build`, before Reflex
compresses the output).

React Router's `<Scripts>` puts a `<link rel="modulepreload">` in the `<head>` of every
prerendered page for each module the route imports (12-20 on /login and the dashboard). They
delay the first paint, which the prerendered page does not need any JavaScript for:
- as modulepreloads, the modules are fetched and compiled by the time the HTML is parsed, and
  Chromium evaluates them and hydrates (a ~100 ms task) before it paints anything;
- as plain preloads of the same scripts (this plugin's first form: fetched early, compiled only
  when imported), the first frame still came ~50-70 ms later than without them: with the
  links served, the page's first animation frame came after its HTML was parsed (/login:
  ~200-250 ms from navigation), without them during the parse (~100-150 ms), as on Reflex's
  blank page (`bench/README.md`, "Session 11": variants of the served page, alternated).
So the links are removed. The modules are fetched when the page's bootstrap module script (at
the end of the body) imports them; hydration came 0-40 ms later in those measurements, and the
pages that matter first (login, registration) are plain HTML forms that work before it. Only the
first document of a visit is affected: later pages are client-side navigations.
"""

from __future__ import annotations

import re
from pathlib import Path

from reflex_base.plugins.base import Plugin

_MODULEPRELOAD = re.compile(rb'<link rel="modulepreload"[^>]*?/?>')


def without_modulepreloads(html: bytes) -> bytes:
    """The page without its modulepreload links (see the module doc)."""
    return _MODULEPRELOAD.sub(b"", html)


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
