"""Numbers, percentages and dates drawn by the browser's Intl: Persian readers get Persian digits
and the Jalali calendar (`fa-IR`), and a language switch redraws them without asking the server.
The same rules for text made on the server are in `core/localize.py`."""

from __future__ import annotations

import reflex as rx
from reflex.vars.function import FunctionStringVar

from writers_app.state.i18n import I18nState

# A date without a time ("2026-12-01") is a calendar day: drawn in UTC, it stays that day in
# every time zone.
_FORMAT = FunctionStringVar.create(
    "((iso, lang, withTime) => iso ? new Date(iso).toLocaleString(lang === 'fa' ? 'fa-IR' : 'en-GB', "
    "withTime ? {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'} "
    ": {year: 'numeric', month: 'short', day: 'numeric', ...(String(iso).length === 10 ? {timeZone: 'UTC'} : {})}) "
    ": '')"
)
_NUMBER = FunctionStringVar.create(
    "((n, lang) => Number(n || 0).toLocaleString(lang === 'fa' ? 'fa-IR' : 'en-US', {maximumFractionDigits: 2}))"
)

_DIGITS = FunctionStringVar.create(
    "((n, lang) => lang === 'fa' ? String(n ?? '').replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]) : String(n ?? ''))"
)

_PERCENT = FunctionStringVar.create(
    "((n, lang) => Number(n || 0).toLocaleString(lang === 'fa' ? 'fa-IR' : 'en-US', {maximumFractionDigits: 0})"
    " + (lang === 'fa' ? '٪' : '%'))"
)


def local_date(iso: rx.Var, *, with_time: bool = False) -> rx.Var:
    return _FORMAT.call(iso, I18nState.lang, with_time).to(str)


def local_date_span(iso: rx.Var, *, with_time: bool = False, **props) -> rx.Component:
    """A date isolated from the text around it (`<bdi>`), so "۱۰ آذر ۱۴۰۵" never reorders
    beside Latin text or punctuation."""
    return rx.el.bdi(local_date(iso, with_time=with_time), **props)


def local_number(value: rx.Var) -> rx.Var:
    return _NUMBER.call(value, I18nState.lang).to(str)


def local_digits(value: rx.Var) -> rx.Var:
    """The digits of a value as they are (no grouping), in Persian form for Persian readers:
    for inputs, whose text is read back ("۵۰۰" parses as 500 in Python)."""
    return _DIGITS.call(value, I18nState.lang).to(str)


def local_percent(value: rx.Var) -> rx.Var:
    """"33%" or "۳۳٪" (Persian puts the sign after the number)."""
    return _PERCENT.call(value, I18nState.lang).to(str)

