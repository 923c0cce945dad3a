"""Numbers, percentages, sizes and dates as a reader of each language writes them: Persian
digits, ٪ after the number and the Jalali calendar in Persian; Latin digits and the Gregorian
calendar in English. The browser does the same for live values (`components/dates.py`); this
side serves text made once on the server (limits in hints, the date picker's options)."""

from __future__ import annotations

from datetime import date, datetime

import jdatetime

_PERSIAN_DIGITS = str.maketrans("0123456789.,", "۰۱۲۳۴۵۶۷۸۹٫٬")
JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                 "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
_SIZE_UNITS = (("GB", "گیگابایت", 1024 ** 3), ("MB", "مگابایت", 1024 ** 2), ("KB", "کیلوبایت", 1024))


def persian_digits(text: str) -> str:
    """Latin digits (and the decimal and grouping marks between them) in Persian form."""
    return text.translate(_PERSIAN_DIGITS)


def number(value: float, lang: str) -> str:
    """Grouped, at most two decimals: "1,234.5" or "۱٬۲۳۴٫۵"."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return persian_digits(text) if lang == "fa" else text


def percent(value: float, lang: str) -> str:
    """"33%" in English; "۳۳٪" in Persian (the sign follows the number, read right to left)."""
    return number(value, lang) + ("٪" if lang == "fa" else "%")


def size(n_bytes: int, lang: str) -> str:
    """A file size in the largest whole-ish unit: "20 MB", "۲۰ مگابایت"."""
    for english, persian, unit in _SIZE_UNITS:
        if n_bytes >= unit:
            amount = round(n_bytes / unit, 1)
            amount = int(amount) if amount == int(amount) else amount
            return f"{number(amount, lang)} {persian if lang == 'fa' else english}"
    return f"{number(n_bytes, lang)} {'بایت' if lang == 'fa' else 'bytes'}"


def jalali(day: date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in the Jalali calendar."""
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Jalali one; ValueError when it does not exist (31 Mehr)."""
    return jdatetime.date(year, month, day).togregorian()


def month_length(year: int, month: int) -> int:
    """Days in a Jalali month: 31 for the first six, 30 for the next five, 29/30 for Esfand."""
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def date_text(value: date | datetime, lang: str, *, with_time: bool = False) -> str:
    """"1 Dec 2026" or "۱۰ آذر ۱۴۰۵" (day, month name, year), optionally with "21:41"."""
    day = value.date() if isinstance(value, datetime) else value
    if lang == "fa":
        y, m, d = jalali(day)
        text = persian_digits(f"{d} {JALALI_MONTHS[m - 1]} {y}")
    else:
        text = f"{day.day} {day.strftime('%b')} {day.year}"
    if with_time and isinstance(value, datetime):
        clock = value.strftime("%H:%M")
        text += f"، {persian_digits(clock)}" if lang == "fa" else f", {clock}"
    return text
