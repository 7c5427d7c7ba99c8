"""Step ends and targets that ridec's model cannot hold, put into words for the rider.

Garmin's own example workouts end steps after a distance or a heart rate and aim at a heart
rate or a speed. ridec's workouts are timed and aimed at power, so such a step is read as a
lap-button step (the rider presses lap when the condition is met) or as free riding, and
the condition or target becomes a cue at the step's start: nothing the file says is lost
from what the rider sees, and the reader warns about each one.

Value encodings follow the FIT profile: distances in centimetres; heart rates as % of
maximum up to 100, else beats per minute plus 100; powers as % FTP below 1000, else watts
plus 1000; speeds in millimetres per second.
"""

from __future__ import annotations

from ridec.formats.fit.profile import CUSTOM_TARGET, WATTS_OFFSET, DurationType, TargetType

HR_BPM_OFFSET = 100
"""Heart-rate values above this are beats per minute plus 100; up to it, % of maximum."""

LAP_ENDS = {
    DurationType.DISTANCE: "a distance",
    DurationType.HR_LESS_THAN: "a heart rate below a value",
    DurationType.HR_GREATER_THAN: "a heart rate above a value",
    DurationType.CALORIES: "a number of calories",
    DurationType.POWER_LESS_THAN: "a power below a value",
    DurationType.POWER_GREATER_THAN: "a power above a value",
}
"""Step ends read as the lap button, with the condition as a cue."""

CUE_TARGETS = {TargetType.SPEED: "speed", TargetType.HEART_RATE: "heart-rate"}
"""Targets read as free riding, with the target as a cue."""


def end_cue(kind: DurationType, value: int | None) -> str:
    """The cue that tells the rider when to press lap, e.g. `Until 500 m`."""
    if value is None:
        return f"Until {LAP_ENDS[kind].removeprefix('a ')}"
    if kind is DurationType.DISTANCE:
        return f"Until {_distance(value)}"
    if kind is DurationType.CALORIES:
        return f"Until {value} kcal"
    if kind in (DurationType.HR_LESS_THAN, DurationType.HR_GREATER_THAN):
        side = "below" if kind is DurationType.HR_LESS_THAN else "above"
        return f"Until heart rate {side} {_heart_rate(value)}"
    side = "below" if kind is DurationType.POWER_LESS_THAN else "above"
    return f"Until power {side} {_power(value)}"


def target_cue(kind: TargetType, zone: int | None, low: int | None, high: int | None) -> str:
    """The cue that keeps a heart-rate or speed target, e.g. `Heart rate zone 2`."""
    name = "Heart rate" if kind is TargetType.HEART_RATE else "Speed"
    if zone is not None and zone != CUSTOM_TARGET:
        return f"{name} zone {zone}"
    if low is None or high is None:
        return f"{name} target (no range given)"
    if kind is TargetType.HEART_RATE:
        return f"{name} {_heart_rate_range(low, high)}"
    return f"{name} {_speed(low)}-{_speed(high)} km/h"


def _distance(centimetres: int) -> str:
    metres = centimetres / 100
    if metres >= 1000:
        return f"{metres / 1000:g} km"
    return f"{metres:g} m"


def _heart_rate(value: int) -> str:
    if value > HR_BPM_OFFSET:
        return f"{value - HR_BPM_OFFSET} bpm"
    return f"{value} % of maximum heart rate"


def _heart_rate_range(low: int, high: int) -> str:
    if low > HR_BPM_OFFSET and high > HR_BPM_OFFSET:
        return f"{low - HR_BPM_OFFSET}-{high - HR_BPM_OFFSET} bpm"
    if low <= HR_BPM_OFFSET and high <= HR_BPM_OFFSET:
        return f"{low}-{high} % of maximum"
    return f"{_heart_rate(low)} to {_heart_rate(high)}"


def _power(value: int) -> str:
    if value >= WATTS_OFFSET:
        return f"{value - WATTS_OFFSET} W"
    return f"{value} % FTP"


def _speed(millimetres_per_second: int) -> str:
    return f"{millimetres_per_second * 3.6 / 1000:.1f}"
