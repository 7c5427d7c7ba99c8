"""What a ZWO, ERG, MRC or FIT workout file asks of the rider, read straight from the file.

`make corpus` compares a file with what ridec writes back through these readings, not
through ridec's readers, so a reader that misreads a file cannot hide the mistake by
misreading its own output the same way. Each format becomes a list of segments: a target
that changes linearly from `start` to `end` over `[t0, t1)` seconds, or None where the file
sets no target (free ride, max effort). Units: % FTP, or watts for files in watts.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import fitparse
from lxml import etree


class Unit(StrEnum):
    PERCENT = "% FTP"
    WATTS = "W"
    FIT_MIXED = "(% FTP, or 1000 + W)"
    """A FIT workout with steps in both units keeps FIT's own encoding of each."""


@dataclass(frozen=True, slots=True)
class Segment:
    t0: float
    t1: float
    start: float | None
    end: float | None

    def at(self, t: float) -> float | None:
        if self.start is None or self.end is None:
            return None
        return self.start + (self.end - self.start) * (t - self.t0) / (self.t1 - self.t0)


@dataclass(frozen=True, slots=True)
class Reading:
    """A file's targets on one clock, in one unit."""

    segments: tuple[Segment, ...]
    unit: Unit
    untimed: tuple[float | None, ...] = ()
    """FIT only: the targets of steps with no length in time (they end at the lap button,
    after a distance, at a heart rate ...), in order, in FIT's own encoding."""

    @property
    def length_s(self) -> float:
        return self.segments[-1].t1 if self.segments else 0.0


class UnreadableError(ValueError):
    """The file holds something these readings do not model (a distance step, say)."""


def reading(data: bytes, suffix: str) -> Reading:
    """The segments of a file, by its extension (`.zwo`, `.erg`, `.mrc`, `.fit`)."""
    if suffix == ".zwo":
        return _zwo(data)
    if suffix in (".erg", ".mrc"):
        return _course(data)
    if suffix == ".fit":
        return _fit(data)
    raise UnreadableError(f"no reading for {suffix} files")


# ZWO -------------------------------------------------------------------------------------

_FREE_BLOCKS = ("freeride", "maxeffort")


def _attribute(element: etree._Element, *names: str) -> float | None:
    """A numeric attribute by any of `names`, case-insensitively (files vary)."""
    attributes = {str(k).lower(): str(v) for k, v in element.attrib.items()}
    for name in names:
        if name.lower() in attributes:
            return float(attributes[name.lower()])
    return None


def _level(element: etree._Element, name: str, low: str, high: str) -> float:
    """`name`, or the middle of the 2015 layout's `low`/`high` pair."""
    value = _attribute(element, name)
    if value is not None:
        return value
    pair = [v for v in (_attribute(element, low), _attribute(element, high)) if v is not None]
    if not pair:
        raise UnreadableError(f"<{element.tag}> has no power")
    return sum(pair) / len(pair)


def _zwo(data: bytes) -> Reading:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    workout = etree.fromstring(data, parser).find("workout")
    if workout is None:
        raise UnreadableError("no <workout>")
    clock = 0.0
    found: list[Segment] = []
    for block in workout:
        if not isinstance(block.tag, str) or block.tag.lower() == "textevent":
            continue
        for duration, start, end in _zwo_block(block):
            found.append(_scaled(Segment(clock, clock + duration, start, end), 100))
            clock += duration
    return Reading(tuple(found), Unit.PERCENT)


def _zwo_block(block: etree._Element) -> Iterator[tuple[float, float | None, float | None]]:
    """(seconds, start, end) of each part of a block, powers as fractions of FTP."""
    tag = str(block.tag).lower()
    if tag == "intervalst":
        on = _attribute(block, "OnDuration") or 0.0
        off = _attribute(block, "OffDuration") or 0.0
        on_power = _level(block, "OnPower", "PowerOnLow", "PowerOnHigh")
        off_power = _level(block, "OffPower", "PowerOffLow", "PowerOffHigh") if off else 0.0
        for _ in range(int(_attribute(block, "Repeat") or 1)):
            yield on, on_power, on_power
            if off:
                yield off, off_power, off_power
        return
    duration = _attribute(block, "Duration") or 0.0
    if tag in _FREE_BLOCKS:
        yield duration, None, None
    elif tag == "steadystate":
        power = _level(block, "Power", "PowerLow", "PowerHigh")
        yield duration, power, power
    elif tag in ("warmup", "cooldown", "ramp"):
        yield duration, _attribute(block, "PowerLow"), _attribute(block, "PowerHigh")
    else:
        raise UnreadableError(f"unknown block <{block.tag}>")


def _scaled(segment: Segment, factor: float) -> Segment:
    start = None if segment.start is None else segment.start * factor
    end = None if segment.end is None else segment.end * factor
    return Segment(segment.t0, segment.t1, start, end)


# ERG and MRC -----------------------------------------------------------------------------


def _lines(data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _section(lines: list[str], name: str) -> list[str]:
    marks = [line.strip().upper() for line in lines]
    if f"[{name}]" not in marks or f"[END {name}]" not in marks:
        return []
    start = marks.index(f"[{name}]") + 1
    return [line for line in lines[start : marks.index(f"[END {name}]")] if line.strip()]


def _course(data: bytes) -> Reading:
    lines = _lines(data)
    header = _section(lines, "COURSE HEADER")
    words = " ".join(line.upper() for line in header if "=" not in line).split()
    unit = Unit.WATTS if "WATTS" in words else Unit.PERCENT
    ftp = next(
        (
            float(line.split("=")[1])
            for line in header
            if line.split("=")[0].strip().upper() == "FTP"
        ),
        None,
    )
    rows: list[tuple[float, float]] = []
    for line in _section(lines, "COURSE DATA"):
        minutes, value = line.split()[:2]
        if value.upper() == "LAP":
            continue
        rows.append((float(minutes) * 60, _course_value(value, unit, ftp)))
    if not rows:
        raise UnreadableError("no data rows")
    if rows[0][0] > 0:
        rows.insert(0, (0.0, rows[0][1]))  # players hold the first value from the start
    found = [Segment(t0, t1, v0, v1) for (t0, v0), (t1, v1) in itertools.pairwise(rows) if t1 > t0]
    return Reading(tuple(found), unit)


def _course_value(value: str, unit: Unit, ftp: float | None) -> float:
    """A data value in the file's unit; GoldenCheetah's `50%` in a watts file uses the FTP."""
    if value.endswith("%") and unit is Unit.WATTS:
        if ftp is None:
            raise UnreadableError("a % value in a watts file without FTP")
        return float(value[:-1]) * ftp / 100
    return float(value.rstrip("%"))


# FIT -------------------------------------------------------------------------------------

_STEP = {"duration_type": 1, "duration_value": 2, "target_type": 3, "target_value": 4}
_LOW, _HIGH = 5, 6
_TIME, _OPEN, _REPEAT = 0, 5, 6
_UNTIMED = frozenset({_OPEN, 1, 2, 3, 4, 14, 15})
"""The lap button, distance, heart rate below/above, calories, power below/above."""
_POWER = 4
_WATTS_OFFSET = 1000
_COGGAN_ZONES = ((0, 55), (56, 75), (76, 90), (91, 105), (106, 120), (121, 150), (151, 200))
"""A head unit's power zone N read as Coggan zone N, as ridec documents it."""
_MAX_EXPANDED = 100_000


def _fit(data: bytes) -> Reading:
    fit = fitparse.FitFile(io.BytesIO(data), check_crc=True)
    steps = [
        {field.def_num: field.raw_value for field in message.fields}
        for message in fit.get_messages("workout_step")
    ]
    clock = 0.0
    found: list[tuple[Segment, Unit | None]] = []
    untimed: list[float | None] = []
    for step in _expanded(steps):
        kind = step.get(_STEP["duration_type"])
        power, unit = _fit_power(step)
        if kind in _UNTIMED:
            untimed.append(_encoded_power(power, unit))
            continue  # no length in time: only its target can be compared
        if kind != _TIME:
            raise UnreadableError(f"a step that ends by duration type {kind}")
        seconds = (step.get(_STEP["duration_value"]) or 0) / 1000
        found.append((Segment(clock, clock + seconds, power, power), unit))
        clock += seconds
    units = {unit for _, unit in found if unit is not None}
    if len(units) > 1:
        segments = tuple(_encoded(s, u) for s, u in found)
        return Reading(segments, Unit.FIT_MIXED, tuple(untimed))
    unit = units.pop() if units else Unit.PERCENT
    return Reading(tuple(s for s, _ in found), unit, tuple(untimed))


def _encoded_power(power: float | None, unit: Unit | None) -> float | None:
    """A power in FIT's own encoding (watts as 1000 + W), so units never mix."""
    if power is None or unit is not Unit.WATTS:
        return power
    return power + _WATTS_OFFSET


def _encoded(segment: Segment, unit: Unit | None) -> Segment:
    """A segment in FIT's own encoding: watts as 1000 + W, % as they are."""
    return _shifted(segment, _WATTS_OFFSET) if unit is Unit.WATTS else segment


def _shifted(segment: Segment, offset: float) -> Segment:
    start = None if segment.start is None else segment.start + offset
    end = None if segment.end is None else segment.end + offset
    return Segment(segment.t0, segment.t1, start, end)


def _expanded(steps: list[dict[int, Any]]) -> Iterator[dict[int, Any]]:
    """The steps in the order a head unit runs them, repeat steps followed."""
    done: dict[int, int] = {}
    index = produced = 0
    while index < len(steps):
        step = steps[index]
        if step.get(_STEP["duration_type"]) != _REPEAT:
            produced += 1
            if produced > _MAX_EXPANDED:
                raise UnreadableError("more than 100000 steps once repeats are followed")
            yield step
            index += 1
            continue
        count = int(step.get(_STEP["target_value"]) or 1)
        back = int(step.get(_STEP["duration_value"]) or 0)
        done[index] = done.get(index, 1) + 1
        if done[index] <= count and back < index:
            index = back
        else:
            done[index] = 1
            index += 1


def _fit_power(step: dict[int, Any]) -> tuple[float | None, Unit | None]:
    """A step's power target (the middle of its range), or None when it has none."""
    if step.get(_STEP["target_type"]) != _POWER:
        return None, None
    zone = int(step.get(_STEP["target_value"]) or 0)
    if zone:
        first, last = _COGGAN_ZONES[min(zone, len(_COGGAN_ZONES)) - 1]
        return (first + last) / 2, Unit.PERCENT
    low, high = step.get(_LOW), step.get(_HIGH)
    if low is None or high is None:
        return None, None
    if low > _WATTS_OFFSET:
        return (low + high) / 2 - _WATTS_OFFSET, Unit.WATTS
    return (low + high) / 2, Unit.PERCENT


# Comparing -------------------------------------------------------------------------------

EPSILON_S = 0.005
"""A row at 5.9999 minutes is at 360 s: two-decimal minutes are 0.6 s apart at best."""


def curve(read: Reading) -> list[float | None]:
    """The target at every whole second (a change between seconds counts from the next)."""
    parts = [s for s in read.segments if s.t1 > s.t0]
    length = max(0, math.ceil(read.length_s - EPSILON_S))
    found: list[float | None] = []
    index = 0
    for second in range(length):
        t = second + EPSILON_S
        while index + 1 < len(parts) and parts[index].t1 <= t:
            index += 1
        found.append(parts[index].at(min(t, parts[index].t1)) if parts else None)
    return found


def boundaries(read: Reading, tolerance: float) -> list[float]:
    """Where the target jumps (by more than `tolerance`) or starts or stops being set.

    A change of slope alone is not counted: where two ramps meet, the curve at every second
    already says whether the written file follows the original within the tolerance."""
    parts = [s for s in read.segments if s.t1 - s.t0 > EPSILON_S]
    return [
        after.t0 for before, after in itertools.pairwise(parts) if _jumps(before, after, tolerance)
    ]


def _jumps(before: Segment, after: Segment, tolerance: float) -> bool:
    if before.end is None or after.start is None:
        return (before.end is None) != (after.start is None)
    return abs(before.end - after.start) > tolerance
