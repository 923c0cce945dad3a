"""The dashboard's words-per-day chart as plain SVG (no charting library in the bundle): even
ticks, the reader's digits and calendar, mirrored in Persian, a tooltip per day, and a sentence
instead of an empty frame for a writer with nothing yet. The geometry and both languages'
labels come from `chart_rows.py`; colours and hover are in assets/styles.css (`.chart-*`)."""

from __future__ import annotations

import reflex as rx

from writers_app.components.layout import card
from writers_app.pages.dashboard.chart_rows import BASELINE, HEIGHT, PLOT_HEIGHT, TOP, ChartView
from writers_app.state.i18n import I18nState, t

AXIS_WIDTH = 48  # px: the words axis' column, beside the plot (left in English, right in Persian)
TICK_MARK = 5  # px


def _pick(en: rx.Var, fa: rx.Var) -> rx.Var:
    return rx.cond(I18nState.is_fa, fa, en)


def _pct(value: rx.Var) -> rx.Var:
    return value.to(str) + "%"


def _px(value: rx.Var) -> rx.Var:
    return value.to(str)


def _day(bar: rx.Var) -> rx.Component:
    """The day's slot (hover and tooltip area, the whole plot height) and its bar."""
    return rx.el.svg.g(
        rx.el.svg.title(_pick(bar.tip_en, bar.tip_fa)),
        rx.el.svg.rect(x=_pct(_pick(bar.slot_x, bar.slot_x_fa)), y=TOP, width=_pct(bar.slot_width),
                       height=PLOT_HEIGHT, class_name="chart-slot"),
        rx.el.svg.rect(x=_pct(_pick(bar.x, bar.x_fa)), y=_px(bar.y), width=_pct(bar.width), height=_px(bar.height),
                       rx=2, class_name="chart-bar"),
        class_name="chart-day",
        custom_attrs={"data-day": bar.day, "data-words": bar.words},
    )


def _day_label(day: rx.Var) -> rx.Component:
    # In Persian the label is right-to-left text ("۱۰ آذر"); the last day's label is drawn
    # inwards from the plot's edge ("end" of its own direction), the others centred on their day.
    return rx.el.svg.text(
        _pick(day.en, day.fa), x=_pct(_pick(day.x, day.x_fa)), y=HEIGHT - 6,
        class_name=rx.cond(day.minor, "chart-text chart-day-label minor", "chart-text chart-day-label"),
        custom_attrs={"textAnchor": rx.cond(day.edge, "end", "middle"), "direction": _pick("ltr", "rtl")},
    )


def _grid_line(tick: rx.Var) -> rx.Component:
    return rx.el.svg.line(x1="0", x2="100%", y1=_px(tick.y), y2=_px(tick.y), class_name="chart-grid")


def _tick(tick: rx.Var) -> rx.Component:
    """A number beside its tick mark, on the plot's side of the axis column."""
    return rx.el.svg.g(
        rx.el.svg.line(x1=rx.cond(I18nState.is_fa, 0, AXIS_WIDTH - TICK_MARK),
                       x2=rx.cond(I18nState.is_fa, TICK_MARK, AXIS_WIDTH), y1=_px(tick.y), y2=_px(tick.y),
                       class_name="chart-axis-line"),
        rx.el.svg.text(_pick(tick.en, tick.fa), x=rx.cond(I18nState.is_fa, TICK_MARK + 3, AXIS_WIDTH - TICK_MARK - 3),
                       y=_px(tick.y), class_name="chart-text chart-tick",
                       custom_attrs={"textAnchor": rx.cond(I18nState.is_fa, "start", "end"),
                                     "dominantBaseline": "middle"}),
    )


def _figure(chart: rx.Var) -> rx.Component:
    axis_x = rx.cond(I18nState.is_fa, "0.5", str(AXIS_WIDTH - 0.5))
    axis = rx.el.svg(
        rx.el.svg.line(x1=axis_x, x2=axis_x, y1=TOP, y2=BASELINE, class_name="chart-axis-line"),
        rx.foreach(chart.ticks, _tick),
        width=str(AXIS_WIDTH), height=str(HEIGHT), class_name="chart-axis",
        custom_attrs={"direction": "ltr", "aria-hidden": "true"},
    )
    plot = rx.el.svg(
        rx.foreach(chart.ticks, _grid_line),
        rx.el.svg.line(x1="0", x2="100%", y1=BASELINE, y2=BASELINE, class_name="chart-axis-line"),
        rx.foreach(chart.bars, _day),
        rx.foreach(chart.days, _day_label),
        width="100%", height=str(HEIGHT), class_name="chart-plot",
        custom_attrs={"direction": "ltr", "aria-hidden": "true"},  # the figure's aria-label says it all
    )
    # The flex row follows the page's direction: the axis column comes first, so it is on the
    # left in English and on the right in Persian.
    return rx.el.div(axis, plot, class_name="chart-figure", id="words-chart-figure", dir=I18nState.dir,
                     role="img", aria_label=_pick(chart.summary_en, chart.summary_fa))


def words_chart(chart: rx.Var[ChartView]) -> rx.Component:
    """`chart` from chart_rows: no ticks when nothing was written (a sentence instead)."""
    return card(
        rx.text(t("dashboard.words_per_day"), size="2", weight="medium"),
        rx.cond(chart.ticks.length() > 0, _figure(chart),
                rx.center(rx.text(t("dashboard.chart_empty"), size="2", color_scheme="gray", text_align="center",
                                  id="chart-empty"), min_height=f"{HEIGHT}px", padding="1rem")),
        id="words-chart",
    )
