"""Charts as SVG drawn by templates (templates/reports/charts/), from a snapshot's published
figures only: a hidden figure has no bar or point, and says so.

Widths and positions are percentages of the chart's width and text has a fixed size, so a chart
fills a phone screen or an A4 page without its labels shrinking, and nothing needs an inline
style (the Content-Security-Policy allows none). Each chart sits beside the table that holds
its figures.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .selectors import STEP_LABELS, percent_text

BLUE = "#1d70b8"
DARK_BLUE = "#003078"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"
GREEN = "#00703c"
PURPLE = "#4c2c92"
BAR_HEIGHT = 16
BAR_GAP = 4
LABEL_HEIGHT = 22
GROUP_GAP = 14
PLOT_WIDTH = 78.0  # % of the chart: the rest is room for the value labels
# Charts name the groups briefly so a label fits on a phone; the table beside each chart gives
# the full wording of the question's answers.
SHORT_LABELS = {
    "white": _lazy("White"),
    "mixed": _lazy("Mixed or Multiple"),
    "asian": _lazy("Asian"),
    "black": _lazy("Black"),
    "other": _lazy("Other ethnic group"),
    "minority": _lazy("Black, Asian, Mixed, Other"),
    "not_stated": _lazy("Not stated"),
}


def short_label(key: str, label: str) -> str:
    return str(SHORT_LABELS.get(key, label))


def _pct(value: float) -> str:
    return f"{value:.2f}"


@dataclass(frozen=True)
class Bar:
    y: int
    width: str  # % of the chart's width
    colour: str
    text: str
    text_x: str
    text_y: int
    hidden: bool


@dataclass(frozen=True)
class BarGroup:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    y: int


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    height: int
    groups: list[BarGroup]
    legend: list[LegendItem]
    kind: str = "bars"


def bar_chart(
    *, key: str, title: str, series: list[tuple[str, str]], groups: list[tuple[str, list[float | None]]]
) -> BarChart:
    """Horizontal bars, one group per category, one bar per series (label, colour); values are
    shares from 0 to 1, None where the figure is hidden."""
    largest = max((value for _label, values in groups for value in values if value), default=0) or 1
    legend = [LegendItem(label, colour, 14 + index * 20) for index, (label, colour) in enumerate(series)]
    y = 14 + len(series) * 20 + GROUP_GAP
    drawn = []
    for label, values in groups:
        label_y = y + 14
        y += LABEL_HEIGHT
        bars = []
        for (series_label, colour), value in zip(series, values, strict=True):
            width = 0.0 if value is None else PLOT_WIDTH * value / largest
            text = _("%(series)s: not shown") % {"series": series_label} if value is None else percent_text(value)
            bars.append(
                Bar(
                    y=y,
                    width=_pct(width),
                    colour=colour,
                    text=text,
                    text_x=_pct(width),
                    text_y=y + BAR_HEIGHT - 3,
                    hidden=value is None,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        drawn.append(BarGroup(label=label, label_y=label_y, bars=bars))
        y += GROUP_GAP
    return BarChart(key=key, title=title, height=y, groups=drawn, legend=legend)


@dataclass(frozen=True)
class Point:
    x: str
    y: int
    text: str


@dataclass(frozen=True)
class Segment:
    x1: str
    y1: int
    x2: str
    y2: int


@dataclass(frozen=True)
class Tick:
    x: str
    quarter: str
    year: str


@dataclass(frozen=True)
class Gridline:
    y: int
    text: str


@dataclass
class LineChart:
    key: str
    title: str
    height: int
    points: list[Point] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    gridlines: list[Gridline] = field(default_factory=list)
    benchmark_y: int | None = None
    benchmark_text: str = ""
    legend: list[LegendItem] = field(default_factory=list)
    kind: str = "line"


def line_chart(
    *, key: str, title: str, periods: list[str], values: list[float | None], benchmark: float | None
) -> LineChart:
    """A share quarter by quarter, with the benchmark as a dashed line; a hidden quarter breaks
    the line rather than being guessed."""
    top, plot_height = 56, 180
    chart = LineChart(key=key, title=title, height=top + plot_height + 48)
    chart.legend = [LegendItem(_("Involved people"), BLUE, 14)]
    largest = max([value for value in values if value is not None] + [benchmark or 0, 0.1])
    scale_top = min(1.0, (int(largest * 10) + 1) / 10)

    def y_of(value: float) -> int:
        return top + round(plot_height * (1 - value / scale_top))

    for step in range(3):
        level = scale_top * step / 2
        chart.gridlines.append(Gridline(y=y_of(level), text=percent_text(level, places=0)))
    if benchmark is not None:
        chart.legend.append(LegendItem(_("Benchmark"), GREY, 34))
        chart.benchmark_y = y_of(benchmark)
        chart.benchmark_text = percent_text(benchmark)
    count = len(periods)
    left, span = 14.0, 80.0

    def x_of(index: int) -> str:
        return _pct(left + (span * index / (count - 1) if count > 1 else span / 2))

    previous: Point | None = None
    for index, (period, value) in enumerate(zip(periods, values, strict=True)):
        chart.ticks.append(Tick(x=x_of(index), quarter=period[4:], year=period[:4]))
        if value is None:
            previous = None
            continue
        point = Point(x=x_of(index), y=y_of(value), text=percent_text(value, places=0))
        if previous is not None:
            chart.segments.append(Segment(previous.x, previous.y, point.x, point.y))
        chart.points.append(point)
        previous = point
    return chart


def dashboard_charts(data: dict[str, Any]) -> dict[str, BarChart | LineChart]:
    """The three charts of the dashboard and the PDF's summary."""
    charts: dict[str, BarChart | LineChart] = {}
    trend = data["trend"]
    charts["trend"] = line_chart(
        key="trend",
        title=_("Share of involved people from Black, Asian, Mixed and Other ethnic groups, by quarter"),
        periods=[point["period"] for point in trend],
        values=[point["minority_share"] for point in trend],
        benchmark=data["headline"].get("benchmark_share"),
    )
    ethnic = next((d for d in data["dimensions"] if d["key"] == "ethnic_group"), None)
    if ethnic and ethnic["benchmark"]:
        rows = [row for row in ethnic["populations"]["involved"]["rows"] if row["benchmark"] is not None]
        charts["representation"] = bar_chart(
            key="representation",
            title=_("Ethnic group of involved people (of those who said) against the benchmark"),
            series=[(_("Involved people"), BLUE), (_("Benchmark"), LIGHT_GREY)],
            groups=[(short_label(row["key"], row["label"]), [row["of_stated"], row["benchmark"]]) for row in rows],
        )
    funnel = data.get("funnel")
    if funnel and any(row["counts"][0] is not None for row in funnel["rows"]):
        steps = funnel["steps"][1:]
        colours = [BLUE, PURPLE, GREEN]
        groups = []
        for row in funnel["rows"]:
            applied = row["counts"][0]
            if applied is None:
                continue  # too few applicants to show; the table beside says so
            # Counts are adjusted one by one, so a later step can come out a little above an
            # earlier one: a share of applicants never goes past all of them.
            rates = [None if n is None else min(1.0, round(n / applied, 4)) for n in row["counts"][1:]]
            if any(rate is not None for rate in rates):
                groups.append((short_label(row["key"], row["label"]), rates))
        charts["funnel"] = bar_chart(
            key="funnel",
            title=_("Share of applicants reaching each step, by ethnic group"),
            series=[(str(STEP_LABELS[step]), colour) for step, colour in zip(steps, colours, strict=True)],
            groups=groups,
        )
    return charts
