"""A date field in the reader's calendar: in Persian, day / month / year selects of the Jalali
calendar; in English, the browser's own date input. Either way the value handed to `on_pick`
is the same ISO date ("2026-12-01"), or "" to clear it."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.vars.function import FunctionStringVar

from writers_app.core.localize import JALALI_MONTHS, jalali, persian_digits
from writers_app.core.security import utcnow
from writers_app.state.i18n import I18nState, t

# The Jalali part (0 year, 1 month, 2 day) of an ISO date, read with the browser's ICU
# Persian calendar, as a string; "" without a date.
_FORMATTER = ("new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', "
              "{timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric'})")
_PARTS = ("const parts = (t) => { const p = {}; " + _FORMATTER + ".formatToParts(new Date(t))"
          ".forEach((x) => { p[x.type] = x.value; }); "
          "return [parseInt(p.year, 10), parseInt(p.month, 10), parseInt(p.day, 10)]; };")
_PART = FunctionStringVar.create(
    "((iso, i) => { if (!iso) return ''; " + _PARTS + " return String(parts(Date.parse(iso))[i]); })")
# The ISO date after changing one Jalali part of `iso` (today's date when empty): find
# 1 Farvardin near 20 March, add the days of the months before (31 x 6, then 30), and step
# back into the month when the day does not exist there (31 Mehr, 30 Esfand of a common year).
_WITH_PART = FunctionStringVar.create(
    "((iso, i, value) => { " + _PARTS +
    " const now = new Date();"
    " const j = parts(iso ? Date.parse(iso) : Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));"
    " j[i] = parseInt(value, 10);"
    " let t = Date.UTC(j[0] + 621, 2, 17);"
    " for (let k = 0; k < 8 && !(parts(t)[1] === 1 && parts(t)[2] === 1); k++) t += 864e5;"
    " t += ((j[1] <= 7 ? (j[1] - 1) * 31 : 186 + (j[1] - 7) * 30) + j[2] - 1) * 864e5;"
    " for (let k = 0; k < 3 && parts(t)[1] !== j[1]; k++) t -= 864e5;"
    " return new Date(t).toISOString().slice(0, 10); })")
YEARS_BEFORE, YEARS_AFTER = 5, 15


def _select(value: rx.Var, on_pick: Callable, part: int, items: list[tuple[str, str]], *, label_key: str,
            id: str, width: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder=t(label_key), aria_label=t(label_key), id=id, width=width),
        rx.select.content(*[rx.select.item(label, value=v) for v, label in items]),
        value=_PART.call(value, part).to(str),
        on_change=lambda chosen: on_pick(_WITH_PART.call(value, part, chosen).to(str)),
        size="3",
    )


def jalali_date_picker(value: rx.Var, on_pick: Callable, *, id: str, label_key: str) -> rx.Component:
    """Day, month and year selects for an ISO date var; `on_pick` is an event handler taking
    the new ISO date (or "")."""
    this_year = jalali(utcnow().date())[0]
    days = [(str(d), persian_digits(str(d))) for d in range(1, 32)]
    months = [(str(m), name) for m, name in enumerate(JALALI_MONTHS, 1)]
    years = [(str(y), persian_digits(str(y))) for y in range(this_year - YEARS_BEFORE, this_year + YEARS_AFTER + 1)]
    return rx.hstack(
        _select(value, on_pick, 2, days, label_key="date.day", id=f"{id}-day", width="4.5rem"),
        _select(value, on_pick, 1, months, label_key="date.month", id=f"{id}-month", width="7.5rem"),
        _select(value, on_pick, 0, years, label_key="date.year", id=f"{id}-year", width="5.5rem"),
        rx.cond(value != "", rx.icon_button(rx.icon("x", size=14), variant="ghost", size="2", type="button",
                                            on_click=on_pick(""), aria_label=t("date.clear"),
                                            title=t("date.clear"), id=f"{id}-clear")),
        spacing="1", align="center", id=id, aria_label=t(label_key),
        custom_attrs={"role": "group", "data-iso": value},
    )


def date_field(value: rx.Var, on_pick: Callable, *, id: str, key: rx.Var | str, label_key: str) -> rx.Component:
    """The Jalali selects for a Persian reader, the browser's date input (ISO) for others."""
    return rx.cond(
        I18nState.is_fa,
        jalali_date_picker(value, on_pick, id=f"{id}-jalali", label_key=label_key),
        rx.input(default_value=value, on_blur=on_pick, type="date", aria_label=t(label_key), title=t(label_key),
                 id=id, size="3", width="11rem", key=key),
    )
