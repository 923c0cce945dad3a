"""User-facing string literals that bypass the translation table, found by reading the pages
and components with ast.

Flagged: a string literal (or the literal part of an f-string) given as a positional child to
a Reflex component (`rx.text("Save")`, `rx.button(icon, "Run")`, `rx.cond(c, "Yes", "No")`),
or as a prop people read (`placeholder=`, `aria_label=`, `title=`, `alt=`, `label=`,
`content=`) to any call. Not flagged: literals without a letter ("→", "%", "«"), the icon name
of `rx.icon("sparkles")`, ids, class names and CSS values ("run-analysis", "var(--gray-a3)"),
translation keys handed to our own helpers (`submit_button("auth.login_button")`), calls that
take no text (`rx.match` cases, `rx.redirect`, `rx.call_script`...), and ALLOWED.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_DIRS = (ROOT / "writers_app" / "pages", ROOT / "writers_app" / "components")

# Deliberate exceptions: the text is the same in every language.
ALLOWED = {
    "English", "فارسی",  # the language switch names each language in itself
    "Writers",  # the brand, where the app name is a logo rather than a sentence
    "wrt_",  # the prefix of a personal API token
}
READ_PROPS = {"placeholder", "aria_label", "title", "alt", "label", "content", "description"}
# rx.* calls whose string arguments are not shown as text.
NOT_TEXT = {"icon", "match", "redirect", "call_script", "color", "create", "script", "set_clipboard", "download",
            "console_log", "selected_files", "clear_selected_files", "upload_files", "Cookie", "LocalStorage",
            "breakpoints", "call_function", "set_value", "scroll_to", "remove_cookie", "remove_local_storage",
            "get_upload_url", "vars", "Var", "image", "asset", "memo", "moment", "format"}
_LETTER = re.compile(r"[^\W\d_]")
_NOT_WORDS = re.compile(
    r"[a-z0-9]+([-_][a-z0-9]+)+"  # ids and class names: run-analysis, stat_row
    r"|[a-z][a-z0-9_]*(\.[a-z0-9_]+)+"  # a translation key (rx.* calls: flagged separately below)
    r"|.*\b(var|calc|rgba?|hsla?|url)\(.*|-?[\d.]+(px|rem|em|vh|vw|%|ch|s|ms)?( -?[\d.]+(px|rem|em|%))*"  # CSS
    r"|#[0-9a-fA-F]{3,8}|/[\w/\-\[\].]*|https?://\S+"  # colours, paths, example addresses
)
_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")


@dataclass(frozen=True)
class Offender:
    text: str
    where: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text!r}"


def _rx_path(func: ast.AST) -> list[str] | None:
    """['text'] for rx.text, ['table', 'cell'] for rx.table.cell, None for anything not rx.*."""
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.insert(0, func.attr)
        func = func.value
    return parts if isinstance(func, ast.Name) and func.id == "rx" and parts else None


def _literals(node: ast.AST) -> list[ast.Constant]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [part for part in node.values if isinstance(part, ast.Constant)]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _is_words(text: str, *, key_is_text: bool) -> bool:
    stripped = text.strip()
    if not _LETTER.search(stripped) or stripped in ALLOWED:
        return False
    if _KEY.fullmatch(stripped):
        return key_is_text  # a key shown as it is, instead of its translation
    return not _NOT_WORDS.fullmatch(stripped)


class _Walker:
    """Walks a module knowing, for every literal, whether it is shown: a positional child of
    a component, a branch of an rx.cond that is itself shown, or a prop people read."""

    def __init__(self, where: str):
        self.where, self.found = where, []
        self.returns_drawn = [True]

    def flag(self, node: ast.AST, *, key_is_text: bool) -> None:
        self.found += [Offender(c.value, f"{self.where}:{c.lineno}") for c in _literals(node)
                       if _is_words(c.value, key_is_text=key_is_text)]

    def visit(self, node: ast.AST, shown: bool) -> None:
        if isinstance(node, ast.Call):
            self.call(node, shown)
        elif _literals(node) and shown:
            self.flag(node, key_is_text=True)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # A function annotated to return something other than a component (keys, rows) is
            # not drawing: its results are not shown as they are.
            self.returns_drawn.append(node.returns is None or "Component" in ast.unparse(node.returns))
            for child in node.body:
                self.visit(child, False)
            self.returns_drawn.pop()
        elif isinstance(node, ast.Return) and node.value is not None:
            self.visit(node.value, self.returns_drawn[-1])  # a component function's result is drawn
        else:
            for child in ast.iter_child_nodes(node):
                # A list or a starred comprehension of children is still children.
                keep = shown and isinstance(node, (ast.List, ast.Tuple, ast.Starred, ast.ListComp, ast.IfExp))
                self.visit(child, keep if not isinstance(node, ast.Lambda) else True)

    def call(self, node: ast.Call, shown: bool) -> None:
        path = _rx_path(node.func)
        if path is None:  # our own helpers take keys, not text; a lambda body (rx.foreach) is a component
            args_shown = False
        elif path[-1] == "cond":
            self.visit(node.args[0], False) if node.args else None
            for arg in node.args[1:]:
                self.visit(arg, shown)
            args_shown = None
        else:
            args_shown = path[-1] not in NOT_TEXT and not (path[0] == "el" and path[-1] == "script")
        if args_shown is not None:
            for arg in node.args:
                self.visit(arg, args_shown)
        self.visit(node.func, False)
        for keyword in node.keywords:
            if keyword.arg in READ_PROPS:
                if _literals(keyword.value):
                    self.flag(keyword.value, key_is_text=path is not None)
                else:
                    self.visit(keyword.value, True)
            else:
                self.visit(keyword.value, False)


def offenders_in(source: str, where: str) -> list[Offender]:
    walker = _Walker(where)
    # A function's return value, a module-level component: shown if it is an rx.cond of literals.
    walker.visit(ast.parse(source), True)
    return walker.found


def offenders() -> list[Offender]:
    found: list[Offender] = []
    for directory in UI_DIRS:
        for path in sorted(directory.rglob("*.py")):
            found += offenders_in(path.read_text(), path.relative_to(ROOT).as_posix())
    return found
