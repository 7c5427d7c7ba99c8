"""A workout's power profile as a self-contained inline SVG, written by hand (no plotting library).

One shape per step (a rectangle, a trapezoid for a ramp, a marker line for a lap-button step)
coloured by intensity, technique flags shaded with patterns, cadence targets in a strip under
the bars, a time axis, % FTP (or watts) gridlines and the FTP line. `ridec review` adds the
ridden power as a line over the plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

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
    target_text,
    time_ticks,
)
from ridec.model import format_duration
from ridec.stats import cadence_text
from ridec.timeline import Timeline

MARGIN_LEFT = 48
MARGIN_RIGHT = 14
MARGIN_TOP = 26
MARGIN_BOTTOM = 44
CADENCE_STRIP = 14
"""Height of the strip under the bars that marks cadence targets."""
CHAR_WIDTH = 6.2
"""Rough width of one character at the chart's font size, to decide whether a label fits."""
FONT = 'font-family="system-ui, -apple-system, \'Segoe UI\', sans-serif" font-size="11"'
AXIS_COLOUR = "#555555"
GRID_COLOUR = "#e3e3e3"
RIDDEN_COLOUR = "#111111"

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
"""Characters that would break an id attribute or a url(#id) reference."""

Series = Sequence[Sequence[tuple[float, float]]]
"""Lines to draw over the plan: each a run of (seconds, level) points without gaps."""


@dataclass(frozen=True, slots=True)
class _Frame:
    """Scales from seconds and levels to pixels."""

    width: int
    height: int
    profile: Profile

    @property
    def left(self) -> float:
        return MARGIN_LEFT

    @property
    def right(self) -> float:
        return self.width - MARGIN_RIGHT

    @property
    def top(self) -> float:
        return MARGIN_TOP

    @property
    def bottom(self) -> float:
        return self.height - MARGIN_BOTTOM - CADENCE_STRIP

    def x(self, seconds: float) -> float:
        return self.left + (self.right - self.left) * seconds / self.profile.duration_s

    def y(self, level: float) -> float:
        clipped = max(0.0, min(level, self.profile.top))
        return self.bottom - (self.bottom - self.top) * clipped / self.profile.top


def num(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def workout_chart(
    timeline: Timeline,
    *,
    width: int = 900,
    height: int = 240,
    colour_by: ColourBy = ColourBy.INTENSITY,
    id_prefix: str = "ridec",
    title: str | None = None,
    ridden: Series | None = None,
) -> str:
    """The chart as an `<svg>` element with no external references.

    `id_prefix` keeps pattern ids unique when several charts share one HTML page. `ridden`
    (from `ridec review`) is drawn as a dark line over the planned bands, in the chart's unit.
    """
    reach = max((level for run in ridden or () for _, level in run), default=0.0)
    profile = build_profile(timeline, colour_by, reach)
    frame = _Frame(width, height, profile)
    id_prefix = _ID_UNSAFE.sub("-", id_prefix) or "ridec"
    name = title if title is not None else timeline.workout.header.name
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ridec-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f"aria-label={quoteattr(f'Power profile: {name}')} {FONT}>",
        f"<title>{escape(name)}</title>",
        _defs(id_prefix),
        *_grid(frame),
        *(_band(frame, band, id_prefix) for band in profile.bands),
        *_cadence_strip(frame),
        *_time_axis(frame),
        *_ridden(frame, ridden or ()),
        *_legend(frame, profile, id_prefix, ridden is not None),
        "</svg>",
    ]
    return "\n".join(p for p in parts if p)


def _defs(prefix: str) -> str:
    """Hatching for standing, up-chevrons for upstroke, down-chevrons for downstroke."""
    ink = 'fill="none" stroke="#000000" stroke-opacity="0.45"'
    return (
        "<defs>"
        f'<pattern id="{prefix}-standing" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" {ink} '
        'stroke-width="2"/></pattern>'
        f'<pattern id="{prefix}-upstroke" width="10" height="8" patternUnits="userSpaceOnUse">'
        f'<path d="M1 6 L5 2 L9 6" {ink} stroke-width="1.3"/></pattern>'
        f'<pattern id="{prefix}-downstroke" width="10" height="8" '
        f'patternUnits="userSpaceOnUse"><path d="M1 2 L5 6 L9 2" {ink} stroke-width="1.3"/>'
        "</pattern></defs>"
    )


def _grid(frame: _Frame) -> list[str]:
    unit = frame.profile.unit
    suffix = "%" if unit is ChartUnit.PERCENT else " W"
    lines = []
    for level in level_ticks(frame.profile.top, unit):
        y = num(frame.y(level))
        lines.append(
            f'<line class="grid" x1="{num(frame.left)}" y1="{y}" x2="{num(frame.right)}" '
            f'y2="{y}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{num(frame.left - 4)}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle" fill="{AXIS_COLOUR}">{num(level)}{suffix}</text>'
        )
    if frame.profile.ftp_line is not None:
        y = num(frame.y(frame.profile.ftp_line))
        lines.append(
            f'<line class="ftp" x1="{num(frame.left)}" y1="{y}" x2="{num(frame.right)}" '
            f'y2="{y}" stroke="{AXIS_COLOUR}" stroke-dasharray="4 3"/>'
            f'<text x="{num(frame.right - 2)}" y="{num(frame.y(frame.profile.ftp_line) - 3)}" '
            f'text-anchor="end" fill="{AXIS_COLOUR}">FTP</text>'
        )
    return lines


def _describe(band: Band, unit: ChartUnit) -> str:
    """The tooltip: label, duration, target, cadence and flags."""
    step = band.step
    when = "until lap" if step.duration_s is None else format_duration(step.duration_s)
    pieces = [step.label or step.intensity.value, f"{when} {target_text(band, unit)}"]
    if step.cadence is not None:
        pieces.append(cadence_text(step.cadence))
    pieces.extend(flag.value for flag in step.flags)
    return ", ".join(pieces)


def _band(frame: _Frame, band: Band, prefix: str) -> str:
    step = band.step
    tooltip = f"<title>{escape(_describe(band, frame.profile.unit))}</title>"
    common = f'class="step step-{band.kind.value} {step.intensity.value}" data-index="{step.index}"'
    x0, x1 = frame.x(band.start_s), frame.x(band.end_s)
    if band.kind is BandKind.LAP:
        x = num(x0)
        return (
            f'<line {common} x1="{x}" y1="{num(frame.top)}" x2="{x}" y2="{num(frame.bottom)}" '
            f'stroke="{band.colour}" stroke-width="2" stroke-dasharray="3 2">{tooltip}</line>'
            f'<text x="{x}" y="{num(frame.top - 3)}" text-anchor="middle" font-size="9" '
            f'fill="{AXIS_COLOUR}">lap</text>'
        )
    left, right, bottom = num(x0), num(x1), num(frame.bottom)
    # Numbers, commas and spaces only: the attribute needs no escaping.
    points = (
        f"{left},{bottom} {left},{num(frame.y(band.start))} "
        f"{right},{num(frame.y(band.end))} {right},{bottom}"
    )
    style = f'fill="{band.colour}" stroke="#ffffff" stroke-width="0.6"'
    if band.kind is BandKind.FREE:
        style = f'fill="{band.colour}" stroke="#888888" stroke-dasharray="3 2"'
    shape = f'<polygon {common} points="{points}" {style}>{tooltip}</polygon>'
    shades = [
        f'<polygon class="shade shade-{name}" points="{points}" '
        f'fill="url(#{prefix}-{name})" pointer-events="none"/>'
        for name in band.shaded
    ]
    return "".join([shape, *shades])


def _cadence_strip(frame: _Frame) -> list[str]:
    top = frame.bottom + 2
    marks = []
    for band in frame.profile.bands:
        if band.cadence is None or band.kind is BandKind.LAP:
            continue
        x0, x1 = frame.x(band.start_s), frame.x(band.end_s)
        text = cadence_text(band.cadence)
        marks.append(
            f'<rect class="cadence" x="{num(x0)}" y="{num(top)}" width="{num(x1 - x0)}" '
            f'height="{CADENCE_STRIP - 3}" fill="#3b3b3b" stroke="#ffffff" stroke-width="0.6">'
            f"<title>cadence {escape(text)}</title></rect>"
        )
        label = text.removesuffix(" rpm")
        if len(label) * CHAR_WIDTH < x1 - x0 - 2:
            marks.append(
                f'<text x="{num((x0 + x1) / 2)}" y="{num(top + CADENCE_STRIP / 2 - 1)}" '
                f'text-anchor="middle" dominant-baseline="middle" fill="#ffffff" '
                f'font-size="9">{escape(label)}</text>'
            )
    if marks:
        marks.append(
            f'<text x="{num(frame.left - 4)}" y="{num(top + CADENCE_STRIP / 2 - 1)}" '
            f'text-anchor="end" dominant-baseline="middle" fill="{AXIS_COLOUR}" '
            'font-size="9">rpm</text>'
        )
    return marks


def _time_axis(frame: _Frame) -> list[str]:
    base = frame.bottom + CADENCE_STRIP
    parts = [
        f'<line class="axis" x1="{num(frame.left)}" y1="{num(frame.bottom)}" '
        f'x2="{num(frame.right)}" y2="{num(frame.bottom)}" stroke="{AXIS_COLOUR}"/>'
    ]
    for second in time_ticks(frame.profile.duration_s):
        x = num(frame.x(second))
        parts.append(
            f'<line class="tick" x1="{x}" y1="{num(base)}" x2="{x}" y2="{num(base + 4)}" '
            f'stroke="{AXIS_COLOUR}"/><text x="{x}" y="{num(base + 15)}" text-anchor="middle" '
            f'fill="{AXIS_COLOUR}">{clock(second)}</text>'
        )
    return parts


def _ridden(frame: _Frame, series: Series) -> list[str]:
    paths = []
    for run in series:
        if not run:
            continue
        moves = " ".join(
            f"{'M' if k == 0 else 'L'}{num(frame.x(t))} {num(frame.y(v))}"
            for k, (t, v) in enumerate(run)
        )
        paths.append(
            f'<path class="ridden" d="{moves}" fill="none" stroke="{RIDDEN_COLOUR}" '
            'stroke-width="1.2" stroke-linejoin="round"/>'
        )
    return paths


def _legend(frame: _Frame, profile: Profile, prefix: str, with_ridden: bool) -> list[str]:
    """Swatches for the shaded flags present, and for planned vs ridden in a review."""
    present = {name for band in profile.bands for name in band.shaded}
    names = [name for name in FLAG_NAMES.values() if name in present]
    entries = [(f"url(#{prefix}-{name})", name) for name in names]
    parts: list[str] = []
    x = frame.left
    y = MARGIN_TOP - 16
    if with_ridden:
        parts.append(
            f'<line x1="{num(x)}" y1="{num(y + 5)}" x2="{num(x + 16)}" y2="{num(y + 5)}" '
            f'stroke="{RIDDEN_COLOUR}" stroke-width="1.5"/>'
            f'<text x="{num(x + 20)}" y="{num(y + 9)}" fill="{AXIS_COLOUR}">ridden</text>'
        )
        x += 70
    for fill, name in entries:
        parts.append(
            f'<g class="legend"><rect x="{num(x)}" y="{num(y)}" width="14" height="10" '
            f'fill="#cccccc"/><rect x="{num(x)}" y="{num(y)}" width="14" height="10" '
            f'fill="{fill}"/><text x="{num(x + 18)}" y="{num(y + 9)}" '
            f'fill="{AXIS_COLOUR}">{name}</text></g>'
        )
        x += 30 + len(name) * CHAR_WIDTH
    return parts
