"""Charts as PNG images, drawn with matplotlib (the only module that imports it): the power
profile, and the dot charts of `ridec balance`.

The same layout as the SVG: one patch per step coloured by intensity, hatching for standing
(`//`), upstroke (dots) and downstroke (`\\`), cadence targets in a strip under the bars and the
ridden power over the plan in a review.
"""

from __future__ import annotations

import io

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon, Rectangle

from ridec.charts.dots import EVEN, DotChart, DotSeries, y_ticks
from ridec.charts.profile import (
    FLAG_NAMES,
    Band,
    BandKind,
    ChartUnit,
    ColourBy,
    Profile,
    build_profile,
    clock,
    level_ticks,
    time_ticks,
)
from ridec.charts.svg import Series
from ridec.stats import cadence_text
from ridec.timeline import Timeline

HATCHES = {"standing": "//", "upstroke": "..", "downstroke": "\\\\"}
"""matplotlib hatch of each shaded flag (matplotlib has no arrow hatches; the legend says)."""
RIDDEN_COLOUR = "#111111"
DPI = 100
CADENCE_STRIP_FRACTION = 0.07
"""Height of the cadence strip below zero, as a fraction of the axis top."""


def workout_png(
    timeline: Timeline,
    *,
    width_px: int = 1000,
    height_px: int = 300,
    colour_by: ColourBy = ColourBy.INTENSITY,
    ridden: Series | None = None,
) -> bytes:
    """The chart as PNG bytes (no timestamp or software tag, so equal inputs give equal bytes)."""
    reach = max((level for run in ridden or () for _, level in run), default=0.0)
    profile = build_profile(timeline, colour_by, reach)
    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    strip = profile.top * CADENCE_STRIP_FRACTION
    for band in profile.bands:
        _draw_band(axes, band, profile)
        _draw_cadence(axes, band, strip)
    for run in ridden or ():
        if run:
            axes.plot([t for t, _ in run], [v for _, v in run], color=RIDDEN_COLOUR, linewidth=0.9)
    _decorate(axes, profile, timeline.workout.header.name, strip, ridden is not None)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _draw_band(axes: Axes, band: Band, profile: Profile) -> None:
    if band.kind is BandKind.LAP:
        axes.axvline(band.start_s, color=band.colour, linestyle="--", linewidth=1.5)
        return
    corners = [
        (band.start_s, 0.0),
        (band.start_s, band.start),
        (band.end_s, band.end),
        (band.end_s, 0.0),
    ]
    dashed = band.kind is BandKind.FREE
    axes.add_patch(
        Polygon(
            corners,
            closed=True,
            facecolor=band.colour,
            edgecolor="#888888" if dashed else "white",
            linestyle="--" if dashed else "-",
            linewidth=0.6,
        )
    )
    for name in band.shaded:
        axes.add_patch(
            Polygon(
                corners,
                closed=True,
                fill=False,
                hatch=HATCHES[name],
                linewidth=0,
                edgecolor="#00000066",
            )
        )


def _draw_cadence(axes: Axes, band: Band, strip: float) -> None:
    if band.cadence is None or band.kind is BandKind.LAP:
        return
    width = band.end_s - band.start_s
    axes.add_patch(
        Rectangle(
            (band.start_s, -strip),
            width,
            strip * 0.8,
            facecolor="#3b3b3b",
            edgecolor="white",
            linewidth=0.6,
        )
    )
    axes.text(
        band.start_s + width / 2,
        -strip * 0.6,
        cadence_text(band.cadence).removesuffix(" rpm"),
        ha="center",
        va="center",
        color="white",
        fontsize=7,
        clip_on=True,
    )


def _decorate(axes: Axes, profile: Profile, name: str, strip: float, review: bool) -> None:
    suffix = "%" if profile.unit is ChartUnit.PERCENT else " W"
    axes.set_xlim(0, profile.duration_s)
    axes.set_ylim(-strip, profile.top)
    ticks = time_ticks(profile.duration_s)
    axes.set_xticks(ticks, [clock(t) for t in ticks])
    levels = level_ticks(profile.top, profile.unit)
    axes.set_yticks(levels, [f"{v:.0f}{suffix}" for v in levels])
    axes.grid(axis="y", color="#e3e3e3", linewidth=0.8)
    axes.set_axisbelow(True)
    if profile.ftp_line is not None:
        axes.axhline(profile.ftp_line, color="#555555", linestyle="--", linewidth=0.8)
    axes.set_title(name, fontsize=10, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    handles: list[Artist] = list(_legend_handles(profile))
    if review:
        handles.insert(0, Line2D([], [], color=RIDDEN_COLOUR, linewidth=1.2, label="ridden"))
    if handles:
        # Above the plot, right of the title, so it never hides a band.
        axes.legend(
            handles=handles,
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=7,
            ncols=len(handles),
            frameon=False,
        )


def _legend_handles(profile: Profile) -> list[Patch]:
    present = {name for band in profile.bands for name in band.shaded}
    return [
        Patch(facecolor="#dddddd", hatch=HATCHES[name], label=name)
        for name in FLAG_NAMES.values()
        if name in present
    ]


def dot_chart_png(chart: DotChart, *, width_px: int = 900, height_px: int = 360) -> bytes:
    """A `DotChart` (the balance trend, say) as PNG bytes, drawn as `dot_chart_svg` draws it:
    dots with whiskers, joined or with a dashed trend line, a dashed line at 50 %."""
    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    low, high = chart.y_range()
    axes.axhline(EVEN, color="#555555", linestyle="--", linewidth=0.8)
    for series in chart.series:
        _draw_series(axes, series)
    axes.set_xlim(*chart.x_range)
    axes.set_ylim(low, high)
    axes.set_xticks([x for x, _ in chart.x_ticks], [label for _, label in chart.x_ticks])
    axes.set_yticks(y_ticks(low, high))
    axes.set_xlabel(chart.x_label, fontsize=8)
    axes.set_ylabel(chart.y_label, fontsize=8)
    axes.set_title(chart.title, fontsize=10, loc="left")
    axes.grid(axis="y", color="#e3e3e3", linewidth=0.8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if not any(series.dots for series in chart.series):
        axes.text(0.5, 0.5, chart.empty_text, transform=axes.transAxes, ha="center")
    else:
        axes.legend(fontsize=7, frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _draw_series(axes: Axes, series: DotSeries) -> None:
    dots = sorted(series.dots, key=lambda d: d.x)
    if not dots:
        return
    xs, values = [d.x for d in dots], [d.value for d in dots]
    spreads = [d.spread or 0.0 for d in dots]
    axes.errorbar(
        xs,
        values,
        yerr=spreads,
        fmt="o-" if series.joined else "o",
        color=series.colour,
        markersize=4,
        linewidth=1.2,
        elinewidth=0.8,
        label=series.name,
    )
    if series.trend is not None:
        (xa, ya), (xb, yb) = series.trend
        axes.plot([xa, xb], [ya, yb], color=series.colour, linestyle="--", linewidth=1.2)
