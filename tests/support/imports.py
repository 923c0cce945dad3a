"""The project's import graph, read from the source (top-level imports and those inside
functions alike), and the rules it must keep. Used by tests/unit/test_architecture.py."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("writers_app", "workers")

# (importer prefix, imported prefixes it must never reach, importers excused, why)
RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = (
    ("writers_app", ("workers",), ("writers_app.writers_app",),
     "only the app module starts the embedded worker; services send jobs through writers_app.jobs"),
    ("writers_app.services", ("writers_app.pages", "writers_app.state", "writers_app.components", "writers_app.api",
                              "writers_app.writers_app", "writers_app.websocket", "reflex", "fastapi", "starlette"),
     (), "services are rules and queries, shared by the UI, the API and the workers"),
    ("writers_app.formats", ("writers_app.services", "writers_app.db", "writers_app.pages", "writers_app.state",
                             "writers_app.components", "writers_app.api", "reflex", "sqlmodel", "sqlalchemy"),
     (), "file formats are pure code"),
    ("writers_app.analysis", ("writers_app.services", "writers_app.db", "writers_app.pages", "writers_app.state",
                              "writers_app.api", "reflex", "sqlmodel", "sqlalchemy"),
     (), "the analysis engine is pure code"),
    ("writers_app.models", ("writers_app.services", "writers_app.pages", "writers_app.state", "writers_app.api",
                            "writers_app.db", "reflex"), (), "tables and their public shapes only"),
    ("writers_app.metrics", ("writers_app",), (), "instrument definitions are a leaf"),
    ("writers_app.jobs", ("writers_app.services", "writers_app.pages", "writers_app.api", "writers_app.state",
                          "workers"), (), "the jobs module only sends by actor name"),
    ("writers_app.api", ("writers_app.pages", "writers_app.state", "writers_app.components"), (),
     "the HTTP API knows nothing of the Reflex pages"),
    ("writers_app.pages", ("writers_app.api",), (), "pages call services, not HTTP routes"),
    ("writers_app.state", ("writers_app.api", "writers_app.pages"), (), "shared states are below the pages"),
    ("writers_app.components", ("writers_app.api", "writers_app.pages", "writers_app.services", "writers_app.db"), (),
     "components draw; they load nothing"),
)


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # a project module, or the top-level name of a third-party one
    line: int
    in_function: bool
    explained: bool  # a comment on the line above says why it sits inside a function


def modules(root: Path) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports(root: Path) -> list[Import]:
    known = modules(root)

    def resolve(name: str) -> str:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name

    found: list[Import] = []
    for module, path in known.items():
        source = path.read_text()
        lines = source.splitlines()
        tree = ast.parse(source)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        inside = {node.lineno for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                  for node in ast.walk(fn) if isinstance(node, (ast.Import, ast.ImportFrom))}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                names = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            above = _comment_above(lines, node.lineno)
            for name in names:
                target = resolve(name) or name.split(".")[0]
                if target != module:
                    found.append(Import(module, target, node.lineno, node.lineno in inside, above.startswith("#")))
    return found


def _comment_above(lines: list[str], lineno: int) -> str:
    """The comment heading the group of imports that line `lineno` belongs to ("" if none)."""
    index = lineno - 2
    while index >= 0:
        text = lines[index].strip()
        if text.startswith("#"):
            return text
        if not text or text.startswith(("import ", "from ")) or text.endswith(("(", ",")) or text == ")":
            index -= 1
            continue
        return ""
    return ""


def cycles(found: list[Import]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan, iteratively)."""
    graph: dict[str, set[str]] = {}
    for imp in found:
        if imp.target.split(".")[0] in PACKAGES:
            graph.setdefault(imp.importer, set()).add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def forbidden(found: list[Import]) -> list[str]:
    out = []
    for imp in found:
        for importer, targets, excused, why in RULES:
            if _under(imp.importer, importer) and imp.importer not in excused and any(
                    _under(imp.target, t) for t in targets):
                out.append(f"{imp.importer}:{imp.line} imports {imp.target} ({why})")
    return out


def unexplained_late_imports(found: list[Import]) -> list[str]:
    return sorted({f"{imp.importer}:{imp.line}" for imp in found
                   if imp.in_function and not imp.explained and imp.target.split(".")[0] in PACKAGES})
