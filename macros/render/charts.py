"""Bar charts as inline SVG, computed at build time: no JavaScript.

``layout`` turns a chart of data/figures.yml into positions and labels in the
page's language; the template ``chart.html`` draws them. Bars are horizontal,
one row per category, one bar per series; each category's name sits above its
bars, so the drawing is narrow (WIDTH units) and its text keeps a readable size
when the chart is scaled down to a phone's width (at least 12 CSS px at 360 px).
"""

from __future__ import annotations

from dataclasses import dataclass

from macros.content import models as m
from macros.content.text import plain
from macros.render import formatting as fmt

WIDTH = 340  # the drawing's width in SVG units (about its CSS width on a phone)
LABEL_HEIGHT = 22  # the line of a category's name, above its bars
VALUE_WIDTH = 64  # room for the value after the longest bar
BAR_HEIGHT = 22
BAR_GAP = 4
ROW_GAP = 12


@dataclass(frozen=True)
class Bar:
    series: int
    x: float
    y: float
    width: float
    height: float
    value: str
    figure_id: str


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    bars: list[Bar]


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    rows: list[Row]
    series: list[str]
    period: str
    alt: str
    unit: str


def layout(chart: m.Chart, figures: dict[str, m.Figure], lang: str) -> Layout:
    series_figures = [[figures[f] for f in s.figures] for s in chart.series]
    every = [f for group in series_figures for f in group]
    # Percentages are drawn on their whole 0–100 scale; counts up to the largest.
    peak = 100.0 if every[0].unit == "percent" else (max(f.value for f in every) or 1.0)
    span = WIDTH - VALUE_WIDTH
    per_row = LABEL_HEIGHT + len(chart.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    rows = []
    for index, first in enumerate(series_figures[0]):
        y = index * (per_row + ROW_GAP)
        bars = []
        for s, group in enumerate(series_figures):
            figure = group[index]
            bars.append(
                Bar(
                    series=s,
                    x=0,
                    y=y + LABEL_HEIGHT + s * (BAR_HEIGHT + BAR_GAP),
                    width=round(span * figure.value / peak, 2),
                    height=BAR_HEIGHT,
                    value=fmt.measure(figure, lang),
                    figure_id=figure.id,
                )
            )
        rows.append(Row(label=plain(first.category(lang)) if first.category else first.id, y=y, bars=bars))
    height = len(rows) * (per_row + ROW_GAP) - ROW_GAP
    periods = list(dict.fromkeys(plain(fmt.period(f.period, lang)) for f in every))
    labels = [plain(s.label(lang)) for s in chart.series]
    values = "; ".join(
        f"{row.label}: "
        + ", ".join(f"{bar.value}" + (f" ({labels[bar.series]})" if len(labels) > 1 else "") for bar in row.bars)
        for row in rows
    )
    return Layout(
        width=WIDTH,
        height=height,
        rows=rows,
        series=labels,
        period="; ".join(periods),
        alt=f"{plain(chart.title(lang))}, {'; '.join(periods)}. {values}.",
        unit=every[0].unit,
    )
