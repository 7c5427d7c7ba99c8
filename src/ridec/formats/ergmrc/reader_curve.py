"""An ERG/MRC power curve (points at any time) as steps that start and end on whole seconds.

The file's target is the straight line between consecutive points; two points at one time
are a level change, an explicit step boundary. Three passes, each pure:

- `pieces`: the lines between consecutive points, split at extra boundaries (GoldenCheetah
  LAP rows, TrainerRoad intervals);
- `merge`: consecutive pieces with no boundary between them that lie on one line (within
  `MERGE_TOLERANCE`) become one ramp or steady piece: a ramp written as many points, as
  GoldenCheetah's RampTest does, reads back as one ramp;
- `snap`: pieces on whole seconds. A time within `SNAP_S` of a whole second is that second
  (ridec's 4-decimal minutes land there). Sampled once a second, the steps give exactly the
  file's curve, and no step's ends leave the values the file itself takes there:
  - a piece starts at the first whole second it holds, at its own value there;
  - a level change between whole seconds shows from the next one (until then the file is
    still at the old level, so that is the nearest second that keeps the curve);
  - the last whole second before a piece's fractional end is followed by the piece's line
    only as far as the value the file reaches at the next whole second (across a join, the
    next piece's value; before a level change, the piece's own end). Where the line does
    not meet that value (a ramp turns between seconds), that second becomes a one-second
    step joining the two values, rather than the line drawn on past the turn: a 20 s ramp
    140 -> 419 W ending 0.29 s before a whole second used to be written up to 423 W.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ridec.diagnostics import Span

SNAP_S = 0.005
"""A time this close to a whole second is that second (4-decimal minutes are within 0.003 s)."""
MERGE_TOLERANCE = 0.25
"""How far (watts or % FTP) a point may sit off a line and still be part of one ramp.

Joining points moves the curve by up to this much; a course written back in whole watts
(ERG) rounds each row by up to 0.5 W more. At 0.49 that sum let a hilly course written back
differ from the file by more than 0.5 W at a second; a quarter keeps a tool's ramp written
as points on one line (GoldenCheetah's RampTest) one ramp."""
SAME_VALUE = 0.005
"""Values closer than this are one value: half the last decimal kept (`VALUE_DIGITS`)."""
VALUE_DIGITS = 2
"""Decimals kept of a value computed on a line (a moved end): what MRC writes, and a
hundredth of a watt or a percent changes no second of the curve by more than that."""


@dataclass(frozen=True, slots=True)
class Point:
    """One data row: a value at a time."""

    t: float
    """Seconds from the start."""
    value: float
    """Watts or % FTP."""
    span: Span | None = None
    """The row it came from."""


@dataclass(frozen=True, slots=True)
class Piece:
    """The line from (start, first) to (end, last); start < end."""

    start: float
    """Seconds, at the first point."""
    end: float
    """Seconds, at the last point."""
    first: float
    """Value at `start`."""
    last: float
    """Value at `end`."""
    boundary: bool
    """Whether a step boundary is written at `start` (a level change, LAP row or interval)."""
    span: Span | None = None
    """The row of the first point."""

    def at(self, t: float) -> float:
        """The line's value at `t` (extended past the ends where `t` lies outside)."""
        return self.first + (self.last - self.first) * (t - self.start) / (self.end - self.start)


@dataclass(frozen=True, slots=True)
class Run:
    """A step of the curve on whole seconds, as a line from (start_s, first) to (end_s, last)."""

    start_s: int
    """Seconds from the start."""
    end_s: int
    """Seconds from the start; greater than `start_s`."""
    first: float
    """Value at the start."""
    last: float
    """Value at the end."""
    span: Span | None = None
    """The row the step starts at."""


def pieces(points: Sequence[Point], boundaries: Iterable[float] = ()) -> list[Piece]:
    """The lines between consecutive points, split at `boundaries` that fall inside one."""
    marks = sorted(set(boundaries))
    found: list[Piece] = []
    level_change = True
    for before, after in itertools.pairwise(points):
        if after.t <= before.t:
            level_change = True
            continue
        boundary = level_change or _marked(marks, before.t)
        piece = Piece(before.t, after.t, before.value, after.value, boundary, before.span)
        found.extend(_split(piece, marks))
        level_change = False
    return found


def merge(found: Sequence[Piece], tolerance: float = MERGE_TOLERANCE) -> list[Piece]:
    """Consecutive pieces on one line, with no boundary between them, as one piece."""
    merged: list[Piece] = []
    index = 0
    while index < len(found):
        stop = _collinear_run_end(found, index, tolerance)
        head, tail = found[index], found[stop - 1]
        merged.append(replace(head, end=tail.end, last=tail.last))
        index = stop
    return merged


def snap(found: Sequence[Piece]) -> list[Run]:
    """Each piece on whole seconds; a piece holding no whole second vanishes."""
    runs: list[Run] = []
    for index in range(len(found)):
        runs.extend(_snapped(found, index))
    return runs


def curve_runs(
    points: Sequence[Point], boundaries: Iterable[float] = (), tolerance: float = MERGE_TOLERANCE
) -> list[Run]:
    """The three passes: points to steps on whole seconds."""
    return snap(merge(pieces(points, boundaries), tolerance))


def whole_second(t: float) -> int:
    """The second a time stands for: itself when within `SNAP_S`, else the next one."""
    nearest = round(t)
    return nearest if abs(t - nearest) <= SNAP_S else math.ceil(t)


def sample(runs: Sequence[Run]) -> list[float]:
    """The value at each whole second from 0 to the end (the 1-second curve)."""
    values: list[float] = []
    for run in runs:
        length = run.end_s - run.start_s
        slope = (run.last - run.first) / length
        values.extend(run.first + slope * offset for offset in range(length))
    return values


def _marked(marks: list[float], t: float) -> bool:
    index = bisect.bisect_left(marks, t - SNAP_S)
    return index < len(marks) and marks[index] <= t + SNAP_S


def _split(piece: Piece, marks: list[float]) -> list[Piece]:
    """`piece` cut at the marks strictly inside it, each part starting a new step."""
    low = bisect.bisect_right(marks, piece.start + SNAP_S)
    high = bisect.bisect_left(marks, piece.end - SNAP_S)
    parts: list[Piece] = []
    start, first, boundary = piece.start, piece.first, piece.boundary
    for mark in marks[low:high]:
        value = piece.at(mark)
        parts.append(Piece(start, mark, first, value, boundary, piece.span))
        start, first, boundary = mark, value, True
    parts.append(Piece(start, piece.end, first, piece.last, boundary, piece.span))
    return parts


def _collinear_run_end(found: Sequence[Piece], index: int, tolerance: float) -> int:
    """One past the last piece that still lies, with those from `index`, on one line.

    The merged line runs from the first piece's start to the candidate's end; every point
    in between must lie within `tolerance` of it. Each point bounds the slope from both
    sides, so the check is one comparison per piece, not one per earlier point.
    """
    head = found[index]
    low, high = -math.inf, math.inf
    stop = index + 1
    while stop < len(found) and not found[stop].boundary:
        joint = found[stop - 1]
        span = joint.end - head.start
        low = max(low, (joint.last - tolerance - head.first) / span)
        high = min(high, (joint.last + tolerance - head.first) / span)
        candidate = found[stop]
        slope = (candidate.last - head.first) / (candidate.end - head.start)
        if not low <= slope <= high:
            break
        stop += 1
    return stop


def _snapped(found: Sequence[Piece], index: int) -> list[Run]:
    piece = found[index]
    start, end = whole_second(piece.start), whole_second(piece.end)
    if end <= start:
        return []
    first = piece.first if _close(piece.start, start) else _kept_at(piece, start)
    if _close(piece.end, end):
        return [Run(start, end, first, piece.last, piece.span)]
    reached = _value_reached(found, index, end)
    last_whole = end - 1
    if abs(piece.at(end) - reached) <= SAME_VALUE or last_whole == start:
        return [Run(start, end, first, reached, piece.span)]
    # The curve turns between seconds (at a peak, say): follow the line to the last whole
    # second it holds, then join that value to the one the file reaches, in one second.
    inner = _kept_at(piece, last_whole)
    return [
        Run(start, last_whole, first, inner, piece.span),
        Run(last_whole, end, inner, reached, piece.span),
    ]


def _value_reached(found: Sequence[Piece], index: int, second: int) -> float:
    """The file's value at `second`, just after piece `index` ends between whole seconds.

    Across joins (the next piece starts where this one ends, at its value) that is the value
    of the piece holding `second`; at a level change before `second`, the value just before
    the change, which the new level takes over at `second` itself.
    """
    before = found[index]
    for after in found[index + 1 :]:
        if after.start >= second - SNAP_S:
            break
        if after.start != before.end or abs(after.first - before.last) > SAME_VALUE:
            return before.last
        if after.end >= second - SNAP_S:
            return _kept_at(after, second)
        before = after
    return before.last


def _close(t: float, second: int) -> bool:
    return abs(t - second) <= SNAP_S


def _kept_at(piece: Piece, t: float) -> float:
    """The piece's value at `t` as a step keeps it: a level as the file wrote it, a value
    computed on a slope to `VALUE_DIGITS` decimals."""
    return piece.first if piece.first == piece.last else _round(piece.at(t))


def _round(value: float) -> float:
    """`value` to `VALUE_DIGITS` decimals, never rounded up onto a half it lies below.

    ERG is written in whole watts, rounded half up: 157.496 kept as 157.5 would be written
    158, half a watt off where 157.496 itself gives 157 (and a ramp with such a value at
    both ends sits half a watt off all along). 157.49 keeps the whole-watt rounding.
    """
    kept = round(value, VALUE_DIGITS)
    if kept - math.floor(kept) == 0.5 and value < kept - SAME_VALUE / 100:
        return round(kept - 0.1**VALUE_DIGITS, VALUE_DIGITS)
    return kept
