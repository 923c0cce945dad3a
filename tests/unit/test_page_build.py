"""The production build's pages, post-processed (writers_app/page_build.py): modulepreload links
are removed, so the prerendered page is painted before its modules are fetched and run."""

from __future__ import annotations

from pathlib import Path

import rxconfig
from writers_app.page_build import FirstPaintPlugin, rewrite_pages, without_modulepreloads

PAGE = (b'<html><head><link rel="modulepreload" href="/assets/root-BgdFxdVl.js"/>'
        b'<link rel="modulepreload" href="/assets/entry.client-D3JR-U0f.js" crossorigin="anonymous"/>'
        b'<link href="/assets/styles.css" rel="stylesheet" type="text/css"/></head>'
        b'<body><p>rel="modulepreload" in text stays</p><script type="module">import("/assets/manifest.js");</script>'
        b'</body></html>')


def test_every_modulepreload_link_is_removed_and_nothing_else() -> None:
    out = without_modulepreloads(PAGE)
    assert b"modulepreload\"" not in out.replace(b'<p>rel="modulepreload" in text stays</p>', b"")
    assert b"/assets/root-BgdFxdVl.js" not in out and b"/assets/entry.client-D3JR-U0f.js" not in out
    assert out == (b'<html><head><link href="/assets/styles.css" rel="stylesheet" type="text/css"/></head>'
                   b'<body><p>rel="modulepreload" in text stays</p><script type="module">'
                   b'import("/assets/manifest.js");</script></body></html>')
    assert without_modulepreloads(out) == out  # a second pass changes nothing


def test_the_plugin_rewrites_every_built_page_and_leaves_the_rest(tmp_path: Path) -> None:
    (tmp_path / "login").mkdir()
    (tmp_path / "login" / "index.html").write_bytes(PAGE)
    (tmp_path / "404.html").write_bytes(PAGE)
    script = b'const s = \'<link rel="modulepreload" href="/x.js"/>\';'
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "chunk.js").write_bytes(script)
    FirstPaintPlugin().post_build(static_dir=tmp_path)
    for page in (tmp_path / "login" / "index.html", tmp_path / "404.html"):
        assert page.read_bytes() == without_modulepreloads(PAGE)
    assert (tmp_path / "assets" / "chunk.js").read_bytes() == script
    assert rewrite_pages(tmp_path) == 0  # already done


def test_the_app_builds_with_the_plugin() -> None:
    assert any(isinstance(plugin, FirstPaintPlugin) for plugin in rxconfig.config.plugins)
