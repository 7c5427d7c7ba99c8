"""The figures of a review: per planned step and for the whole ride.

Every percentage counts recorded seconds only: a second without a record (a gap) is in
neither the numerator nor the denominator, and a record without the quantity (power, say)
is left out of that quantity's figures. Balance is the power-weighted mean of the right
pedal's share over the seconds that have power above zero and a balance whose side is said,
which is how the head unit computes its own lap balance.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ridec.formats.fit.activity import NO_BALANCE, NO_CADENCE, NO_POWER
from ridec.formats.fit.profile import BALANCE_100_MASK, BALANCE_100_RIGHT_BIT
from ridec.model import Cadence, Flag
from ridec.review.activity import Activity
from ridec.review.align import Alignment, Window
from ridec.timeline import PowerLevels, Timeline, TimelineStep

DEFAULT_BAND_PCT = 5.0
"""Power within +/- this many % FTP of the target counts as inside the band."""
DEFAULT_CADENCE_BAND_RPM = 5
"""A single cadence value counts as value +/- this many rpm (a range is taken as written)."""
BALANCE_GROUPS = ("standing", "upstroke", "downstroke", "other")
"""How the summary splits the balance: by technique flag, and steps with none of them."""
GROUP_FLAGS = {"standing": Flag.STANDING, "upstroke": Flag.UPSTROKE, "downstroke": Flag.DOWNSTROKE}


@dataclass(frozen=True, slots=True)
class BalanceFigure:
    """Left/right balance over some seconds."""

    right_pct: float | None
    """Power-weighted right share, %, over `side_s` seconds; None when there were none."""
    side_s: int
    """Seconds with power > 0 and a balance that names the right pedal."""
    unnamed_pct: float | None
    """Power-weighted share over seconds whose balance does not say the side."""
    unnamed_s: int
    """How many such seconds."""

    @property
    def left_pct(self) -> float | None:
        """The left share, 100 - right."""
        return None if self.right_pct is None else 100.0 - self.right_pct

    def text(self) -> str:
        """`L 48.2 / R 51.8`, `51.0 % (side unknown)`, or `-` with nothing to show."""
        if self.right_pct is not None:
            return f"L {100.0 - self.right_pct:.1f} / R {self.right_pct:.1f}"
        if self.unnamed_pct is not None:
            return f"{self.unnamed_pct:.1f} % (side unknown)"
        return "-"

    def to_json(self) -> dict[str, object]:
        """Names as the fields, percentages to two decimals."""
        return {
            "left_pct": _round(self.left_pct, 2),
            "right_pct": _round(self.right_pct, 2),
            "side_s": self.side_s,
            "unnamed_pct": _round(self.unnamed_pct, 2),
            "unnamed_s": self.unnamed_s,
        }


@dataclass
class _BalanceSum:
    """Running power-weighted sums, merged across steps for the summary."""

    right_weighted: float = 0.0
    right_power: float = 0.0
    side_s: int = 0
    unnamed_weighted: float = 0.0
    unnamed_power: float = 0.0
    unnamed_s: int = 0

    def add(self, power: int, balance: int) -> None:
        """Count one recorded second (`balance` in the left_right_balance_100 form)."""
        if balance == NO_BALANCE or power in (0, NO_POWER):
            return
        percent = (balance & BALANCE_100_MASK) / 100.0
        if balance & BALANCE_100_RIGHT_BIT:
            self.right_weighted += percent * power
            self.right_power += power
            self.side_s += 1
        else:
            self.unnamed_weighted += percent * power
            self.unnamed_power += power
            self.unnamed_s += 1

    def figure(self) -> BalanceFigure:
        right = self.right_weighted / self.right_power if self.right_power else None
        unnamed = self.unnamed_weighted / self.unnamed_power if self.unnamed_power else None
        return BalanceFigure(right, self.side_s, unnamed, self.unnamed_s)


@dataclass(frozen=True, slots=True)
class StepReview:
    """How one planned step was ridden."""

    step: TimelineStep
    """The planned step."""
    window: Window
    """Where it lies on the ride's clock."""
    recorded_s: int
    """Seconds of the window with a record."""
    target_w: PowerLevels | None
    """The target in watts; None for free ride and max."""
    power_s: int
    """Recorded seconds with power."""
    average_power: float | None
    """Mean power over those seconds, W."""
    in_band_pct: float | None
    """Share of `power_s` inside the target band, %; None without a target or power."""
    cadence_s: int
    """Recorded seconds with cadence."""
    average_cadence: float | None
    """Mean cadence over those seconds (zeros included: coasting is part of the ride)."""
    in_cadence_pct: float | None
    """Share of `cadence_s` inside the cadence target, %; None without one or without cadence."""
    balance: BalanceFigure
    """Left/right balance over the step."""


@dataclass(frozen=True, slots=True)
class RideSummary:
    """The whole ride against the whole plan."""

    planned_s: int
    """Seconds of the plan's windows on the ride's clock."""
    recorded_s: int
    """Seconds of those windows with a record."""
    outside_s: int
    """Recorded seconds before the plan's start or after its end."""
    average_power: float | None
    """Mean power over the recorded seconds inside the plan, W."""
    in_band_pct: float | None
    """Seconds inside the power band over seconds with power, across steps with a target."""
    in_cadence_pct: float | None
    """Seconds inside the cadence target over seconds with cadence, across steps with one."""
    balance: BalanceFigure
    """Balance over the whole plan."""
    balance_groups: tuple[tuple[str, BalanceFigure], ...]
    """Balance on standing, upstroke and downstroke steps apart, and on the other steps."""


@dataclass(frozen=True, slots=True)
class Review:
    """Everything `ridec review` prints."""

    workout: str
    """The plan's name."""
    ride: str
    """The ride's file."""
    ftp: int
    """The FTP the watts come from."""
    band_pct: float
    """The power band, +/- % FTP."""
    cadence_band_rpm: int
    """The tolerance around single cadence values."""
    alignment: Alignment
    """How the plan was placed on the ride."""
    steps: tuple[StepReview, ...]
    """One per planned step."""
    summary: RideSummary
    """The whole ride."""
    has_power: bool
    """Whether the ride recorded power at all."""
    has_cadence: bool
    """Whether it recorded cadence."""
    has_balance: bool
    """Whether it recorded left/right balance."""
    paused_s: int = 0
    """Timer pauses taken out of the ride's clock."""
    notes: tuple[str, ...] = field(default=())
    """Sentences to print under the table (missing data, alignment)."""


BAND_PCT_RANGE = (0.0, 100.0)
"""The power band, +/- % FTP: none at all up to the whole FTP either way."""
CADENCE_BAND_RANGE = (0, 50)
"""The cadence band, +/- rpm around a single cadence."""


def _require_band(band_pct: float, cadence_band_rpm: int) -> None:
    low, high = BAND_PCT_RANGE
    number = isinstance(band_pct, int | float) and not isinstance(band_pct, bool)
    if not number or not low <= band_pct <= high:  # NaN fails both comparisons
        raise ValueError(f"the power band must be {low:g} to {high:g} % FTP, not {band_pct!r}")
    low_rpm, high_rpm = CADENCE_BAND_RANGE
    whole = isinstance(cadence_band_rpm, int) and not isinstance(cadence_band_rpm, bool)
    if not whole or not low_rpm <= cadence_band_rpm <= high_rpm:
        message = f"the cadence band must be {low_rpm} to {high_rpm} rpm, not {cadence_band_rpm!r}"
        raise ValueError(message)


def review(
    timeline: Timeline,
    activity: Activity,
    alignment: Alignment,
    band_pct: float = DEFAULT_BAND_PCT,
    cadence_band_rpm: int = DEFAULT_CADENCE_BAND_RPM,
) -> Review:
    """Compute every figure; `timeline.ftp` must be known (the caller checks it). A band
    outside BAND_PCT_RANGE or CADENCE_BAND_RANGE (NaN among them) is a ValueError."""
    _require_band(band_pct, cadence_band_rpm)
    assert timeline.ftp is not None
    ftp = timeline.ftp
    band_w = band_pct * ftp / 100.0
    steps = tuple(
        _step_review(w, activity, ftp, band_w, cadence_band_rpm) for w in alignment.windows
    )
    summary = _summary(activity, alignment, steps)
    return Review(
        workout=timeline.workout.header.name,
        ride=activity.path,
        ftp=ftp,
        band_pct=band_pct,
        cadence_band_rpm=cadence_band_rpm,
        alignment=alignment,
        steps=steps,
        summary=summary,
        has_power=activity.has_power,
        has_cadence=activity.has_cadence,
        has_balance=activity.has_balance,
        paused_s=activity.paused_s,
        notes=_notes(activity, alignment),
    )


def target_at(step: TimelineStep, levels: PowerLevels, offset_s: int) -> tuple[float, float]:
    """The target's (low, high) at `offset_s` into the step: a range as written, a ramp's
    value at the middle of that second (seconds past a ramp's planned end hold its end)."""
    if levels.start == levels.end:
        return levels.low, levels.high
    duration = step.duration_s or 1
    k = min(max(offset_s, 0), duration - 1)
    value = levels.start + (levels.end - levels.start) * (k + 0.5) / duration
    return value, value


def in_cadence(cadence: Cadence, rpm: int, single_band: int) -> bool:
    """Whether `rpm` meets the target: a range as written, one value +/- `single_band`."""
    if cadence.is_range:
        return cadence.low <= rpm <= cadence.high
    return abs(rpm - cadence.low) <= single_band


def _step_review(
    window: Window, ride: Activity, ftp: int, band_w: float, cadence_band: int
) -> StepReview:
    step = window.step
    levels = step.watts(ftp)
    inside = ride.index_range(window.start_s, window.end_s)
    powered = [i for i in inside if ride.power[i] != NO_POWER]
    pedalled = [i for i in inside if ride.cadence[i] != NO_CADENCE]
    in_band = None
    if levels is not None and powered:
        start = window.start_s
        hits = sum(
            _in_band(step, levels, ride.seconds[i] - start, ride.power[i], band_w)
            for i in powered
        )
        in_band = 100.0 * hits / len(powered)
    in_cad = None
    if step.cadence is not None and pedalled:
        hits = sum(in_cadence(step.cadence, ride.cadence[i], cadence_band) for i in pedalled)
        in_cad = 100.0 * hits / len(pedalled)
    balance = _BalanceSum()
    for i in inside:
        balance.add(ride.power[i], ride.balance[i])
    return StepReview(
        step=step,
        window=window,
        recorded_s=len(inside),
        target_w=levels,
        power_s=len(powered),
        average_power=_mean(ride.power[i] for i in powered),
        in_band_pct=in_band,
        cadence_s=len(pedalled),
        average_cadence=_mean(ride.cadence[i] for i in pedalled),
        in_cadence_pct=in_cad,
        balance=balance.figure(),
    )


def _in_band(
    step: TimelineStep, levels: PowerLevels, offset_s: int, power: int, band_w: float
) -> bool:
    """Whether `power`, `offset_s` into the step, is inside the target band."""
    low, high = target_at(step, levels, offset_s)
    return low - band_w <= power <= high + band_w


def _mean(values: Iterable[int | None]) -> float | None:
    numbers = [v for v in values if v is not None]
    return math.fsum(numbers) / len(numbers) if numbers else None


def _summary(
    activity: Activity, alignment: Alignment, steps: tuple[StepReview, ...]
) -> RideSummary:
    inside: set[int] = set()
    groups = {name: _BalanceSum() for name in BALANCE_GROUPS}
    everything = _BalanceSum()
    powers: list[int] = []
    for window in alignment.windows:
        names = _groups(window.step)
        for index in activity.index_range(window.start_s, window.end_s):
            if index in inside:
                continue  # windows from laps never overlap, but an offset plan could
            inside.add(index)
            power, balance = activity.power[index], activity.balance[index]
            everything.add(power, balance)
            for name in names:
                groups[name].add(power, balance)
            if power != NO_POWER:
                powers.append(power)
    return RideSummary(
        planned_s=sum(w.seconds for w in alignment.windows),
        recorded_s=len(inside),
        outside_s=len(activity.seconds) - len(inside),
        average_power=_mean(powers),
        in_band_pct=_pooled((r.in_band_pct, r.power_s) for r in steps),
        in_cadence_pct=_pooled((r.in_cadence_pct, r.cadence_s) for r in steps),
        balance=everything.figure(),
        balance_groups=tuple((name, groups[name].figure()) for name in BALANCE_GROUPS),
    )


def _groups(step: TimelineStep) -> list[str]:
    names = [name for name, flag in GROUP_FLAGS.items() if flag in step.flags]
    return names or ["other"]


def _pooled(parts: Iterable[tuple[float | None, int]]) -> float | None:
    """Seconds inside over seconds counted, across the steps that have the figure."""
    counted = [(pct, n) for pct, n in parts if pct is not None and n]
    total = sum(n for _, n in counted)
    return sum(pct * n for pct, n in counted) / total if total else None


def _notes(activity: Activity, alignment: Alignment) -> tuple[str, ...]:
    notes = [f"Alignment: {alignment.note}."]
    missing = [
        name
        for name, present in (
            ("power", activity.has_power),
            ("cadence", activity.has_cadence),
            ("left/right balance", activity.has_balance),
        )
        if not present
    ]
    if missing:
        notes.append(f"The ride has no {' or '.join(missing)} records: those columns are empty.")
    if activity.paused_s:
        notes.append(f"Timer pauses ({activity.paused_s} s) are taken out of the ride's clock.")
    return tuple(notes)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
