"""The keyboard-shortcuts sheet: an accessible dialog (Escape closes it) opened by its button,
by `?` outside a text field and by Ctrl/Cmd+/ anywhere (assets/writers.js presses the button)."""

from __future__ import annotations

import reflex as rx

from writers_app.state.i18n import t

Combo = tuple[str, ...]
# (what it does, its keys on Windows and Linux, on a Mac): each a list of alternatives. Key
# names are printed on the keys themselves, the same in every language.
SHORTCUTS: tuple[tuple[str, tuple[Combo, ...], tuple[Combo, ...]], ...] = (
    ("shortcuts.bold", (("Ctrl", "B"),), (("⌘", "B"),)),
    ("shortcuts.italic", (("Ctrl", "I"),), (("⌘", "I"),)),
    ("shortcuts.heading1", (("Ctrl", "Alt", "1"),), (("⌘", "⌥", "1"),)),
    ("shortcuts.heading2", (("Ctrl", "Alt", "2"),), (("⌘", "⌥", "2"),)),
    ("shortcuts.heading3", (("Ctrl", "Alt", "3"),), (("⌘", "⌥", "3"),)),
    ("shortcuts.bullet_list", (("Ctrl", "Shift", "8"),), (("⌘", "⇧", "8"),)),
    ("shortcuts.ordered_list", (("Ctrl", "Shift", "7"),), (("⌘", "⇧", "7"),)),
    ("shortcuts.undo", (("Ctrl", "Z"),), (("⌘", "Z"),)),
    ("shortcuts.redo", (("Ctrl", "Shift", "Z"), ("Ctrl", "Y")), (("⌘", "⇧", "Z"),)),
    ("shortcuts.find", (("Ctrl", "F"),), (("⌘", "F"),)),
    ("shortcuts.replace", (("Ctrl", "H"),), (("⌘", "⌥", "F"),)),
    ("shortcuts.save", (("Ctrl", "S"),), (("⌘", "S"),)),
    ("shortcuts.start_end", (("Ctrl", "Home"), ("Ctrl", "End")), (("⌘", "Home"), ("⌘", "End"))),
    ("shortcuts.outline", (("Alt", "Shift", "O"),), (("⌥", "⇧", "O"),)),
    ("shortcuts.focus", (("Ctrl", "Shift", "F"),), (("⌘", "⇧", "F"),)),
    ("shortcuts.leave", (("Esc",),), (("Esc",),)),
    ("shortcuts.sheet", (("?",), ("Ctrl", "/")), (("?",), ("⌘", "/"))),
)


def _combo(keys: Combo) -> rx.Component:
    parts: list[rx.Component] = []
    for n, key in enumerate(keys):
        if n:
            parts.append(rx.el.span("+", class_name="shortcut-plus"))
        parts.append(rx.el.kbd(key))
    return rx.el.span(*parts, class_name="shortcut-combo")


def _keys(combos: tuple[Combo, ...]) -> rx.Component:
    parts: list[rx.Component] = []
    for n, combo in enumerate(combos):
        if n:
            parts.append(rx.el.span("/", class_name="shortcut-or"))
        parts.append(_combo(combo))
    # Keys read left to right in a Persian page too, as they are printed.
    return rx.el.span(*parts, class_name="shortcut-keys", dir="ltr")


def shortcuts_dialog() -> rx.Component:
    """The sheet and its button (id `shortcuts-open`, which the page script presses)."""
    rows = [rx.table.row(rx.table.row_header_cell(t(label)), rx.table.cell(_keys(pc)), rx.table.cell(_keys(mac)),
                         class_name="shortcut-row")
            for label, pc, mac in SHORTCUTS]
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.icon_button(rx.icon("keyboard", size=18), variant="soft", size="3", id="shortcuts-open",
                           aria_label=t("shortcuts.open"), title=t("shortcuts.open"), custom_attrs={"aria-keyshortcuts": "? Control+/"}),
        ),
        rx.dialog.content(
            rx.dialog.title(t("shortcuts.title")),
            rx.dialog.description(t("shortcuts.intro"), size="2", color_scheme="gray", margin_bottom="0.75rem"),
            rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell(t("shortcuts.action")),
                    rx.table.column_header_cell(t("shortcuts.pc")),
                    rx.table.column_header_cell(t("shortcuts.mac")),
                )),
                rx.table.body(*rows),
                size="1", variant="ghost", width="100%",
            ),
            rx.flex(rx.dialog.close(rx.button(t("common.close"), variant="soft", color_scheme="gray",
                                              id="shortcuts-close")),
                    justify="end", margin_top="1rem"),
            max_width="44rem", id="shortcuts-sheet",
        ),
    )
