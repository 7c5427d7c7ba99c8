"""The drawable shape of a workout, shared by the terminal, SVG and PNG charts.

Each timeline step becomes one `Band`: where it sits in time, how high it starts and ends in
the chart's unit, its colour, and the technique flags to shade. Renderers only scale and paint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from ridec.model import Cadence, Flag, Intensity, TargetKind
from ridec.stats import zone_of
from ridec.timeline import PowerLevels, Timeline, TimelineStep


class BandKind(StrEnum):
    """How a step is drawn."""

    TARGET = "target"
    """A power number: a rectangle, or a trapezoid for a ramp."""
    FREE = "free"
    """Free ride, or a target that cannot be shown in the chart's unit: a low grey band."""
    MAX = "max"
    """Maximal effort: a band to the top of the chart."""
    LAP = "lap"
    """A lap-button step: no duration, drawn as a marker line."""


class ColourBy(StrEnum):
    """What a band's colour says."""

    INTENSITY = "intensity"
    """The step's intensity (warm-up, interval, recovery ...), as the language intends."""
    ZONE = "zone"
    """The Coggan zone of the step's mean target, as Zwift colours its blocks."""


INTENSITY_COLOURS: dict[Intensity, str] = {
    Intensity.WARMUP: "#4a90d9",
    Intensity.ACTIVE: "#3aa655",
    Intensity.INTERVAL: "#e8772e",
    Intensity.RECOVERY: "#7cc4e4",
    Intensity.REST: "#a9a9a9",
    Intensity.COOLDOWN: "#7a6fd0",
}
"""Fill colour of each intensity."""

ZONE_COLOURS = ("#8c8c8c", "#3f8fe0", "#3aa655", "#f2c12e", "#f08a24", "#e0452b", "#9b2fae")
"""Fill colour of Coggan zones 1-7, the convention riders know from Zwift."""

FREE_COLOUR = "#d0d0d0"
MAX_COLOUR = "#c8102e"

FLAG_NAMES: dict[Flag, str] = {
    Flag.STANDING: "standing",
    Flag.UPSTROKE: "upstroke",
    Flag.DOWNSTROKE: "downstroke",
}
"""The flags a chart shades (seated is the default position, so it is not shaded)."""

FREE_LEVEL_FRACTION = 0.4
"""A free-ride band is this fraction of the chart's top, so it reads as "easy, no target"."""

PERCENT_FLOOR_TOP = 120.0
"""The % FTP axis always reaches at least this far, so FTP (100 %) is always on the chart."""

HEADROOM = 1.1
"""The axis top is this much above the highest target."""


class ChartUnit(StrEnum):
    """The vertical axis."""

    PERCENT = "% FTP"
    WATTS = "W"


@dataclass(frozen=True, slots=True)
class Band:
    """One step as drawn."""

    step: TimelineStep
    """The step it draws."""
    kind: BandKind
    """How to draw it."""
    start: float
    """Height at the step's start, in the chart's unit."""
    end: float
    """Height at the step's end (differs from `start` for a ramp)."""
    colour: str
    """Fill colour, `#rrggbb`."""
    levels: PowerLevels | None = None
    """The target in the chart's unit (for labels); None for free ride and max."""

    @property
    def start_s(self) -> int:
        """Seconds from the start of the workout."""
        return self.step.start_s

    @property
    def end_s(self) -> int:
        """Seconds from the start to the step's end (a lap step ends where it starts)."""
        return self.step.end_s

    @property
    def shaded(self) -> tuple[str, ...]:
        """Names of the technique flags to shade, in the order written."""
        return tuple(FLAG_NAMES[f] for f in self.step.flags if f in FLAG_NAMES)

    @property
    def cadence(self) -> Cadence | None:
        """The step's cadence target."""
        return self.step.cadence


@dataclass(frozen=True, slots=True)
class Profile:
    """A whole workout as drawn."""

    bands: tuple[Band, ...]
    """One per timeline step, in order."""
    unit: ChartUnit
    """The vertical axis."""
    top: float
    """The axis maximum."""
    duration_s: int
    """The time axis length (at least 1 s, so an all-lap workout still scales)."""
    ftp_line: float | None
    """Height of the FTP line (100 % or the FTP in watts), None when it is not known."""


def chart_unit(timeline: Timeline) -> ChartUnit:
    """% FTP when every target converts to it, else watts when they all convert to watts."""
    targeted = [s for s in timeline.steps if s.target.kind not in (TargetKind.FREE, TargetKind.MAX)]
    if all(s.percent(timeline.ftp) is not None for s in targeted):
        return ChartUnit.PERCENT
    if all(s.watts(timeline.ftp) is not None for s in targeted):
        return ChartUnit.WATTS
    return ChartUnit.PERCENT


def step_levels(step: TimelineStep, unit: ChartUnit, ftp: int | None) -> PowerLevels | None:
    """The step's target in the chart's unit."""
    return step.percent(ftp) if unit is ChartUnit.PERCENT else step.watts(ftp)


def nice_top(highest: float, unit: ChartUnit) -> float:
    """A round axis maximum above `highest` (steps of 10 % or 50 W)."""
    grain = 10.0 if unit is ChartUnit.PERCENT else 50.0
    floor = PERCENT_FLOOR_TOP if unit is ChartUnit.PERCENT else grain
    return max(floor, math.ceil(highest * HEADROOM / grain) * grain)


def build_profile(
    timeline: Timeline, colour_by: ColourBy = ColourBy.INTENSITY, reach: float = 0.0
) -> Profile:
    """Lay out every step of `timeline` in one unit; the axis also reaches `reach` (a ride)."""
    unit = chart_unit(timeline)
    levels = [step_levels(s, unit, timeline.ftp) for s in timeline.steps]
    highest = max((max(lv.start, lv.end, lv.high) for lv in levels if lv), default=reach)
    highest = max(highest, reach)
    layout = _Layout(unit, nice_top(highest, unit), timeline.ftp, colour_by)
    bands = tuple(layout.band(step, lv) for step, lv in zip(timeline.steps, levels, strict=True))
    ftp_line: float | None = 100.0 if unit is ChartUnit.PERCENT else None
    if unit is ChartUnit.WATTS and timeline.ftp is not None:
        ftp_line = float(timeline.ftp)
    return Profile(bands, unit, layout.top, max(1, timeline.duration_s), ftp_line)


@dataclass(frozen=True, slots=True)
class _Layout:
    unit: ChartUnit
    top: float
    ftp: int | None
    colour_by: ColourBy

    def band(self, step: TimelineStep, levels: PowerLevels | None) -> Band:
        if step.duration_s is None:
            return Band(step, BandKind.LAP, 0.0, 0.0, self.colour(step, levels), levels)
        if step.target.kind is TargetKind.MAX:
            return Band(step, BandKind.MAX, self.top, self.top, MAX_COLOUR)
        if levels is None:
            free = self.top * FREE_LEVEL_FRACTION
            return Band(step, BandKind.FREE, free, free, FREE_COLOUR)
        colour = self.colour(step, levels)
        return Band(step, BandKind.TARGET, levels.start, levels.end, colour, levels)

    def colour(self, step: TimelineStep, levels: PowerLevels | None) -> str:
        if self.colour_by is ColourBy.INTENSITY or levels is None:
            return INTENSITY_COLOURS[step.intensity]
        mean = (levels.start + levels.end) / 2
        percent: float | None = mean
        if self.unit is ChartUnit.WATTS:
            percent = mean * 100 / self.ftp if self.ftp else None
        return ZONE_COLOURS[zone_of(percent) - 1] if percent is not None else FREE_COLOUR


def target_text(band: Band, unit: ChartUnit) -> str:
    """The target as a coach reads it: `75 % FTP`, `75-85 % FTP`, `45 -> 70 % FTP`, `free ride`."""
    levels = band.levels
    if band.step.target.kind is TargetKind.MAX:
        return "max effort"
    if levels is None:
        return "free ride" if band.step.target.kind is TargetKind.FREE else "target in other unit"
    suffix = " % FTP" if unit is ChartUnit.PERCENT else " W"
    if band.step.target.kind is TargetKind.RAMP:
        return f"{_short(levels.start)} -> {_short(levels.end)}{suffix}"
    if levels.low != levels.high:
        return f"{_short(levels.low)}-{_short(levels.high)}{suffix}"
    return f"{_short(levels.start)}{suffix}"


def _short(value: float) -> str:
    return f"{value:.0f}" if value == round(value) else f"{value:.1f}"


def clock(seconds: float) -> str:
    """A time-axis label: `0:00`, `12:30`, `1:05:00`."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


TICK_CHOICES_S = (60, 120, 300, 600, 900, 1200, 1800, 3600, 7200)
"""Candidate spacings of time-axis ticks."""


def time_ticks(duration_s: int, most: int = 10) -> list[int]:
    """Round tick positions (0, 5:00, 10:00 ...) with at most `most` intervals."""
    spacing = next((t for t in TICK_CHOICES_S if duration_s / t <= most), TICK_CHOICES_S[-1])
    return list(range(0, duration_s + 1, spacing))


def level_ticks(top: float, unit: ChartUnit) -> list[float]:
    """Gridline heights: every 25 % FTP, or a round number of watts."""
    spacing = 25.0 if unit is ChartUnit.PERCENT else (50.0 if top <= 400 else 100.0)
    count = int(top // spacing)
    return [spacing * k for k in range(count + 1)]
