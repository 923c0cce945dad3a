"""The dashboard's words-per-day chart (issue 13, point 5): even ticks, bars drawn in plain SVG
from geometry made on the server, the reader's digits and Jalali calendar in Persian, mirrored
in Persian, and no charting library in the page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from writers_app.pages.dashboard.chart import words_chart
from writers_app.pages.dashboard.chart_rows import (BASELINE, LABEL_EVERY, MIN_BAR, PLOT_HEIGHT, TOP, ChartView,
                                                    chart_rows, day_label, even_ticks)
from writers_app.pages.dashboard.state import DashboardState

TODAY = date(2026, 12, 1)  # 10 Azar 1405
LATIN_DIGIT = re.compile(r"[0-9]")


def _month(written: dict[int, int]) -> list[tuple[date, int]]:
    """30 days ending today, as writing_stats.summary gives them: {days back: words}."""
    first = TODAY - timedelta(days=29)
    return [(first + timedelta(days=i), written.get(29 - i, 0)) for i in range(30)]


@pytest.mark.parametrize("highest, ticks", [
    (100, [0, 25, 50, 75, 100]),
    (90, [0, 25, 50, 75, 100]),
    (7, [0, 2, 4, 6, 8]),
    (3, [0, 1, 2, 3, 4]),
    (1234, [0, 500, 1000, 1500, 2000]),
    (0, [0]),
])
def test_chart_ticks_are_even_and_reach_the_highest_bar(highest, ticks):
    got = even_ticks(highest)
    assert got == ticks
    assert len({b - a for a, b in zip(got, got[1:])}) <= 1 and got[-1] >= highest


def test_nothing_written_draws_no_chart():
    assert chart_rows(_month({})) == ChartView()  # no ticks: the page shows #chart-empty instead


def test_thirty_bars_oldest_first_with_heights_proportional_to_the_words():
    view = chart_rows(_month({0: 120, 3: 45, 7: 300}))
    assert [b.day for b in view.bars] == [(TODAY - timedelta(days=29 - i)).isoformat() for i in range(30)]
    by_day = {b.day: b for b in view.bars}
    top = 400  # even_ticks(300)
    for back, words in ((0, 120), (3, 45), (7, 300)):
        bar = by_day[(TODAY - timedelta(days=back)).isoformat()]
        assert bar.words == words
        assert bar.height == pytest.approx(PLOT_HEIGHT * words / top, abs=0.001)
        assert bar.y + bar.height == pytest.approx(BASELINE)  # standing on the baseline
    assert by_day[(TODAY - timedelta(days=1)).isoformat()].height == 0
    assert by_day[(TODAY - timedelta(days=7)).isoformat()].height == pytest.approx(
        2.5 * by_day[(TODAY - timedelta(days=0)).isoformat()].height)


def test_a_day_with_a_few_words_still_shows_a_bar():
    view = chart_rows(_month({0: 2000, 1: 1}))
    assert view.bars[-2].height == MIN_BAR and view.bars[-2].y == BASELINE - MIN_BAR


def test_ticks_run_from_the_baseline_to_the_top_in_both_scripts():
    view = chart_rows(_month({0: 1234}))
    assert [t.en for t in view.ticks] == ["0", "500", "1,000", "1,500", "2,000"]
    assert [t.fa for t in view.ticks] == ["۰", "۵۰۰", "۱٬۰۰۰", "۱٬۵۰۰", "۲٬۰۰۰"]
    assert [t.y for t in view.ticks] == [BASELINE, BASELINE - 35, BASELINE - 70, BASELINE - 105, TOP]


def test_bars_tile_the_plot_left_to_right_in_english_and_mirrored_in_persian():
    bars = chart_rows(_month({0: 10, 29: 10})).bars
    for i, bar in enumerate(bars):
        assert bar.slot_x == pytest.approx(100 * i / 30, abs=0.001)
        assert bar.slot_x <= bar.x and bar.x + bar.width <= bar.slot_x + bar.slot_width + 0.001
        assert bar.x_fa == pytest.approx(100 - bar.x - bar.width, abs=0.002)
        assert bar.slot_x_fa == pytest.approx(100 - bar.slot_x - bar.slot_width, abs=0.002)
    en_order = sorted(bars, key=lambda b: b.x)
    fa_order = sorted(bars, key=lambda b: b.x_fa)
    assert en_order[-1].day == TODAY.isoformat() and fa_order[0].day == TODAY.isoformat()  # today: right / left
    assert fa_order == list(reversed(en_order))
    assert 0 <= min(b.x_fa for b in bars) and max(b.x_fa + b.width for b in bars) <= 100.001


def test_day_labels_are_the_readers_calendar_and_digits():
    assert day_label(TODAY, "en") == "1 Dec"
    assert day_label(TODAY, "fa") == "۱۰ آذر"  # Jalali day and month, Persian digits
    assert day_label(date(2026, 3, 21), "fa") == "۱ فروردین"  # Nowruz
    view = chart_rows(_month({0: 120, 3: 45}))
    assert view.bars[-1].tip_en == "1 Dec: 120 words" and view.bars[-1].tip_fa == "۱۰ آذر: ۱۲۰ واژه"
    # Every LABEL_EVERY days counted back from today; today's label drawn inwards from the edge.
    assert [d.en for d in view.days] == [day_label(TODAY - timedelta(days=back), "en")
                                         for back in range(28, -1, -LABEL_EVERY)]
    assert view.days[-1].edge and view.days[-1].x == 100 and view.days[-1].x_fa == 0
    assert not any(d.edge for d in view.days[:-1])
    assert [d.minor for d in view.days] == [False, True, False, True, False]  # 7 and 21 days back: wide charts only
    centre = view.bars[1].slot_x + view.bars[1].slot_width / 2  # 28 days back: the second bar
    assert view.days[0].x == pytest.approx(centre, abs=0.002)
    assert view.days[0].x_fa == pytest.approx(100 - centre, abs=0.002)
    persian = [d.fa for d in view.days] + [b.tip_fa for b in view.bars] + [t.fa for t in view.ticks] + [view.summary_fa]
    assert not [text for text in persian if LATIN_DIGIT.search(text)]
    assert all(re.search(r"[A-Z][a-z]{2}", d.en) for d in view.days)


def test_the_summary_names_the_total_the_days_and_the_busiest_day():
    view = chart_rows(_month({0: 120, 3: 45, 7: 300}))
    assert view.summary_en == "465 words on 3 of the last 30 days; the most, 300, on 24 Nov."
    assert view.summary_fa == "۴۶۵ واژه در ۳ روز از ۳۰ روز گذشته؛ بیشترین، ۳۰۰ واژه، در ۳ آذر."


def test_the_chart_is_plain_svg_with_no_charting_library():
    component = words_chart(DashboardState.chart)
    libraries = set(component._get_all_imports())
    assert not [lib for lib in libraries if "recharts" in lib], libraries
    rendered = str(component.render())
    for needed in ('"svg"', '"rect"', '"title"', 'role:"img"', '"aria-label"', 'id:"words-chart"',
                   'id:"chart-empty"'):
        assert needed in rendered, needed
