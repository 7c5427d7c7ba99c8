"""Properties of the ZWO target on random workouts: it renders, validates and keeps time.

Workouts come from the shared `strategies.workouts()` and from a local strategy that
favours repeats of silent steady pairs, so the IntervalsT folding is exercised often.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from ridec.formats.base import CompileOptions, Fidelity, NothingToRideError
from ridec.formats.zwo.checker import validate_bytes
from ridec.formats.zwo.reader import read
from ridec.formats.zwo.writer import ZwoWriter
from ridec.formats.zwo.writer_blocks import (
    TEXT_SEPARATOR,
    Intervals,
    cadence_text,
    fold_intervals,
    fraction,
    rpm,
    target_text,
)
from ridec.model import (
    LAP,
    Alternate,
    Cadence,
    Cue,
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
from ridec.timeline import Timeline, TimelineStep, lower
from tests.formats.zwo import zwo_oracle
from tests.property.strategies import within_limits
from tests.property.strategies import workouts as shared_workouts

FTP = 250
FREE_KINDS = (TargetKind.FREE, TargetKind.MAX)
TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)


@st.composite
def powers(draw: st.DrawFn) -> tuple[PowerUnit, float, float]:
    unit = draw(st.sampled_from(PowerUnit))
    if unit is PowerUnit.PERCENT:
        low, high = sorted(draw(st.lists(st.integers(1, 200), min_size=2, max_size=2, unique=True)))
        return unit, low / draw(st.sampled_from([1, 2, 10])), float(high)
    low, high = sorted(draw(st.lists(st.integers(1, 600), min_size=2, max_size=2, unique=True)))
    return unit, float(low), float(high)


@st.composite
def targets(draw: st.DrawFn) -> Target:
    kind = draw(st.sampled_from(TargetKind))
    if kind in (TargetKind.FREE, TargetKind.MAX):
        return Target(kind)
    unit, low, high = draw(powers())
    if kind is TargetKind.STEADY:
        return Target(kind, Power(low, unit))
    if kind is TargetKind.RAMP and draw(st.booleans()):
        low, high = high, low
    return Target(kind, Power(low, unit), Power(high, unit))


@st.composite
def cadences(draw: st.DrawFn) -> Cadence | None:
    low = draw(st.integers(20, 200))
    if draw(st.booleans()):
        return None
    return Cadence(low, low + draw(st.sampled_from([0, 0, 10])))


@st.composite
def steps(draw: st.DrawFn) -> Step:
    if draw(st.integers(0, 15)) == 0:
        return Step(LAP, label=draw(st.none() | TEXT))
    duration = draw(st.integers(1, 1200))
    offsets = draw(st.lists(st.integers(0, duration - 1), max_size=2, unique=True))
    cues = tuple(Cue(o, draw(TEXT), duration=draw(st.none() | st.integers(1, 30))) for o in offsets)
    return Step(
        duration,
        draw(targets()),
        draw(st.sampled_from(Intensity)),
        draw(cadences()),
        tuple(draw(st.lists(st.sampled_from(Flag), max_size=1))),
        draw(st.none() | st.none() | TEXT),
        cues,
    )


def silent_steady() -> st.SearchStrategy[Step]:
    """Steps that can fold into an IntervalsT, so folding is exercised often (an on step's
    cadence range folds, an off step's does not)."""
    return st.builds(
        Step,
        st.integers(1, 300),
        st.integers(30, 150).map(lambda p: Target(TargetKind.STEADY, Power(p, PowerUnit.PERCENT))),
        cadence=st.none()
        | st.integers(60, 110).map(lambda c: Cadence(c, c))
        | st.tuples(st.integers(60, 110), st.integers(1, 20)).map(lambda c: Cadence(c[0], sum(c))),
    )


def nodes(depth: int = 0) -> st.SearchStrategy[Node]:
    leaf = st.one_of(steps(), silent_steady())
    if depth >= 2:
        return leaf
    inner = st.lists(nodes(depth + 1), min_size=1, max_size=3).map(tuple)
    repeat = st.builds(Repeat, st.integers(0, 4), inner, st.none() | st.just("Set {i}/{n}"))
    pair = st.lists(silent_steady(), min_size=2, max_size=2).map(tuple)
    intervals = st.builds(Repeat, st.integers(1, 5), pair)
    alternating = st.builds(
        lambda count, options, rest: Repeat(count, (Alternate(options), *rest)),
        st.integers(1, 4),
        st.lists(leaf, min_size=2, max_size=3).map(tuple),
        st.lists(leaf, max_size=1).map(tuple),
    )
    return st.one_of(leaf, repeat, intervals, alternating)


@st.composite
def folding_workouts(draw: st.DrawFn) -> Workout:
    body = tuple(draw(st.lists(nodes(), min_size=1, max_size=5)))
    header = Header(draw(TEXT), draw(st.none() | TEXT), draw(st.none() | TEXT), ftp=FTP)
    return Workout(header, body)


def zwo_duration(data: bytes) -> Decimal:
    """Seconds of a ZWO's blocks, read from the XML itself."""
    workout = etree.fromstring(data).find("workout")
    assert workout is not None
    total = Decimal(0)
    for block in workout:
        if block.tag == "IntervalsT":
            on, off = Decimal(block.get("OnDuration", "")), Decimal(block.get("OffDuration", ""))
            total += int(block.get("Repeat", "")) * (on + off)
        else:
            total += Decimal(block.get("Duration", ""))
    return total


def texts_inside_blocks(data: bytes) -> bool:
    workout = etree.fromstring(data).find("workout")
    assert workout is not None
    return all(
        0 <= int(event.get("timeoffset", "")) < int(block.get("Duration", "0"))
        for block in workout
        for event in block
    )


def render(timeline: Timeline, ascii_text: bool) -> bytes:
    return ZwoWriter().render(timeline, CompileOptions(ascii_text=ascii_text), Fidelity("zwo"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(shared_workouts(), folding_workouts().filter(within_limits)), st.booleans())
def test_random_workouts_render_valid_zwo_of_the_timelines_length(
    source: Workout, ascii_text: bool
) -> None:
    timeline = lower(source)
    if all(step.duration_s is None for step in timeline.steps):
        with pytest.raises(NothingToRideError):  # nothing a player could play: no file
            render(timeline, ascii_text)
        return
    data = render(timeline, ascii_text)
    assert validate_bytes(data) == []
    assert zwo_duration(data) == timeline.duration_s
    assert texts_inside_blocks(data)
    seconds = [second for second, _ in zwo_oracle.texts(data)]
    assert len(seconds) == len(set(seconds)), "one text per second"
    assert data == render(lower(source), ascii_text)
    if ascii_text:
        assert data.isascii()


def zwo_view(timeline: Timeline) -> list[tuple[object, ...]]:
    """What a ZWO keeps of each timed step: times, written powers, the cadence range (as
    CadenceLow/CadenceHigh, or a midpoint and a text); an IntervalsT's off step keeps one
    cadence, the midpoint of its range (CadenceResting)."""
    timed = [step for step in timeline.steps if step.duration_s is not None]
    resting = _off_steps(timed)
    view: list[tuple[object, ...]] = []
    for position, step in enumerate(timed):
        levels = step.percent(timeline.ftp)
        power = None if levels is None else (fraction(levels.start), fraction(levels.end))
        cadence = None
        if step.cadence is not None and step.target.kind is not TargetKind.MAX:
            cadence = (step.cadence.low, step.cadence.high)
            if position in resting:
                cadence = (int(rpm(step.cadence)),) * 2
        view.append((step.start_s, step.duration_s, step.target.kind in FREE_KINDS, power, cadence))
    return view


def _off_steps(timed: list[TimelineStep]) -> set[int]:
    """The positions of the steps the writer folds into IntervalsT off steps."""
    found: set[int] = set()
    position = 0
    for item in fold_intervals(timed):
        if isinstance(item, Intervals):
            found.update(range(position + 1, position + 2 * item.repeat, 2))
            position += 2 * item.repeat
        else:
            position += 1
    return found


def carries_cadence_range(step: TimelineStep, ftp: int | None) -> bool:
    """Whether the step's block has CadenceLow/CadenceHigh: a SteadyState (steady or range
    power), a Warmup (rising in the warm-up) or a Cooldown (falling in the cool-down); Ramp,
    FreeRide and MaxEffort do not."""
    kind = step.target.kind
    if kind in (TargetKind.STEADY, TargetKind.RANGE):
        return True
    levels = step.percent(ftp)
    if kind is not TargetKind.RAMP or levels is None:
        return False
    start, end = Decimal(fraction(levels.start)), Decimal(fraction(levels.end))
    if step.intensity is Intensity.WARMUP:
        return end > start
    return step.intensity is Intensity.COOLDOWN and end < start


def timeline_texts(timeline: Timeline) -> dict[int, str]:
    """The text a ZWO of a read-back timeline shows at each second: the label, the cues,
    then the range texts, joined as the writer joins them."""
    found: list[tuple[int, str]] = []
    for step in timeline.steps:
        if step.label:
            found.append((step.start_s, step.label))
        found.extend((cue.at_s, cue.text) for cue in step.cues if cue.offset_s == 0)
        if step.target.kind is TargetKind.RANGE:
            found.append((step.start_s, f"Power {target_text(step.target)}"))
        ranged = step.cadence is not None and step.cadence.is_range
        if step.cadence is not None and ranged and not carries_cadence_range(step, timeline.ftp):
            found.append((step.start_s, f"Cadence {cadence_text(step.cadence)}"))
        found.extend((cue.at_s, cue.text) for cue in step.cues if cue.offset_s != 0)
    return zwo_oracle.by_second(found, TEXT_SEPARATOR)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(shared_workouts(), folding_workouts().filter(within_limits)), st.booleans())
def test_write_read_gives_the_same_timeline_and_write_again_the_same_bytes(
    source: Workout, ascii_text: bool
) -> None:
    assume(any(step.duration_s is not None for step in lower(source).steps))  # a file at all
    first = render(lower(source), ascii_text)
    back = read(first, "round.zwo")
    timeline = lower(back, source.header.ftp)
    assert zwo_view(timeline) == zwo_view(lower(source))
    assert timeline_texts(timeline) == dict(zwo_oracle.texts(first))
    assert render(timeline, ascii_text) == first
