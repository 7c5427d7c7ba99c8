"""Power targets built straight from the model, shared by the format and timeline tests."""

from __future__ import annotations

from ridec.model import Power, PowerUnit, Target, TargetKind

PCT = PowerUnit.PERCENT
WATTS = PowerUnit.WATTS


def steady(value: float, unit: PowerUnit = PCT) -> Target:
    return Target(TargetKind.STEADY, Power(value, unit))


def ramp(start: float, end: float, unit: PowerUnit = PCT) -> Target:
    return Target(TargetKind.RAMP, Power(start, unit), Power(end, unit))


def band(low: float, high: float, unit: PowerUnit = PCT) -> Target:
    return Target(TargetKind.RANGE, Power(low, unit), Power(high, unit))
