"""Dates drawn by the browser's Intl: Persian users get the Jalali calendar with Persian digits
(`fa-IR`), and a language switch redraws them without asking the server."""

from __future__ import annotations

import reflex as rx
from reflex.vars.function import FunctionStringVar

from writers_app.state.i18n import I18nState

_FORMAT = FunctionStringVar.create(
    "((iso, lang, withTime) => iso ? new Date(iso).toLocaleString(lang === 'fa' ? 'fa-IR' : 'en-GB', "
    "withTime ? {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'} "
    ": {year: 'numeric', month: 'short', day: 'numeric'}) : '')"
)
_NUMBER = FunctionStringVar.create(
    "((n, lang) => Number(n || 0).toLocaleString(lang === 'fa' ? 'fa-IR' : 'en-US', {maximumFractionDigits: 2}))"
)

# For chart axes: the formatter runs in the browser and reads the page's language.
DAY_TICK_FORMATTER = (
    "(v) => new Date(v).toLocaleDateString(document.documentElement.lang === 'fa' ? 'fa-IR' : 'en-GB', "
    "{day: 'numeric', month: 'short'})"
)


def local_date(iso: rx.Var, *, with_time: bool = False) -> rx.Var:
    return _FORMAT.call(iso, I18nState.lang, with_time).to(str)


def local_number(value: rx.Var) -> rx.Var:
    return _NUMBER.call(value, I18nState.lang).to(str)
