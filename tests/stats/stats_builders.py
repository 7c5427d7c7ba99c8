"""Small workouts built straight from the model classes, for the stats, chart and review tests."""

from __future__ import annotations

from ridec.model import (
    FREE,
    LAP,
    MAX,
    Cadence,
    Flag,
    Header,
    Intensity,
    Node,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import Timeline, lower

MINUTE = 60


def pct(value: float) -> Target:
    """A steady target in % FTP."""
    return Target(TargetKind.STEADY, Power(value, PowerUnit.PERCENT))


def watts(value: float) -> Target:
    """A steady target in watts."""
    return Target(TargetKind.STEADY, Power(value, PowerUnit.WATTS))


def pct_range(low: float, high: float) -> Target:
    """A % FTP range."""
    return Target(TargetKind.RANGE, Power(low, PowerUnit.PERCENT), Power(high, PowerUnit.PERCENT))


def pct_ramp(start: float, end: float) -> Target:
    """A % FTP ramp from `start` to `end`."""
    return Target(TargetKind.RAMP, Power(start, PowerUnit.PERCENT), Power(end, PowerUnit.PERCENT))


def step(
    seconds: int | None,
    target: Target = FREE,
    *,
    intensity: Intensity = Intensity.ACTIVE,
    rpm: tuple[int, int] | None = None,
    flags: tuple[Flag, ...] = (),
    label: str | None = None,
) -> Step:
    """A step; `seconds=None` makes a lap-button step."""
    cadence = Cadence(*rpm) if rpm else None
    return Step(LAP if seconds is None else seconds, target, intensity, cadence, flags, label)


def workout(*body: Node, ftp: int | None = None, name: str = "Test") -> Workout:
    """A workout holding `body`."""
    return Workout(Header(name=name, ftp=ftp), tuple(body))


def timeline(*body: Node, ftp: int | None = None) -> Timeline:
    """The lowered timeline of a workout holding `body`."""
    return lower(workout(*body, ftp=ftp))


def standing_workout(ftp: int | None = 250) -> Workout:
    """A small technique workout: warm-up ramp, 3 standing reps with recovery, cool-down."""
    reps = Repeat(
        3,
        (
            step(
                120,
                pct(75),
                intensity=Intensity.INTERVAL,
                rpm=(50, 60),
                flags=(Flag.STANDING,),
                label="Standing {i}/{n}",
            ),
            step(180, pct(55), intensity=Intensity.RECOVERY, rpm=(90, 90), flags=(Flag.SEATED,)),
        ),
    )
    return workout(
        step(600, pct_ramp(45, 70), intensity=Intensity.WARMUP, label="Spin up"),
        reps,
        step(300, pct(80), intensity=Intensity.INTERVAL, rpm=(60, 70), flags=(Flag.UPSTROKE,)),
        step(300, pct(80), intensity=Intensity.INTERVAL, rpm=(60, 70), flags=(Flag.DOWNSTROKE,)),
        step(120, FREE, label="Free spin"),
        step(None, pct(50), intensity=Intensity.REST, label="Press lap"),
        step(30, MAX, intensity=Intensity.INTERVAL),
        step(480, pct_ramp(65, 45), intensity=Intensity.COOLDOWN),
        ftp=ftp,
        name="Standing sample",
    )
