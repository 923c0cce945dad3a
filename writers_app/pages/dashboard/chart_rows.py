"""The words-per-day chart's geometry and labels, made once on the server (no Reflex here): the
page draws them as plain SVG (`chart.py`), so no charting library reaches the browser.

Both languages are made at once: a language switch redraws the chart in the browser without
asking the server. Horizontal positions are percentages of the plot's width (the SVG takes the
card's width, its text keeps its size); vertical ones are pixels of a fixed-height plot. Persian
is mirrored: the days run right to left (`x_fa`), the words axis is on the right."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from writers_app.core import localize
from writers_app.i18n import MESSAGES

TICK_COUNT = 4  # intervals on the words axis
TOP = 10  # px above the plot: room for the top tick's digits
PLOT_HEIGHT = 140  # px from the top tick to the baseline
HEIGHT = 180  # px of the whole drawing; the day labels sit below the baseline
BASELINE = TOP + PLOT_HEIGHT
BAR_SHARE = 0.72  # of each day's slot; the rest is the gap between bars
MIN_BAR = 2  # px: a day with a few words still shows a bar
LABEL_EVERY = 7  # days between day labels, counted back from the last day (today)


@dataclass
class ChartBar:
    """One day: its slot (the hover and tooltip area) and its bar, in both directions."""

    day: str  # ISO
    words: int
    slot_x: float  # % of the plot width, left to right (English)
    slot_x_fa: float  # the same slot mirrored (Persian: the last day on the left)
    slot_width: float
    x: float  # the bar, %
    x_fa: float
    width: float
    y: float  # px from the top of the drawing
    height: float  # px
    tip_en: str  # "1 Dec: 120 words"
    tip_fa: str  # "۱۰ آذر: ۱۲۰ واژه"


@dataclass
class ChartDay:
    """A label under the bars: `x` is the centre of its day, or the outer edge of the last day
    (`edge`, drawn inwards so it is never cut off). `minor` ones (every other) are hidden in a
    narrow chart, where "۲۷ اردیبهشت" would run into its neighbour."""

    x: float
    x_fa: float
    edge: bool
    minor: bool
    en: str  # "1 Dec"
    fa: str  # "۱۰ آذر"


@dataclass
class ChartTick:
    y: float  # px
    en: str  # "1,500"
    fa: str  # "۱٬۵۰۰"


@dataclass
class ChartView:
    bars: list[ChartBar] = field(default_factory=list)
    days: list[ChartDay] = field(default_factory=list)
    ticks: list[ChartTick] = field(default_factory=list)  # bottom up; none when nothing was written
    summary_en: str = ""  # the chart's text alternative (aria-label)
    summary_fa: str = ""


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


def day_label(day: date, lang: str) -> str:
    """Day and short month: "1 Dec", or the Jalali "۱۰ آذر" in Persian."""
    if lang == "fa":
        _y, m, d = localize.jalali(day)
        return localize.persian_digits(f"{d} {localize.JALALI_MONTHS[m - 1]}")
    return f"{day.day} {day.strftime('%b')}"


def _tip(day: date, words: int, lang: str) -> str:
    return f"{day_label(day, lang)}: {localize.number(words, lang)} {MESSAGES[lang]['dashboard.words']}"


def _summary(words_per_day: list[tuple[date, int]], lang: str) -> str:
    busiest_day, most = max(words_per_day, key=lambda dw: (dw[1], dw[0]))
    return (MESSAGES[lang]["dashboard.chart_summary"]
            .replace("{total}", localize.number(sum(w for _d, w in words_per_day), lang))
            .replace("{days}", localize.number(sum(1 for _d, w in words_per_day if w), lang))
            .replace("{most}", localize.number(most, lang))
            .replace("{day}", day_label(busiest_day, lang)))


def _r(value: float) -> float:
    return round(value, 3)


def chart_rows(words_per_day: list[tuple[date, int]]) -> ChartView:
    """The bars (oldest first), the day labels, the words axis' ticks and a summary; no ticks
    when nothing was written (the page says so instead of drawing an empty frame)."""
    values = even_ticks(max((w for _d, w in words_per_day), default=0))
    if len(values) < 2:
        return ChartView()
    top, count = values[-1], len(words_per_day)
    slot = 100 / count
    view = ChartView(ticks=[ChartTick(y=_r(BASELINE - PLOT_HEIGHT * v / top), en=localize.number(v, "en"),
                                      fa=localize.number(v, "fa")) for v in values],
                     summary_en=_summary(words_per_day, "en"), summary_fa=_summary(words_per_day, "fa"))
    for i, (day, words) in enumerate(words_per_day):
        height = max(PLOT_HEIGHT * words / top, MIN_BAR) if words else 0.0
        bar_x = slot * i + slot * (1 - BAR_SHARE) / 2
        view.bars.append(ChartBar(
            day=day.isoformat(), words=words, slot_x=_r(slot * i), slot_x_fa=_r(100 - slot * (i + 1)),
            slot_width=_r(slot), x=_r(bar_x), x_fa=_r(100 - bar_x - slot * BAR_SHARE), width=_r(slot * BAR_SHARE),
            y=_r(BASELINE - height), height=_r(height), tip_en=_tip(day, words, "en"), tip_fa=_tip(day, words, "fa")))
        back = count - 1 - i
        if back % LABEL_EVERY == 0:
            centre = slot * i + slot / 2
            x = 100.0 if back == 0 else centre
            view.days.append(ChartDay(x=_r(x), x_fa=_r(100 - x), edge=back == 0, minor=back // LABEL_EVERY % 2 == 1,
                                      en=day_label(day, "en"), fa=day_label(day, "fa")))
    return view
