"""`make dev` set-up: the vite proxy for our HTTP routes and what the backend reloader watches."""

from __future__ import annotations

import os
from pathlib import Path

from reflex_base.compiler.templates import vite_config_template

from writers_app.devserver import add_proxy, reload_paths


def test_proxy_goes_into_reflexs_own_vite_template() -> None:
    config = vite_config_template(base="/", hmr=True, force_full_reload=False, experimental_hmr=False,
                                  sourcemap=False)
    patched = add_proxy(config, 8123)
    assert patched.count("proxy: {") == 1
    assert '"^/api/"' in patched and "healthz" in patched
    assert 'process.env.REFLEX_BACKEND_PORT || "8123"' in patched
    assert add_proxy("no server block", 8000) == "no server block"


def test_reloader_watches_code_not_data(tmp_path: Path) -> None:
    for name in ("writers_app", "workers", "assets", "data", "test-artifacts"):
        (tmp_path / name).mkdir()
    (tmp_path / "rxconfig.py").write_text("")
    watched = {Path(p).name for p in reload_paths(tmp_path).split(os.pathsep)}
    assert watched == {"writers_app", "workers", "assets", "rxconfig.py"}


def test_reflex_init_advice_about_uv_is_replaced():
    import logging

    from writers_app.devserver import quiet_reflex_init_advice

    quiet_reflex_init_advice()
    record = logging.LogRecord("reflex.reflex", 25, __file__, 1, "Initialized writers_app. Install dependencies from "
                               "`requirements.txt` with `uv pip install -r requirements.txt` (or your preferred "
                               "installer) before running `uv run reflex run`.", (), None)
    assert all(f.filter(record) for f in logging.getLogger("reflex.reflex").filters)
    assert "uv" not in record.getMessage() and record.getMessage().startswith("Initialized writers_app.")
