"""Workouts built from the model classes for the ERG/MRC tests, and helpers to render them."""

from __future__ import annotations

from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.ergmrc.writer import CourseWriter, ErgWriter, MrcWriter
from ridec.model import (
    FREE,
    LAP,
    MAX,
    Activation,
    Cadence,
    Cue,
    Exercise,
    Flag,
    Header,
    Intensity,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import lower

WRITERS: dict[str, CourseWriter] = {"erg": ErgWriter(), "mrc": MrcWriter()}


def pct(value: float) -> Power:
    """A power in % FTP."""
    return Power(value, PowerUnit.PERCENT)


def watts(value: float) -> Power:
    """A power in watts."""
    return Power(value, PowerUnit.WATTS)


def steady(power: Power) -> Target:
    """A steady target."""
    return Target(TargetKind.STEADY, power)


def ramp(start: Power, end: Power) -> Target:
    """A ramp from `start` to `end`."""
    return Target(TargetKind.RAMP, start, end)


def band(low: Power, high: Power) -> Target:
    """A power range."""
    return Target(TargetKind.RANGE, low, high)


def render(workout: Workout, target: str, ftp: int | None = None) -> tuple[bytes, Fidelity]:
    """The bytes `target` writes for `workout` and its fidelity report."""
    report = Fidelity(target)
    data = WRITERS[target].render(lower(workout, ftp), CompileOptions(ftp=ftp), report)
    return data, report


def standing() -> Workout:
    """The standing-technique shape: ramps, a labelled repeat, flags, cues, activation."""
    interval = Step(
        80,
        steady(pct(75)),
        Intensity.INTERVAL,
        Cadence(50, 60),
        (Flag.STANDING,),
        "Stand {i}",
        (Cue(20, "Hands on the hoods"), Cue(15, "Sit down soon", from_end=True, duration=5)),
    )
    recovery = Step(100, band(pct(50), pct(60)), Intensity.RECOVERY, Cadence(90, 90))
    return Workout(
        Header(
            "Standing technique",
            author="Coach",
            description="Three points of power.\nHands, core and feet.",
            ftp=250,
        ),
        (
            Step(600, ramp(pct(45), pct(70)), Intensity.WARMUP, Cadence(85, 95), label="Warm up"),
            Repeat(2, (interval, recovery), label="Set {i}/{n}"),
            Step(480, ramp(pct(65), pct(45)), Intensity.COOLDOWN, label="Cool down"),
        ),
        activation=Activation(
            (Exercise("Glute bridge", 15), Exercise("Clamshell", 12, each_side=True)),
            "Before you ride",
        ),
    )


def eighty_seconds() -> Workout:
    """Steps of 80 s, 1 s and 59 s: boundaries that two decimals of a minute would move."""
    return Workout(
        Header("Eighty seconds", ftp=200),
        (
            Step(80, steady(pct(60))),
            Step(80, steady(pct(110))),
            Step(1, steady(pct(150))),
            Step(59, steady(pct(55))),
        ),
    )


def degraded() -> Workout:
    """Everything ERG/MRC cannot say: free ride, max effort, lap, watts range, odd texts."""
    return Workout(
        Header("Odd = names\there", ftp=300),
        (
            Step(LAP, steady(pct(50)), label="Spin until ready", cues=(Cue(10, "Ready?"),)),
            Step(300, FREE, cues=(Cue(30, "42"), Cue(60, "Tab\tinside"))),
            Step(12, MAX, label="Sprint"),
            Step(120, band(watts(190), watts(210)), label="Hold"),
        ),
    )


def watts_only() -> Workout:
    """A workout in watts with no FTP anywhere: ERG can be written, MRC cannot."""
    return Workout(
        Header("Watts only"),
        (Step(300, ramp(watts(100), watts(200))), Step(120, steady(watts(180)), label="Push")),
    )


GOLDEN = {
    "standing": standing,
    "eighty_seconds": eighty_seconds,
    "degraded": degraded,
    "watts_only": watts_only,
}
"""Name -> workout of each golden file pair in `tests/ergmrc/golden/`."""

__all__ = ["FREE", "LAP", "MAX"]
