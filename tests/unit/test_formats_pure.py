"""writers_app.formats is pure code: no framework, no database, nothing from the layers above it."""

import ast
from pathlib import Path

FORMATS = Path(__file__).resolve().parents[2] / "writers_app" / "formats"
PACKAGE = ("writers_app", "formats")
FORBIDDEN = ("reflex", "sqlmodel", "sqlalchemy", "writers_app.services", "writers_app.db",
             "writers_app.pages", "writers_app.api", "writers_app.state")


def _imported(tree: ast.AST):
    """(line, names) of every import, also inside functions and `if TYPE_CHECKING:`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield node.lineno, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: `from ..services import x` is writers_app.services
                base = ".".join([*PACKAGE[: len(PACKAGE) - node.level + 1], base]).strip(".")
            # `from writers_app import db` imports a module by its name: check base.name too
            yield node.lineno, [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _forbidden(names: list[str]) -> str | None:
    return next((n for n in names for f in FORBIDDEN if n == f or n.startswith(f + ".")), None)


def test_formats_import_nothing_from_the_app_layers_or_the_database():
    files = sorted(FORMATS.glob("*.py"))
    assert len(files) > 5
    offenders = [f"{path.name}:{lineno} {_forbidden(names)}"
                 for path in files
                 for lineno, names in _imported(ast.parse(path.read_text()))
                 if _forbidden(names)]
    assert not offenders, offenders
