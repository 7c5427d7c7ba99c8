"""Training figures of a planned workout, computed from its timeline's 1-second power curve.

The definitions are the well-known ones (Coggan's normalized power, intensity factor and
training stress score); `docs/stats.md` states them with the choices this module makes for
ramps, ranges, free rides, maximal efforts and lap-button steps. The per-second functions
here are the definitions; `workout_stats` takes the same floats from the curve kept step by
step (`ridec.stepcurve`), without a list of every second.
"""

from __future__ import annotations

import bisect
import collections
import functools
import itertools
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ridec.model import Cadence, Flag, TargetKind
from ridec.stepcurve import NP_WINDOW_S, StepCurve
from ridec.timeline import PowerLevels, Timeline, TimelineStep

ZONE_TOPS = (55.0, 75.0, 90.0, 105.0, 120.0, 150.0)
"""Upper bounds (% FTP, inclusive) of Coggan zones 1-6; zone 7 is everything above 150 %."""

ZONE_COUNT = len(ZONE_TOPS) + 1

SECONDS_PER_HOUR = 3600


@dataclass(frozen=True, slots=True)
class CadenceTime:
    """How long the workout asks for one cadence target."""

    cadence: Cadence
    """The target (a single value has low == high)."""
    seconds: int
    """Total seconds of the steps holding it."""

    @property
    def text(self) -> str:
        """`90 rpm` or `50-60 rpm`."""
        return cadence_text(self.cadence)


def cadence_text(cadence: Cadence) -> str:
    """A cadence target as riders write it: `90 rpm` or `50-60 rpm`."""
    if cadence.is_range:
        return f"{cadence.low}-{cadence.high} rpm"
    return f"{cadence.low} rpm"


@dataclass(frozen=True, slots=True)
class WorkoutStats:
    """The figures `ridec show` prints.

    A figure in % FTP is None when some target is in watts and no FTP is known, and one in
    watts when some target is in % without FTP: a figure over part of the workout would mislead.
    """

    duration_s: int
    """Total seconds of the timed steps (lap-button steps count 0 s)."""
    targeted_s: int
    """Seconds with a power number; every power figure is over these seconds only."""
    untargeted_s: int
    """Seconds of free ride and maximal effort, which have no power number."""
    lap_steps: int
    """How many steps end on the lap button (not timed, so not counted anywhere)."""
    ftp: int | None
    """The FTP in force."""
    average_percent: float | None
    """Mean target over the targeted seconds, % FTP."""
    average_watts: float | None
    """Mean target over the targeted seconds, watts."""
    normalized_percent: float | None
    """Normalized power, % FTP."""
    normalized_watts: float | None
    """Normalized power, watts."""
    intensity_factor: float | None
    """Normalized power divided by FTP."""
    tss: float | None
    """Training stress score: hours x IF squared x 100, over the targeted seconds."""
    work_kj: float | None
    """Mechanical work of the targeted seconds, kilojoules (needs watts)."""
    zone_s: tuple[int, ...] | None
    """Seconds in Coggan zones 1-7 (index 0 is zone 1); None without % FTP."""
    standing_s: int
    """Seconds of steps flagged `standing`."""
    upstroke_s: int
    """Seconds of steps flagged `upstroke`."""
    downstroke_s: int
    """Seconds of steps flagged `downstroke`."""
    cadence_s: tuple[CadenceTime, ...]
    """Seconds at each cadence target, in order of first appearance."""
    no_cadence_s: int
    """Seconds of steps without a cadence target."""

    def to_json(self) -> dict[str, object]:
        """A JSON-ready mapping with the same names as the fields."""
        zones = None
        if self.zone_s is not None:
            zones = {f"z{number}": seconds for number, seconds in enumerate(self.zone_s, 1)}
        cadence = [
            {"low": c.cadence.low, "high": c.cadence.high, "seconds": c.seconds}
            for c in self.cadence_s
        ]
        return {
            "duration_s": self.duration_s,
            "targeted_s": self.targeted_s,
            "untargeted_s": self.untargeted_s,
            "lap_steps": self.lap_steps,
            "ftp": self.ftp,
            "average_percent": _rounded(self.average_percent),
            "average_watts": _rounded(self.average_watts),
            "normalized_percent": _rounded(self.normalized_percent),
            "normalized_watts": _rounded(self.normalized_watts),
            "intensity_factor": _rounded(self.intensity_factor, 3),
            "tss": _rounded(self.tss),
            "work_kj": _rounded(self.work_kj),
            "zone_s": zones,
            "standing_s": self.standing_s,
            "upstroke_s": self.upstroke_s,
            "downstroke_s": self.downstroke_s,
            "cadence_s": cadence,
            "no_cadence_s": self.no_cadence_s,
        }


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


Levels = Callable[[TimelineStep], PowerLevels | None]


def step_curve(step: TimelineStep, levels: PowerLevels | None) -> list[float | None]:
    """The step's target for each of its seconds; None for seconds without a number.

    A range counts as its midpoint. A ramp is sampled at the middle of each second, so its
    mean is exactly the mean of its two ends. A lap-button step has no seconds.
    """
    seconds = step.duration_s or 0
    if levels is None:
        return [None] * seconds
    slope = (levels.end - levels.start) / seconds if seconds else 0.0
    if slope == 0:  # a steady step: the same value as below, without a sum per second
        return [levels.start + 0.0] * seconds
    return [levels.start + slope * (k + 0.5) for k in range(seconds)]


def power_curve(timeline: Timeline, levels: Levels) -> list[float | None]:
    """The whole workout's target second by second, in the unit `levels` gives."""
    curve: list[float | None] = []
    for step in timeline.steps:
        curve.extend(step_curve(step, levels(step)))
    return curve


def percent_curve(timeline: Timeline) -> list[float | None]:
    """The 1-second target curve in % FTP (None: free, max, or watts without FTP)."""
    return power_curve(timeline, lambda step: step.percent(timeline.ftp))


def watts_curve(timeline: Timeline) -> list[float | None]:
    """The 1-second target curve in watts (None: free, max, or % without FTP)."""
    return power_curve(timeline, lambda step: step.watts(timeline.ftp))


def step_curve_of(timeline: Timeline, levels: Levels) -> StepCurve:
    """The seconds with a number, step by step: the values `power_curve` gives, Nones left out."""
    curve = StepCurve()
    for step in timeline.steps:
        seconds = step.duration_s or 0
        found = levels(step)
        if found is None or not seconds:
            continue
        slope = (found.end - found.start) / seconds
        if slope == 0:  # as in step_curve
            curve.add_steady(found.start + 0.0, seconds)
        else:
            curve.add_values(ramp_seconds(found.start, slope, seconds))
    return curve


def ramp_seconds(start: float, slope: float, seconds: int) -> list[float]:
    """`start + slope * (k + 0.5)` for each second k of a ramp, computed in C.

    `count(0.5)` adds 1.0 to 0.5 each time, which is exact (far below 2**52), so each value
    is the very float of that formula."""
    halves = itertools.islice(itertools.count(0.5), seconds)
    products = map(operator.mul, itertools.repeat(slope), halves)
    return list(map(operator.add, itertools.repeat(start), products))


def normalized_power(values: Sequence[float]) -> float | None:
    """Fourth root of the mean fourth power of the 30-s rolling averages.

    Only full windows count (samples 30..n), as in the published definition; a curve shorter
    than one window is one window of its own length. None for an empty curve.
    """
    if not values:
        return None
    window = min(NP_WINDOW_S, len(values))
    # The window's sum slides by adding the entering second and subtracting the leaving one,
    # in that order, as a loop would; accumulate runs it in C.
    slides = map(operator.sub, values[window:], values)
    sums = itertools.accumulate(slides, initial=sum(values[:window]))
    means = map(operator.truediv, sums, itertools.repeat(window))
    total = math.fsum(map(pow, means, itertools.repeat(4)))  # pow(x, 4) is x ** 4
    return float((total / (len(values) - window + 1)) ** 0.25)


def zone_of(percent: float) -> int:
    """The Coggan zone (1-7) of a power in % FTP; each zone's upper bound belongs to it."""
    return bisect.bisect_left(ZONE_TOPS, percent) + 1  # the first top >= percent


def zone_seconds(percents: Sequence[float]) -> tuple[int, ...]:
    """Seconds spent in each of the seven zones."""
    counts = [0] * ZONE_COUNT
    found = collections.Counter(map(functools.partial(bisect.bisect_left, ZONE_TOPS), percents))
    for index, seconds in found.items():
        counts[index] += seconds
    return tuple(counts)


def _flag_seconds(timeline: Timeline, flag: Flag) -> int:
    return sum(step.duration_s or 0 for step in timeline.steps if flag in step.flags)


def _cadence_times(timeline: Timeline) -> tuple[tuple[CadenceTime, ...], int]:
    totals: dict[Cadence, int] = {}
    without = 0
    for step in timeline.steps:
        seconds = step.duration_s or 0
        if step.cadence is None:
            without += seconds
        else:
            totals[step.cadence] = totals.get(step.cadence, 0) + seconds
    return tuple(CadenceTime(c, s) for c, s in totals.items()), without


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _targeted_seconds(timeline: Timeline) -> int:
    """Seconds of steps with a power number (not free ride, not maximal effort)."""
    untargeted = (TargetKind.FREE, TargetKind.MAX)
    return sum(s.duration_s or 0 for s in timeline.steps if s.target.kind not in untargeted)


def workout_stats(timeline: Timeline, *, whole_np_watts: bool = False) -> WorkoutStats:
    """Every figure of the workout; see `docs/stats.md` for the definitions.

    With `whole_np_watts`, normalized power in watts is good to the whole watt only, which is
    all the library's cards show: NP in % FTP converted, when the conversion is proven to
    round to the whole watts of the figure itself (`_np_watts_to_whole`); the figure is
    computed from the watts curve only otherwise. Every other figure is the same.
    """
    percents = step_curve_of(timeline, lambda step: step.percent(timeline.ftp))
    watts = step_curve_of(timeline, lambda step: step.watts(timeline.ftp))
    targeted = _targeted_seconds(timeline)
    complete_pct = percents.seconds == targeted
    complete_w = watts.seconds == targeted
    np_pct = percents.normalized_power() if complete_pct else None
    np_w = None
    if complete_w and whole_np_watts and np_pct is not None and timeline.ftp is not None:
        np_w = _np_watts_to_whole(percents, watts, np_pct, timeline.ftp)
    elif complete_w:
        np_w = watts.normalized_power()
    intensity = np_pct / 100.0 if np_pct is not None else None
    hours = targeted / SECONDS_PER_HOUR
    cadence_s, no_cadence = _cadence_times(timeline)
    watts_sum = watts.fsum() if complete_w and watts.seconds else None
    return WorkoutStats(
        duration_s=timeline.duration_s,
        targeted_s=targeted,
        untargeted_s=timeline.duration_s - targeted,
        lap_steps=sum(step.duration_s is None for step in timeline.steps),
        ftp=timeline.ftp,
        average_percent=percents.mean() if complete_pct else None,
        average_watts=watts_sum / watts.seconds if watts_sum is not None else None,
        normalized_percent=np_pct,
        normalized_watts=np_w,
        intensity_factor=intensity,
        tss=hours * intensity**2 * 100.0 if intensity is not None else None,
        work_kj=watts_sum / 1000.0 if watts_sum is not None else None,
        zone_s=tuple(percents.zone_seconds(ZONE_TOPS)) if complete_pct else None,
        standing_s=_flag_seconds(timeline, Flag.STANDING),
        upstroke_s=_flag_seconds(timeline, Flag.UPSTROKE),
        downstroke_s=_flag_seconds(timeline, Flag.DOWNSTROKE),
        cadence_s=cadence_s,
        no_cadence_s=no_cadence,
    )


UNIT_ROUNDOFF = 2.0**-53
"""Half the gap between 1.0 and the next float: the relative error of one rounding."""


def _np_watts_to_whole(percents: StepCurve, watts: StepCurve, np_pct: float, ftp: int) -> float:
    """NP in watts from NP in % FTP, when that rounds to the same whole watts (`.0f`) as
    `watts.normalized_power()`; that figure otherwise.

    Both curves hold the same seconds (every targeted second, an FTP converting each unit),
    each watts value being its % value x FTP / 100 but for a few roundings in the levels and
    the ramp's per-second formula. The conversion `np_pct * ftp / 100` is within `bound` of
    the watts figure, M the largest value in watts and n the seconds (u = UNIT_ROUNDOFF):
    - each curve's 30-s rolling means, slid a second at a time as the reference does, are
      each within u M (30 + 1.2 n) of the exact means of the curve's values; NP is the
      mean-fourth-power norm of the means, so it moves by no more than they do (Minkowski),
      and pow, fsum, the division and the 4th root add 3u of NP;
    - the exact means of the two curves differ by at most 16 u M once scaled (the levels'
      conversions, midpoints and ramp formula each round a few times, on either side), and
      NP scales exactly in exact arithmetic;
    - the conversion itself rounds twice: 2u of its value.
    That sums to about u (M (2.4 n + 84) + 2 NP); `bound` is four times as much. The whole
    watts agree unless a half-integer lies within `bound` of the conversion, and then the
    figure is computed (for a 24-hour workout at 2,000 W, `bound` is about 2e-7 W: fewer
    than one workout in a million).
    """
    converted = np_pct * ftp / 100.0
    largest = max(watts.largest(), percents.largest() * ftp / 100.0)
    bound = 4 * UNIT_ROUNDOFF * (largest * (2.4 * watts.seconds + 84) + 2 * converted)
    if abs(converted % 1.0 - 0.5) > bound:
        return converted
    exact = watts.normalized_power()
    assert exact is not None  # the curve has seconds: NP in % has a value
    return exact
