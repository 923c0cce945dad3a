"""The dashboard's words-per-day chart: even ticks, the reader's digits and calendar, mirrored
in Persian, and a sentence instead of an empty frame for a writer with nothing yet."""

from __future__ import annotations

from datetime import date

import reflex as rx

from writers_app.components.dates import DAY_TICK_FORMATTER, NUMBER_TICK_FORMATTER
from writers_app.components.layout import card
from writers_app.state.i18n import I18nState, t

TICK_COUNT = 4  # intervals on the words axis


def even_ticks(highest: int, count: int = TICK_COUNT) -> list[int]:
    """0 and `count` equal steps of a round size (1, 2, 2.5 or 5 times a power of ten, whole
    numbers only) reaching at least `highest`: 0/25/50/75/100, never 0/25/50/100."""
    if highest <= 0:
        return [0]
    raw = highest / count
    power = 1
    while power * 10 <= raw:
        power *= 10
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw and float(m * power).is_integer())
    return [int(step * i) for i in range(count + 1)]


def chart_rows(words_per_day: list[tuple[date, int]]) -> tuple[list[dict[str, int | str]], list[int]]:
    """The bars (ISO day, words) and the words axis' ticks."""
    rows: list[dict[str, int | str]] = [{"day": d.isoformat(), "words": w} for d, w in words_per_day]
    return rows, even_ticks(max((w for _d, w in words_per_day), default=0))


def words_chart(data: rx.Var, ticks: rx.Var) -> rx.Component:
    """`data` from chart_rows; `ticks` its ticks ([0] when nothing was written)."""
    chart = rx.box(
        # The SVG is drawn left to right in both languages (in an RTL box its text anchors flip
        # and the numbers run into the axis line); Persian mirrors it by reversing the days
        # and putting the words axis on the right.
        rx.recharts.bar_chart(
            rx.recharts.bar(data_key="words", name=t("dashboard.words"), fill="var(--accent-9)", radius=[3, 3, 0, 0]),
            rx.recharts.x_axis(data_key="day", tick_formatter=DAY_TICK_FORMATTER, interval="preserveStartEnd",
                               tick={"fontSize": 11}, reversed=I18nState.is_fa, min_tick_gap=12),
            rx.recharts.y_axis(width=48, tick={"fontSize": 11}, orientation=rx.cond(I18nState.is_fa, "right", "left"),
                               tick_formatter=NUMBER_TICK_FORMATTER, ticks=ticks, interval=0, allow_decimals=False,
                               domain=[0, ticks[ticks.length() - 1]]),
            rx.recharts.graphing_tooltip(
                custom_attrs={"labelFormatter": DAY_TICK_FORMATTER, "formatter": NUMBER_TICK_FORMATTER}),
            data=data,
            margin={"top": 10, "right": 8, "left": 8, "bottom": 0},  # room for the top tick's digits
            height=180,
            width="100%",
            key=I18nState.lang,  # a new language draws a new chart, with its own labels
        ),
        dir="ltr",
        width="100%",
    )
    return card(
        rx.text(t("dashboard.words_per_day"), size="2", weight="medium"),
        rx.cond(ticks.length() > 1, chart,
                rx.center(rx.text(t("dashboard.chart_empty"), size="2", color_scheme="gray", text_align="center",
                                  id="chart-empty"), min_height="180px", padding="1rem")),
        id="words-chart",
    )
