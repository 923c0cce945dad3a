"""The architecture holds (docs/architecture.md): imports go one way, with no circle; layers
import only what they may; modules and states stay small. The checks are tested on broken
copies too, so a guard that stopped seeing would fail here."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from tests.support import imports as graph

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 350
MAX_STATE_LINES = 150
LONG_MODULES_ALLOWED = {"writers_app/i18n.py"}  # the translation table


@pytest.fixture(scope="module")
def found() -> list[graph.Import]:
    return graph.imports(ROOT)


def test_no_import_cycle(found):
    assert graph.cycles(found) == []


def test_no_forbidden_import(found):
    assert graph.forbidden(found) == []


def test_no_unexplained_import_inside_a_function(found):
    # An import inside a function hides a circle or defers a cost: the line above says which.
    assert graph.unexplained_late_imports(found) == []


def _copy(tmp_path: Path) -> Path:
    for package in graph.PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + "\n" + text + "\n")


def test_the_guard_sees_an_added_cycle(tmp_path):
    root = _copy(tmp_path)
    _append(root / "writers_app" / "settings.py", "from writers_app.services import tasks  # noqa")
    assert any("writers_app.settings" in group for group in graph.cycles(graph.imports(root)))


def test_the_guard_sees_a_cycle_hidden_in_a_function(tmp_path):
    root = _copy(tmp_path)
    _append(root / "writers_app" / "services" / "errors.py",
            "def _late():\n    # a reason\n    from writers_app.services import tasks  # noqa: F401")
    assert any("writers_app.services.errors" in group for group in graph.cycles(graph.imports(root)))


@pytest.mark.parametrize("module, line", [
    ("writers_app/services/tasks.py", "from workers.actors import process  # noqa"),
    ("writers_app/services/tasks.py", "from writers_app.pages.dashboard import state  # noqa"),
    ("writers_app/services/tasks.py", "import reflex  # noqa"),
    ("writers_app/formats/__init__.py", "from writers_app.services import tasks  # noqa"),
    ("writers_app/metrics.py", "from writers_app import settings  # noqa"),
    ("writers_app/api/health.py", "from writers_app.pages.editor import state  # noqa"),
])
def test_the_guard_sees_a_forbidden_import(tmp_path, module, line):
    root = _copy(tmp_path)
    if not (root / module).exists():
        pytest.fail(f"{module} is gone: point this case at its successor")
    _append(root / module, line)
    assert graph.forbidden(graph.imports(root))


def test_the_guard_sees_an_unexplained_late_import(tmp_path):
    root = _copy(tmp_path)
    _append(root / "writers_app" / "routes.py", "def _late():\n    from writers_app import settings  # noqa: F401")
    added = f"writers_app.routes:{len((root / 'writers_app' / 'routes.py').read_text().splitlines())}"
    assert added in graph.unexplained_late_imports(graph.imports(root))


def _python_files():
    for package in graph.PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def test_no_module_is_long():
    long = {str(p.relative_to(ROOT)): n for p in _python_files()
            if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert set(long) <= LONG_MODULES_ALLOWED, long


def _is_state(node: ast.ClassDef) -> bool:
    names = {ast.unparse(base) for base in node.bases}
    return bool(names & {"rx.State", "State", "AdminPageState"}) or any(n.endswith("State") for n in names)


def test_no_reflex_state_is_long():
    long = {}
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and _is_state(node):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_STATE_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = size
    assert long == {}


def test_the_architecture_page_and_readme_name_every_package():
    page, readme = (ROOT / "docs" / "architecture.md").read_text(), (ROOT / "README.md").read_text()
    for package in graph.PACKAGES:
        for child in sorted((ROOT / package).iterdir()):
            if child.name.startswith(("_", ".")) or child.suffix not in ("", ".py"):
                continue
            name = child.name + ("/" if child.is_dir() else "")
            assert name in page, f"docs/architecture.md does not place {package}/{name}"
            if package == "writers_app" and child.is_dir():
                assert name in readme, f"README's tree lacks {package}/{name}"
