"""The writer's editor preferences as controls: font, size, line width, typewriter scrolling.
Drawn on the settings page and in the editor's "Aa" menu (the same state, the same service)."""

from __future__ import annotations

import reflex as rx

from writers_app.core.localize import persian_digits
from writers_app.state.i18n import I18nState, t
from writers_app.state.writing_prefs import CHOICES, WritingPrefsState

# A font's sample shows both scripts, each drawn in that font (assets/styles.css, .prefs-sample).
SAMPLE = "Aa · آبی"


def _item(group: str, value: str, label: rx.Component, prefix: str) -> rx.Component:
    return rx.el.label(rx.hstack(rx.radio_group.item(value=value, id=f"{prefix}-{group}-{value}"), label,
                                 align="center", spacing="1"), class_name="prefs-choice")


def _group(name: str, prefix: str, items: list[rx.Component]) -> rx.Component:
    return rx.vstack(
        rx.text(t(f"prefs.{name}"), size="2", weight="medium"),
        rx.radio_group.root(
            rx.flex(*items, wrap="wrap", direction="row", class_name="prefs-options"),
            value=getattr(WritingPrefsState, name),
            on_change=lambda v: WritingPrefsState.choose(name, v),
            id=f"{prefix}-{name}",
            # Radix sets dir="ltr" on a radio group it is not told the direction of.
            custom_attrs={"dir": I18nState.dir},
        ),
        spacing="2",
        width="100%",
    )


def _font_label(font: str) -> rx.Component:
    return rx.hstack(rx.text(SAMPLE, as_="span", size="4", class_name="prefs-sample", custom_attrs={"data-font": font}),
                     rx.text(t(f"prefs.font.{font}"), size="1", color_scheme="gray"), align="center", spacing="2")


def _size_label(size: int) -> rx.Component:
    return rx.text(rx.cond(I18nState.is_fa, persian_digits(str(size)), str(size)), size="2")


def prefs_controls(prefix: str, *, with_typewriter: bool = True) -> rx.Component:
    """The four choices; element ids start with `prefix` ("prefs" on the settings page, "aa" in
    the editor's menu), e.g. `prefs-size-20`."""
    groups = [
        _group("font", prefix, [_item("font", f, _font_label(f), prefix) for f in CHOICES['font']]),
        _group("size", prefix, [_item("size", str(s), _size_label(s), prefix) for s in CHOICES['size']]),
        _group("width", prefix, [_item("width", w, rx.text(t(f"prefs.width.{w}"), size="2"), prefix) for w in CHOICES['width']]),
    ]
    if with_typewriter:
        groups.append(rx.vstack(
            _group("typewriter", prefix,
                   [_item("typewriter", m, rx.text(t(f"prefs.typewriter.{m}"), size="2"), prefix) for m in CHOICES['typewriter']]),
            rx.text(t("prefs.typewriter_hint"), size="1", color_scheme="gray"), spacing="1", width="100%"))
    return rx.vstack(*groups, spacing="4", width="100%")


def prefs_menu() -> rx.Component:
    """The editor toolbar's "Aa" button and the menu it opens."""
    label = t("editor.prefs")
    return rx.popover.root(
        # An icon like every toolbar button (lucide's "Aa"): no letters posing as one.
        rx.popover.trigger(rx.el.button(rx.icon("a_large_small", size=17), type="button", class_name="we-btn we-aa",
                                        id="tb-prefs", title=label, aria_label=label)),
        rx.popover.content(prefs_controls("aa"), dir=I18nState.dir, lang=I18nState.lang, side="bottom", align="end",
                           max_width="min(24rem, calc(100vw - 1rem))", id="prefs-menu", aria_label=label),
    )


def prefs_attrs() -> dict[str, rx.Var]:
    """The data attributes the style sheet reads to draw the editor's text (font, size, width)
    and typewriter.js reads to know when to hold the caret line."""
    return {"data-font": WritingPrefsState.font, "data-size": WritingPrefsState.size,
            "data-width": WritingPrefsState.width, "data-typewriter": WritingPrefsState.typewriter}
