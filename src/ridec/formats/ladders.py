"""Ramps that a format spelled as ladders of equal steps, recovered as ramps.

FIT has no ramp target, so ridec (`--fit-ramp step:30s`), TrainerDay and Garmin's tools
write a ramp as short steady steps that climb or fall by equal amounts; a few ERG/MRC tools
do the same. A ladder reads back as one ramp when it is unmistakably one:

- at least `MIN_STEPS` consecutive steady steps (fewer cannot be told from an interval set:
  any two levels lie on a line, and a coach's 3 x 1 min at 100/110/120 % is a set);
- of one length, at most `MAX_STEP_S` (the last may be shorter: what a ramp leaves over);
  a coach's staircase of longer steps (4 x 5 min at 200/220/240/260 W) stays steps;
- alike in all but power: intensity, cadence, flags, unit; a label on the first step only
  or the same label on every step;
- monotonic (equal neighbours allowed), with different first and last levels;
- a straight line explains every level within the format's rounding: there is a ramp whose
  power at the middle of each step, written the format's way, is that step's level.

That last rule decides the ramp: of all such lines, the one with the roundest ends (whole
tens, fives, ones, halves, tenths, hundredths, in that order; nearest the middle of the
possible ones within a grade) whose written steps the format confirms (`Reproduces`).
Taking each step's level at its middle makes the ramp's average over each step that step's
level (the rider does the same work step by step); a tool that put its first and last
steps at the ramp's ends gets back a ramp half a step wider at each end, which no file
can tell apart.

The search keeps the lines allowed so far as a convex polygon of (power at the start,
slope), cut by each step's band: one pass, a few vertices, linear in the steps.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from ridec.facts import PERCENT_LIMIT, WATTS_RANGE
from ridec.model import Cue, Node, Power, PowerUnit, Repeat, Step, Target, TargetKind

MIN_STEPS = 4
"""Fewest steps read as a ramp."""
MAX_STEP_S = 60
"""Longest step of a ladder read as a ramp."""
MAX_RUNGS = 1000
"""Longest ladder read as one ramp (longer ones become consecutive ramps); bounds the work."""
GRIDS = (10.0, 5.0, 1.0, 0.5, 0.1, 0.05, 0.01)
"""The ramp's ends are taken on the coarsest of these grids that holds a line."""
MAX_GRID_POINTS = 2000
"""A grid finer than this many points across the possible starts is not searched."""
TRIES = 8
"""Candidate ends the format is asked to confirm, per grid."""
ENDS_KEPT_TO = 0.005
"""A ramp's ends are kept to the hundredth: they may move a level this much."""

Reproduces = Callable[[Power, Power, Sequence[Step]], bool]
"""Whether a ramp between the two powers, lowered the format's way into steps as long as the
ladder's first, gives exactly the ladder's steps."""

Vertex = tuple[float, float]
"""(power at the ladder's start, slope per second)."""


@dataclass(frozen=True, slots=True)
class Ladder:
    """A ladder read as one ramp."""

    ramp: Step
    """The ramp step that replaces it."""
    steps: int
    """How many steps it had."""
    step_s: int
    """The length of each (the last may be shorter)."""
    first: Step
    """Its first step, for locating it."""


def recover_ramps(
    nodes: Sequence[Node], reproduces: Reproduces, half_width: float = 0.5
) -> tuple[tuple[Node, ...], list[Ladder]]:
    """`nodes` with every ladder replaced by its ramp (inside repeats too), and the ladders.

    `half_width` is how far a written level may lie from the line: 0.5 for formats that
    round to whole watts or whole % FTP.
    """
    found: list[Ladder] = []
    return _recover(nodes, reproduces, half_width, found), found


def within(half_width: float) -> Reproduces:
    """The check for formats that write a ladder's levels as they are: each level within
    `half_width` of the ramp at its step's middle (and the hundredth the ends are kept to)."""

    def check(start: Power, end: Power, steps: Sequence[Step]) -> bool:
        total = sum(_seconds(step) for step in steps)
        clock = 0
        for step in steps:
            middle = clock + _seconds(step) / 2
            level = start.value + (end.value - start.value) * middle / total
            if abs(level - _level(step)) > half_width + ENDS_KEPT_TO + 1e-9:
                return False
            clock += _seconds(step)
        return True

    return check


def _recover(
    nodes: Sequence[Node], reproduces: Reproduces, half_width: float, found: list[Ladder]
) -> tuple[Node, ...]:
    out: list[Node] = []
    index = 0
    while index < len(nodes):
        node = nodes[index]
        if isinstance(node, Repeat):
            out.append(replace(node, body=_recover(node.body, reproduces, half_width, found)))
            index += 1
            continue
        stop, polygon = _ladder_at(nodes, index, half_width)
        rungs = [n for n in nodes[index:stop] if isinstance(n, Step)]
        if len(rungs) >= MIN_STEPS and polygon and _level(rungs[0]) != _level(rungs[-1]):
            ramp = _ramp(rungs, polygon, reproduces)
            if ramp is not None:
                found.append(Ladder(ramp, len(rungs), _seconds(rungs[0]), rungs[0]))
                out.append(ramp)
                index = stop
                continue
        # A level run (all equal) holds no ramp anywhere inside: skip it whole.
        skip = stop - index if rungs and _level(rungs[0]) == _level(rungs[-1]) else 1
        out.extend(nodes[index : index + skip])
        index += skip
    return tuple(out)


def _rung(node: Node) -> Step | None:
    """`node` as a possible step of a ladder: a steady step of whole seconds, cues from its
    start; None otherwise."""
    if not isinstance(node, Step) or not isinstance(node.duration, int):
        return None
    target = node.target
    if not isinstance(target, Target) or target.kind is not TargetKind.STEADY or not target.low:
        return None
    if node.duration > MAX_STEP_S or node.duration < 1:
        return None
    for cue in node.cues:
        if cue.from_end or not isinstance(cue.offset, int):
            return None
    return node


def _alike(first: Step, other: Step) -> bool:
    return (
        other.intensity == first.intensity
        and other.cadence == first.cadence
        and other.flags == first.flags
        and _unit(other) is _unit(first)
        and other.label in (None, first.label)
    )


def _ladder_at(nodes: Sequence[Node], index: int, half_width: float) -> tuple[int, list[Vertex]]:
    """One past the longest ladder from `index`, and the lines (start, slope) that explain it."""
    first = _rung(nodes[index])
    if first is None:
        return index, []
    length = _seconds(first)
    bands = [_band(_level(first), length / 2, half_width)]
    polygon: list[Vertex] = []
    clock, direction, stop = length, 0, index + 1
    while stop < len(nodes) and stop - index < MAX_RUNGS and _seconds(nodes[stop - 1]) == length:
        rung = _rung(nodes[stop])
        if rung is None or not _alike(first, rung) or _seconds(rung) > length:
            break
        step = _level(rung) - _level(nodes[stop - 1])
        if step and direction and math.copysign(1, step) != direction:
            break
        band = _band(_level(rung), clock + _seconds(rung) / 2, half_width)
        cut = _parallelogram(bands[0], band) if not polygon else _clip_band(polygon, band)
        if not cut:
            break
        polygon, direction = cut, direction or (int(math.copysign(1, step)) if step else 0)
        clock += _seconds(rung)
        stop += 1
    return stop, polygon


Band = tuple[float, float, float]
"""(time of a step's middle, lowest and highest level a line may have there)."""


def _band(level: float, middle: float, half_width: float) -> Band:
    return (middle, level - half_width, level + half_width)


def _parallelogram(one: Band, two: Band) -> list[Vertex]:
    """The lines through both bands: their corners, solved exactly."""
    (t0, low0, high0), (t1, low1, high1) = one, two
    corners = []
    for at0, at1 in ((low0, low1), (high0, low1), (high0, high1), (low0, high1)):
        slope = (at1 - at0) / (t1 - t0)
        corners.append((at0 - slope * t0, slope))
    return corners


def _clip_band(polygon: list[Vertex], band: Band) -> list[Vertex]:
    middle, low, high = band
    above = _clip(polygon, lambda v: v[0] + v[1] * middle - low)
    return _clip(above, lambda v: high - (v[0] + v[1] * middle)) if above else []


def _clip(polygon: list[Vertex], inside: Callable[[Vertex], float]) -> list[Vertex]:
    """The part of a convex polygon where `inside` (linear) is at least 0."""
    kept: list[Vertex] = []
    for index, here in enumerate(polygon):
        there = polygon[(index + 1) % len(polygon)]
        a, b = inside(here), inside(there)
        if a >= -1e-9:
            kept.append(here)
        if (a >= -1e-9) != (b >= -1e-9) and a != b:
            share = a / (a - b)
            kept.append(
                (here[0] + (there[0] - here[0]) * share, here[1] + (there[1] - here[1]) * share)
            )
    return kept


def _ramp(rungs: list[Step], polygon: list[Vertex], reproduces: Reproduces) -> Step | None:
    total = sum(_seconds(rung) for rung in rungs)
    ends = [(start, start + slope * total) for start, slope in polygon]
    unit = _unit(rungs[0])
    for start, end in _candidates(ends):
        low, high = Power(start, unit), Power(end, unit)
        if _speakable(low) and _speakable(high) and reproduces(low, high, rungs):
            return _merged(rungs, Target(TargetKind.RAMP, low, high), total)
    return None


def _candidates(ends: list[Vertex]) -> Iterator[tuple[float, float]]:
    """Round (start, end) pairs inside the polygon `ends`, coarsest grid first; within a grid,
    starts nearest the polygon's middle first, each with the end nearest the middle."""
    middle = (sum(v[0] for v in ends) / len(ends), sum(v[1] for v in ends) / len(ends))
    lowest, highest = min(v[0] for v in ends), max(v[0] for v in ends)
    for grid in GRIDS:
        first, last = math.ceil(lowest / grid - 1e-9), math.floor(highest / grid + 1e-9)
        if last - first > MAX_GRID_POINTS:
            continue
        tried = 0
        for k in sorted(range(first, last + 1), key=lambda k: abs(k * grid - middle[0])):
            start = round(k * grid, 2)
            span = _span_at(ends, start)
            end = None if span is None else _nearest_on_grid(middle[1], span, grid)
            if end is not None:
                yield start, end
                tried += 1
                if tried == TRIES:
                    break
    # A ladder whose levels sit right on the edges of their bands (rounded halves) leaves a
    # sliver no grid point falls in: its middle, to the hundredth.
    yield round(middle[0], 2), round(middle[1], 2)


def _span_at(polygon: list[Vertex], x: float) -> tuple[float, float] | None:
    """The lowest and highest y of a convex polygon at `x`, if it reaches `x`."""
    ys = []
    for index, here in enumerate(polygon):
        there = polygon[(index + 1) % len(polygon)]
        if min(here[0], there[0]) - 1e-9 <= x <= max(here[0], there[0]) + 1e-9:
            if here[0] == there[0]:
                ys += [here[1], there[1]]
            else:
                ys.append(here[1] + (there[1] - here[1]) * (x - here[0]) / (there[0] - here[0]))
    return (min(ys), max(ys)) if ys else None


def _nearest_on_grid(target: float, span: tuple[float, float], grid: float) -> float | None:
    low, high = span
    first, last = math.ceil(low / grid - 1e-9), math.floor(high / grid + 1e-9)
    if first > last:
        return None
    return round(min(max(round(target / grid), first), last) * grid, 2)


def _speakable(power: Power) -> bool:
    """Whether the language can write this power (a ramp end it cannot write is no ramp)."""
    if power.unit is PowerUnit.PERCENT:
        return 0 < power.value < PERCENT_LIMIT
    return WATTS_RANGE[0] <= power.value <= WATTS_RANGE[1]


def _merged(rungs: list[Step], target: Target, total: int) -> Step:
    """One step with the ladder's attributes, the target and every cue at its own time."""
    cues: list[Cue] = []
    clock = 0
    for rung in rungs:
        cues += [replace(cue, offset=_offset(cue) + clock) for cue in rung.cues]
        clock += _seconds(rung)
    first = rungs[0]
    return replace(first, duration=total, target=target, cues=tuple(cues))


def _offset(cue: Cue) -> int:
    assert isinstance(cue.offset, int)
    return cue.offset


def _seconds(node: Node) -> int:
    assert isinstance(node, Step) and isinstance(node.duration, int)
    return node.duration


def _level(node: Node) -> float:
    assert isinstance(node, Step) and isinstance(node.target, Target) and node.target.low
    return node.target.low.value


def _unit(step: Step) -> PowerUnit:
    assert isinstance(step.target, Target) and step.target.low
    return step.target.low.unit
