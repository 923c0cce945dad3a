"""The one formatting module: Persian digits, ٪ after the number, sizes, Jalali dates (the
dashboard chart's ticks and labels: test_dashboard_chart.py)."""

from datetime import date, datetime

import pytest

from writers_app.core import localize


def test_persian_digits_replace_every_latin_digit_and_mark():
    assert localize.persian_digits("1,234.5 of 500") == "۱٬۲۳۴٫۵ of ۵۰۰"
    assert localize.number(1234, "fa") == "۱٬۲۳۴" and localize.number(1234, "en") == "1,234"
    assert localize.number(2.50, "en") == "2.5" and localize.number(3.0, "fa") == "۳"


def test_percent_sign_follows_the_number_in_each_script():
    assert localize.percent(9, "en") == "9%"
    assert localize.percent(33, "fa") == "۳۳٪"  # never "٪33" nor "33%"


@pytest.mark.parametrize("n_bytes, en, fa", [
    (20 * 1024 * 1024, "20 MB", "۲۰ مگابایت"),
    (1536, "1.5 KB", "۱٫۵ کیلوبایت"),
    (3 * 1024 ** 3, "3 GB", "۳ گیگابایت"),
    (512, "512 bytes", "۵۱۲ بایت"),
])
def test_sizes_in_the_largest_unit(n_bytes, en, fa):
    assert localize.size(n_bytes, "en") == en and localize.size(n_bytes, "fa") == fa


def test_jalali_dates_both_ways():
    assert localize.jalali(date(2026, 12, 1)) == (1405, 9, 10)
    assert localize.jalali(date(2026, 3, 21)) == (1405, 1, 1)  # Nowruz
    assert localize.gregorian(1405, 9, 10) == date(2026, 12, 1)
    assert localize.gregorian(1403, 12, 30) == date(2025, 3, 20)  # 1403 is a leap year
    with pytest.raises(ValueError):
        localize.gregorian(1404, 12, 30)
    assert [localize.month_length(1403, m) for m in (1, 6, 7, 11, 12)] == [31, 31, 30, 30, 30]
    assert localize.month_length(1404, 12) == 29


def test_date_text_is_jalali_with_persian_digits_in_persian_and_gregorian_in_english():
    moment = datetime(2026, 12, 1, 21, 41)
    assert localize.date_text(moment.date(), "fa") == "۱۰ آذر ۱۴۰۵"
    assert localize.date_text(moment, "fa", with_time=True) == "۱۰ آذر ۱۴۰۵، ۲۱:۴۱"
    assert localize.date_text(moment.date(), "en") == "1 Dec 2026"
    assert localize.date_text(moment, "en", with_time=True) == "1 Dec 2026, 21:41"
