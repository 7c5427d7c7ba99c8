"""Placing each planned step on the ride's clock: from the first record, from laps, or at an offset.

The rule for `auto`: a head unit that runs a structured workout closes a lap at the end of
every step, so when the ride has one lap per planned step (plus, at most, one trailing lap
ridden after the workout ended) and every timed step's lap lasts what the plan says (within
`LAP_TOLERANCE`), each step is lined up with its lap. Otherwise the plan starts at the ride's
first record. `--offset S` starts it S seconds of timer time after the first record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ridec.review.activity import Activity, Lap
from ridec.timeline import Timeline, TimelineStep

LAP_TOLERANCE_FRACTION = 0.10
"""A lap matches a timed step when it lasts within 10 % of the step's duration ..."""
LAP_TOLERANCE_S = 5
"""... or within 5 s, whichever is larger (lap presses land a second or two off)."""


class AlignMode(StrEnum):
    """How the plan is placed on the ride."""

    AUTO = "auto"
    """Laps when they match the plan (see the module docstring), else the first record."""
    START = "start"
    """The plan starts at the first record."""
    LAPS = "laps"
    """Step i is lap i, whatever the laps' lengths."""
    OFFSET = "offset"
    """The plan starts `offset` seconds after the first record."""


@dataclass(frozen=True, slots=True)
class Window:
    """Where one planned step lies on the ride's clock: [start_s, end_s)."""

    step: TimelineStep
    """The planned step."""
    start_s: int
    """First ride second of the step."""
    end_s: int
    """Ride second just past the step."""

    @property
    def seconds(self) -> int:
        """How long the step lasts on the ride's clock."""
        return max(0, self.end_s - self.start_s)


@dataclass(frozen=True, slots=True)
class Alignment:
    """The plan on the ride's clock."""

    mode: AlignMode
    """The mode used (never AUTO: auto resolves to LAPS or START)."""
    windows: tuple[Window, ...]
    """One per planned step, in order."""
    note: str
    """One sentence saying how the plan was placed and why."""


class AlignmentError(Exception):
    """The asked alignment cannot be made (laps asked for a ride without enough laps)."""


def align(
    timeline: Timeline, activity: Activity, mode: AlignMode = AlignMode.AUTO, offset_s: int = 0
) -> Alignment:
    """Place every step of `timeline` on `activity`'s clock."""
    steps = timeline.steps
    laps = activity.laps
    if mode is AlignMode.OFFSET:
        note = f"the plan starts {offset_s} s after the first record (--offset)"
        return Alignment(mode, _from(steps, offset_s), note)
    if mode is AlignMode.LAPS:
        if len(laps) < len(steps):
            raise AlignmentError(
                f"the ride has {len(laps)} laps and the plan {len(steps)} steps: "
                "lining up by laps needs one lap per step"
            )
        note = f"step i is lap i ({len(steps)} of the ride's {len(laps)} laps, --align laps)"
        return Alignment(mode, _by_laps(steps, laps), note)
    if mode is AlignMode.AUTO and laps_match(steps, laps):
        note = f"each step is lined up with its lap ({len(laps)} laps match the plan's steps)"
        return Alignment(AlignMode.LAPS, _by_laps(steps, laps), note)
    return Alignment(AlignMode.START, _from(steps, 0), _start_note(steps, laps))


def closest_plan(plans: Sequence[Timeline], activity: Activity) -> Timeline:
    """Of several planned workouts (a plan's week), the one whose length is closest to the
    ride's recorded seconds (the first of equals)."""
    ridden = len(activity.seconds)
    return min(plans, key=lambda plan: abs(plan.duration_s - ridden))


def laps_match(steps: tuple[TimelineStep, ...], laps: tuple[Lap, ...]) -> bool:
    """Whether the laps look like a head unit's step laps for this plan (the `auto` rule)."""
    if not steps or len(laps) not in (len(steps), len(steps) + 1):
        return False
    return all(
        step.duration_s is None or _close(lap.end_s - lap.start_s, step.duration_s)
        for step, lap in zip(steps, laps, strict=False)
    )


def _close(actual: int, planned: int) -> bool:
    return abs(actual - planned) <= max(LAP_TOLERANCE_S, planned * LAP_TOLERANCE_FRACTION)


def _from(steps: tuple[TimelineStep, ...], offset_s: int) -> tuple[Window, ...]:
    return tuple(Window(s, offset_s + s.start_s, offset_s + s.end_s) for s in steps)


def _by_laps(steps: tuple[TimelineStep, ...], laps: tuple[Lap, ...]) -> tuple[Window, ...]:
    return tuple(
        Window(step, lap.start_s, lap.end_s) for step, lap in zip(steps, laps, strict=False)
    )


def _start_note(steps: tuple[TimelineStep, ...], laps: tuple[Lap, ...]) -> str:
    note = "the plan starts at the first record"
    if laps and len(laps) not in (len(steps), len(steps) + 1):
        note += f" (the ride's {len(laps)} laps do not match the plan's {len(steps)} steps)"
    elif laps:
        note += " (the ride's laps last other than the plan's steps)"
    if any(s.duration_s is None for s in steps):
        note += "; lap-button steps count 0 s, so later steps may be off: try --align laps"
    return note
