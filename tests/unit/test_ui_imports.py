"""The UI layer imports one way: a page package's parts import its state at the top. An import
inside a function hides a circle, so one is allowed only under a comment saying why."""

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "writers_app"
PROJECT = ("writers_app", "workers")


def _late_imports(path: Path):
    lines = path.read_text().splitlines()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for inner in ast.walk(node):
            names = ([inner.module or ""] if isinstance(inner, ast.ImportFrom)
                     else [a.name for a in inner.names] if isinstance(inner, ast.Import) else [])
            if any(n.split(".")[0] in PROJECT for n in names):
                above = lines[inner.lineno - 2].strip() if inner.lineno > 1 else ""
                if not above.startswith("#"):
                    yield f"{path.relative_to(UI.parent)}:{inner.lineno}"


def test_no_unexplained_import_inside_a_function():
    files = [p for part in ("pages", "components", "state") for p in (UI / part).rglob("*.py")]
    assert files
    offenders = [hit for path in files for hit in _late_imports(path)]
    assert not offenders, offenders
