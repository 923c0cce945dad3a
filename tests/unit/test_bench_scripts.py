"""Every script in bench/ still imports: a bench is run by hand, so nothing else notices when a
name it imports from another module moves (bench_memory imported the websocket client from
bench_events long after it had moved to tests/support)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPTS = sorted(BENCH.glob("*.py"))
LIBRARIES = {"bare_fastapi", "blank_app"}  # imported by the benches, not run


def test_bench_has_scripts() -> None:
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_bench_script_imports(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))  # the scripts put bench/ and the root on it
    name = f"_bench_import_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)  # runs the module's top level, not its main()
    assert callable(getattr(module, "main", None)) or path.stem in LIBRARIES, f"{path.name} has no main()"
