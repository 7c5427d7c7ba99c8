"""A chart of shares in percent: dots with whiskers, joined or not, and straight trend lines.

What `ridec balance` draws (the trend across rides, indoor against outdoor, balance against
minutes into the ride and against cadence) is one kind of chart: per series, points at x
with a value in % and its spread, a dashed line at 50 %. `DotChart` describes it in data;
`dot_chart_svg` draws it as a self-contained inline SVG written by hand, and `charts/png.py`
draws the same description with matplotlib.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from ridec.charts.svg import AXIS_COLOUR, FONT, GRID_COLOUR, num
from ridec.records import record

EVEN = 50.0
"""The share of a leg when both do the same work: the reference line."""
MIN_SPAN_PCT = 6.0
"""The y axis shows at least this many points, so 0.3 points never look like a cliff."""
Y_STEPS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0)
"""Gridline spacings, the first giving at most eight lines is used."""
LEFT, RIGHT, TOP, BOTTOM = 52, 40, 30, 40


@record
class Dot:
    """One point: where, its value, its spread, and what its tooltip says."""

    x: float
    value: float
    spread: float | None
    """Drawn as a whisker of +/- this many points."""
    tip: str


@record
class DotSeries:
    """The points of one kind (indoor rides, say), in one colour."""

    name: str
    colour: str
    dots: tuple[Dot, ...]
    joined: bool = False
    """Draw a line through the dots in x order."""
    trend: tuple[tuple[float, float], tuple[float, float]] | None = None
    """A straight line from (x, value) to (x, value), dashed."""


@record
class DotChart:
    """A whole chart, in data."""

    title: str
    x_label: str
    x_range: tuple[float, float]
    x_ticks: tuple[tuple[float, str], ...]
    series: tuple[DotSeries, ...]
    y_label: str = "left leg's share of the work, %"
    empty_text: str = "no ride to show"

    def y_range(self) -> tuple[float, float]:
        """Whole points around every dot and whisker and the 50 % line."""
        values = [EVEN]
        for series in self.series:
            for dot in series.dots:
                spread = dot.spread or 0.0
                values += [dot.value - spread, dot.value + spread]
            if series.trend:
                values += [series.trend[0][1], series.trend[1][1]]
        low, high = math.floor(min(values)), math.ceil(max(values))
        if high - low < MIN_SPAN_PCT:
            extra = (MIN_SPAN_PCT - (high - low)) / 2
            low, high = math.floor(low - extra), math.ceil(high + extra)
        return float(low), float(high)


def y_ticks(low: float, high: float) -> list[float]:
    """Round gridline values between low and high."""
    step = next((s for s in Y_STEPS if (high - low) / s <= 8), Y_STEPS[-1])
    first = math.ceil(low / step) * step
    return [first + k * step for k in range(int((high - first) / step) + 1)]


class _Frame:
    def __init__(self, chart: DotChart, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.x0, self.x1 = chart.x_range
        self.y0, self.y1 = chart.y_range()

    def x(self, value: float) -> float:
        span = (self.x1 - self.x0) or 1.0
        return LEFT + (self.width - LEFT - RIGHT) * (value - self.x0) / span

    def y(self, value: float) -> float:
        span = (self.y1 - self.y0) or 1.0
        return self.height - BOTTOM - (self.height - TOP - BOTTOM) * (value - self.y0) / span


def dot_chart_svg(chart: DotChart, *, width: int = 720, height: int = 280) -> str:
    """The chart as an `<svg>` element with no external references and no script."""
    frame = _Frame(chart, width, height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ridec-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f"aria-label={quoteattr(chart.title)} {FONT}>",
        f"<title>{escape(chart.title)}</title>",
        *_axes(chart, frame),
        *(part for series in chart.series for part in _series(series, frame)),
        *_legend(chart),
    ]
    if not any(series.dots for series in chart.series):
        parts.append(
            f'<text x="{width / 2:g}" y="{height / 2:g}" text-anchor="middle" '
            f'fill="{AXIS_COLOUR}">{escape(chart.empty_text)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _axes(chart: DotChart, frame: _Frame) -> list[str]:
    left, right = num(LEFT), num(frame.width - RIGHT)
    parts = []
    for value in y_ticks(frame.y0, frame.y1):
        y = num(frame.y(value))
        stroke = AXIS_COLOUR if value == EVEN else GRID_COLOUR
        dash = ' stroke-dasharray="4 3"' if value == EVEN else ""
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y}" x2="{right}" y2="{y}" '
            f'stroke="{stroke}"{dash}/><text x="{num(LEFT - 4)}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle" fill="{AXIS_COLOUR}">{value:g}%</text>'
        )
    base = frame.height - BOTTOM
    for value, label in chart.x_ticks:
        x = num(frame.x(value))
        parts.append(
            f'<line class="tick" x1="{x}" y1="{num(base)}" x2="{x}" y2="{num(base + 4)}" '
            f'stroke="{AXIS_COLOUR}"/><text x="{x}" y="{num(base + 16)}" '
            f'text-anchor="middle" fill="{AXIS_COLOUR}">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="{num((LEFT + frame.width - RIGHT) / 2)}" y="{num(frame.height - 4)}" '
        f'text-anchor="middle" fill="{AXIS_COLOUR}">{escape(chart.x_label)}</text>'
        f'<text x="{num(LEFT)}" y="{num(TOP - 8)}" fill="{AXIS_COLOUR}">'
        f"{escape(chart.y_label)}</text>"
    )
    return parts


def _series(series: DotSeries, frame: _Frame) -> list[str]:
    parts = []
    colour = quoteattr(series.colour)
    if series.joined and len(series.dots) > 1:
        ordered = sorted(series.dots, key=lambda d: d.x)
        moves = " ".join(
            f"{'M' if k == 0 else 'L'}{num(frame.x(d.x))} {num(frame.y(d.value))}"
            for k, d in enumerate(ordered)
        )
        parts.append(f'<path d="{moves}" fill="none" stroke={colour} stroke-width="1.5"/>')
    if series.trend is not None:
        (xa, ya), (xb, yb) = series.trend
        parts.append(
            f'<line class="trend" x1="{num(frame.x(xa))}" y1="{num(frame.y(ya))}" '
            f'x2="{num(frame.x(xb))}" y2="{num(frame.y(yb))}" stroke={colour} '
            'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    for dot in series.dots:
        x, y = num(frame.x(dot.x)), num(frame.y(dot.value))
        whisker = ""
        if dot.spread:
            top, bottom = (
                num(frame.y(dot.value + dot.spread)),
                num(frame.y(dot.value - dot.spread)),
            )
            whisker = f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke={colour}/>'
        parts.append(
            f'<g class="dot">{whisker}<circle cx="{x}" cy="{y}" r="3.5" fill={colour}>'
            f"<title>{escape(dot.tip)}</title></circle></g>"
        )
    return parts


def _legend(chart: DotChart) -> list[str]:
    parts = []
    x = 300.0
    for series in chart.series:
        if not series.dots:
            continue
        parts.append(
            f'<circle cx="{num(x)}" cy="{num(TOP - 12)}" r="4" fill={quoteattr(series.colour)}/>'
            f'<text x="{num(x + 8)}" y="{num(TOP - 8)}" fill="{AXIS_COLOUR}">'
            f"{escape(series.name)}</text>"
        )
        x += 24 + 7 * len(series.name)
    return parts
