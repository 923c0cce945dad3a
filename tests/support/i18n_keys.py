"""Every translation key the code uses, found by reading it (ast for Python, a regex for the
editor's JavaScript), so a key used anywhere and missing from the table fails a test.

A key is taken, whatever its shape or namespace, from the places that always hold one:
  t("k"), translate("k", lang), I18nState.t["k"], t(cond) / translate(cond) on literals,
  ServiceError("k") and its kinds (NotFound("k"), ExtractionError("k"), ...), ApiError(status, "k"),
  message= / title= / error= / notice= / failure_reason= / action= ... as keywords, and
  assignments to such names (self.error = "k", self.busy, self.notice = False, "k").
Anywhere else (constants, sets of allowed codes, dicts), a literal shaped like a key whose first
part is a namespace of the table ("auth.", "status.", ...) is one too, unless NOT_KEYS says not.
A literal prefix joined at run time ("status." + s, f"role.{r}") is a family: the test of
families built at run time lists them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "writers_app"

KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
# Calls whose first string argument is a key; ApiError takes the status first.
TRANSLATORS = {"t", "translate", "describe"}
ERROR_CLASSES = re.compile(r"(ServiceError|NotFound|Forbidden|Conflict|\w+Error)$")
# Names (keywords, attributes, variables) that hold a key when given a key-shaped literal.
KEY_NAMES = re.compile(r"^(key|label_key|title_key|message_key)$"
                       r"|(^|_)(error|errors|notice|failure|failure_reason|reason|message|code|action|title|label|hint)$",
                       re.IGNORECASE)
# Key-shaped literals in a known namespace that are not translation keys.
NOT_KEYS_FROM = ("writers_app.services.webhooks:EVENTS",)  # event names such as "task.analysed"
# Vendored files, and the tables themselves (a definition is not a use).
SKIPPED = ("api/static/", "writers_app/i18n.py", "writers_app/analysis/messages.py", "writers_app/formats/messages.py")


@dataclass(frozen=True)
class Use:
    key: str
    where: str  # file:line

    def __str__(self) -> str:
        return f"{self.key} ({self.where})"


def _strings(node: ast.AST | None) -> Iterable[ast.Constant]:
    """String literals a value can evaluate to: itself, either side of `a if c else b`, items of
    a tuple/list/set (a tuple assignment is unpacked by the caller)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _strings(value)


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_i18n_table(node: ast.AST) -> bool:
    """`I18nState.t` (or anything `.t` on a name ending in I18nState)."""
    return isinstance(node, ast.Attribute) and node.attr == "t" and _name(node.value).endswith("I18nState")


class _Collector(ast.NodeVisitor):
    def __init__(self, where: str, namespaces: set[str]):
        self.where, self.namespaces = where, namespaces
        self.uses: list[Use] = []
        self.claimed: set[int] = set()  # literals already judged by their context
        self.constants: dict[str, ast.Constant] = {}  # module-level NAME = "literal"

    def find_constants(self, tree: ast.Module) -> None:
        for node in tree.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                self.constants[node.targets[0].id] = node.value

    def _add(self, node: ast.AST | None, *, any_shape: bool) -> None:
        if isinstance(node, ast.Name) and node.id in self.constants:  # t(EMPTY) with EMPTY = "stats.empty"
            node = self.constants[node.id]
        for constant in _strings(node):
            self.claimed.add(id(constant))
            value = constant.value
            if value and (any_shape or KEY_SHAPE.fullmatch(value)):
                self.uses.append(Use(value, f"{self.where}:{constant.lineno}"))

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if name in TRANSLATORS and node.args:
            self._add(node.args[0], any_shape=name in ("t", "translate"))
        elif ERROR_CLASSES.search(name) and name[:1].isupper():
            for arg in node.args:
                self._add(arg, any_shape=False)
        for keyword in node.keywords:
            if keyword.arg and KEY_NAMES.search(keyword.arg):
                self._add(keyword.value, any_shape=False)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if _is_i18n_table(node.value):
            self._add(node.slice, any_shape=True)
        self.generic_visit(node)

    def _assign(self, target: ast.AST, value: ast.AST | None) -> None:
        if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts):
            for one_target, one_value in zip(target.elts, value.elts):
                self._assign(one_target, one_value)
        elif KEY_NAMES.search(_name(target)):
            self._add(value, any_shape=False)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._assign(target, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._assign(node.target, node.value)
        self.generic_visit(node)

    def claim_prefixes(self, tree: ast.AST) -> None:
        """f"status.{s}" and "status." + s are families joined at run time: their literal parts
        are not keys (the test of families lists them)."""
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                self.claimed.update(id(part) for part in node.values)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant):
                self.claimed.add(id(node.left))

    def finish(self, tree: ast.AST) -> None:
        """Any other key-shaped literal in a namespace of the table."""
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in self.claimed
                    and KEY_SHAPE.fullmatch(node.value) and node.value.split(".")[0] in self.namespaces):
                self.uses.append(Use(node.value, f"{self.where}:{node.lineno}"))


def keys_in_python(source: str, where: str, namespaces: set[str]) -> list[Use]:
    tree = ast.parse(source)
    collector = _Collector(where, namespaces)
    collector.claim_prefixes(tree)
    collector.find_constants(tree)
    collector.visit(tree)  # contexts: a literal inside t(...) is a key whatever its shape
    collector.finish(tree)
    return collector.uses


# The editor's labels: `const tr = (key) => ... labels[`editor.${key}`]`, then tr("saved").
_JS_PREFIX = re.compile(r"const\s+(\w+)\s*=\s*\(\s*(\w+)\s*\)\s*=>[^;\n]*labels\[`([\w.]*)\$\{\2\}`\]")
_JS_LABEL = re.compile(r"labels\[\s*[\"']([\w.]+)[\"']\s*\]")


def keys_in_javascript(source: str, where: str) -> list[Use]:
    uses: list[Use] = []

    def line(pos: int) -> str:
        return f"{where}:{source.count(chr(10), 0, pos) + 1}"

    for helper in _JS_PREFIX.finditer(source):
        name, prefix = helper.group(1), helper.group(3)
        for call in re.finditer(rf"\b{name}\(\s*[\"'`]([\w.]+)[\"'`]", source):
            uses.append(Use(prefix + call.group(1), line(call.start())))
    for label in _JS_LABEL.finditer(source):
        uses.append(Use(label.group(1), line(label.start())))
    return uses


def table_namespaces() -> set[str]:
    from writers_app.i18n import MESSAGES

    return {key.split(".")[0] for key in MESSAGES["en"]}


def not_keys() -> set[str]:
    import importlib

    found: set[str] = set()
    for ref in NOT_KEYS_FROM:
        module, name = ref.split(":")
        found |= set(getattr(importlib.import_module(module), name))
    return found


def used_keys(root: Path = APP) -> list[Use]:
    namespaces, uses = table_namespaces(), []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root.parent).as_posix()
        if any(skip in rel for skip in SKIPPED):
            continue
        if path.suffix == ".py":
            uses += keys_in_python(path.read_text(), rel, namespaces)
        elif path.suffix in (".js", ".jsx"):
            uses += keys_in_javascript(path.read_text(), rel)
    for path in sorted((root.parent / "assets").glob("*.js")):
        uses += keys_in_javascript(path.read_text(), path.relative_to(root.parent).as_posix())
    skip = not_keys()
    return [use for use in uses if use.key not in skip]


def untranslated(uses: Iterable[Use]) -> list[str]:
    """Uses whose key is missing, or empty in English or Persian."""
    from writers_app.i18n import LANGUAGES, MESSAGES

    return sorted({str(use) for use in uses
                   if any(not MESSAGES[lang].get(use.key, "").strip() for lang in LANGUAGES)})
