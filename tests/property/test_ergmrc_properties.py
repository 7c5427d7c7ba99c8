"""Properties of the ERG and MRC writers over random workouts.

`tests/property/strategies.py` did not exist when these were written, so a small local
strategy builds the workouts: steps of every target kind in both units, cadences, flags,
labels, cues with awkward text (tabs, `=`, numbers), lap steps and nested repeats.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.model import (
    FREE,
    LAP,
    MAX,
    Cadence,
    Cue,
    Flag,
    Header,
    Node,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.targets.base import CompileOptions, Fidelity
from ridec.targets.ergmrc import LAP_STEP_S, ErgWriter, MrcWriter
from ridec.timeline import lower
from ridec.validate.ergmrc import DATA, data_row, layout

WRITERS = (ErgWriter(), MrcWriter())
TEXT = st.text(st.characters(codec="utf-8"), min_size=0, max_size=12)


@st.composite
def powers(draw: st.DrawFn, unit: PowerUnit) -> Power:
    """A power the language accepts in `unit`."""
    if unit is PowerUnit.PERCENT:
        return Power(draw(st.integers(1, 400)) / draw(st.sampled_from([1, 2, 4])), unit)
    return Power(float(draw(st.integers(1, 1500))), unit)


@st.composite
def targets(draw: st.DrawFn) -> Target:
    """Any of the five target shapes."""
    kind = draw(st.sampled_from(list(TargetKind)))
    if kind is TargetKind.FREE:
        return FREE
    if kind is TargetKind.MAX:
        return MAX
    unit = draw(st.sampled_from(list(PowerUnit)))
    low = draw(powers(unit))
    if kind is TargetKind.STEADY:
        return Target(kind, low)
    high = draw(powers(unit).filter(lambda p: p.value != low.value))
    if kind is TargetKind.RANGE:
        low, high = sorted((low, high), key=lambda p: p.value)
    return Target(kind, low, high)


@st.composite
def steps(draw: st.DrawFn) -> Step:
    """A step with any target, optional cadence, flags, label and cues inside it."""
    lap = draw(st.integers(0, 9)) == 0
    seconds = draw(st.integers(1, 900))
    offsets = draw(st.lists(st.integers(0, seconds - 1), max_size=3, unique=True))
    cues = tuple(
        Cue(offset, draw(TEXT), duration=draw(st.none() | st.integers(1, 30)))
        for offset in sorted(offsets)
    )
    rpm = draw(st.none() | st.tuples(st.integers(20, 120), st.integers(0, 40)))
    return Step(
        LAP if lap else seconds,
        draw(targets()),
        cadence=Cadence(rpm[0], rpm[0] + rpm[1]) if rpm else None,
        flags=tuple(draw(st.lists(st.sampled_from(list(Flag)), max_size=2, unique=True))),
        label=draw(st.none() | TEXT),
        cues=() if lap else cues,
    )


NODES: st.SearchStrategy[Node] = st.recursive(
    steps(),
    lambda inner: st.builds(
        Repeat,
        st.integers(1, 3),
        st.lists(inner, min_size=1, max_size=3).map(tuple),
        st.none() | st.just("Set {i}/{n}"),
    ),
    max_leaves=8,
)


@st.composite
def workouts(draw: st.DrawFn) -> Workout:
    """A workout with an FTP (so every conversion is possible) and 1 to 5 top-level nodes."""
    description = draw(st.none() | TEXT)
    header = Header(draw(TEXT) or "W", description=description, ftp=draw(st.integers(50, 2000)))
    return Workout(header, tuple(draw(st.lists(NODES, min_size=1, max_size=5))))


def _last_time_s(data: bytes) -> float:
    section = layout(data.decode("utf-8"), "out").section(DATA)
    assert section is not None
    rows = [data_row(line) for line in section.lines]
    return max(row.minutes for row in rows if row is not None) * 60


@settings(max_examples=150, deadline=None)
@given(workouts())
def test_random_workouts_render_validate_and_keep_their_duration(workout: Workout) -> None:
    timeline = lower(workout)
    laps = sum(1 for s in timeline.steps if s.duration_s is None)
    for writer in WRITERS:
        data = writer.render(timeline, CompileOptions(), Fidelity(writer.name))
        assert writer.validate(data) == []
        assert round(_last_time_s(data)) == timeline.duration_s + laps * LAP_STEP_S
        assert abs(_last_time_s(data) - round(_last_time_s(data))) < 0.005
