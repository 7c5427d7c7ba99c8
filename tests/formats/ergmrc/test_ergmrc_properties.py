"""Properties of the ERG and MRC writers and reader over random workouts.

The workouts come from the shared `tests/property/strategies.py` (with an FTP, which ERG
needs for % targets). A small local strategy adds what its fixed phrases do not hold: text
of any Unicode (tabs, `=`, bare numbers, line separators) in names, labels and cues.
Mutated corpus files check that the reader never fails with anything but a diagnostic.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from ridec.diagnostics import Diagnostic, DiagnosticError
from ridec.formats.base import CompileOptions, ConversionError, Fidelity
from ridec.formats.ergmrc.checker import problems
from ridec.formats.ergmrc.reader import read, read_course
from ridec.formats.ergmrc.syntax import DATA, data_row, layout
from ridec.formats.ergmrc.writer import FREE_RIDE_PERCENT, LAP_STEP_S, ErgWriter, MrcWriter
from ridec.language import parse
from ridec.limits import MAX_WORKOUT_S
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
from ridec.timeline import Timeline, TimelineStep, lower
from tests.paths import CORPUS
from tests.property.strategies import within_limits, workouts

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
def awkward_workouts(draw: st.DrawFn) -> Workout:
    """A workout with an FTP and any Unicode text, 1 to 5 top-level nodes."""
    description = draw(st.none() | TEXT)
    header = Header(draw(TEXT) or "W", description=description, ftp=draw(st.integers(50, 2000)))
    return Workout(header, tuple(draw(st.lists(NODES, min_size=1, max_size=5))))


def _last_time_s(data: bytes) -> float:
    section = layout(data.decode("utf-8"), "out").section(DATA)
    assert section is not None
    rows = [data_row(line) for line in section.lines]
    return max(row.minutes for row in rows if row is not None) * 60


def _past_the_limit(timeline: Timeline) -> TimelineStep | None:
    """The step at whose end the course passes 24 h, each lap step written as LAP_STEP_S
    (which can carry a workout within the limit past it); None when the course does not."""
    clock = 0
    for step in timeline.steps:
        clock += step.duration_s or LAP_STEP_S
        if clock > MAX_WORKOUT_S:
            return step
    return None


@settings(max_examples=100, deadline=None)
@given(workouts(ftp=True) | awkward_workouts().filter(within_limits))
@example(parse("name: Long\nftp: 250\n86200s free\nlap free\n1m free\n"))  # 24h01m40s
def test_random_workouts_render_validate_and_keep_their_duration(workout: Workout) -> None:
    timeline = lower(workout)
    laps = sum(1 for s in timeline.steps if s.duration_s is None)
    crossing = _past_the_limit(timeline)
    for writer in WRITERS:
        if crossing is not None:
            # What ridec writes it reads back: refused, located at the step that crosses.
            with pytest.raises(ConversionError, match="lap-button step is written as 300 s") as no:
                writer.render(timeline, CompileOptions(), Fidelity(writer.name))
            assert no.value.span == crossing.span
            continue
        data = writer.render(timeline, CompileOptions(), Fidelity(writer.name))
        assert writer.validate(data) == []
        assert problems(data, writer.FORMAT_WORD) == []  # the grammar on the bytes agrees
        assert round(_last_time_s(data)) == timeline.duration_s + laps * LAP_STEP_S
        assert abs(_last_time_s(data) - round(_last_time_s(data))) < 0.005


def _file_levels(step: TimelineStep, unit: PowerUnit, ftp: int | None) -> tuple[float, float]:
    """The step's start and end power as the course file holds it (free and max at 50 %)."""
    if step.target.kind in (TargetKind.FREE, TargetKind.MAX):
        easy = Power(FREE_RIDE_PERCENT, PowerUnit.PERCENT)
        value = easy.to_watts(ftp) if unit is PowerUnit.WATTS else easy.value
        assert value is not None
        return value, value
    levels = step.watts(ftp) if unit is PowerUnit.WATTS else step.percent(ftp)
    assert levels is not None
    return levels.start, levels.end


@settings(max_examples=100, deadline=None)
@given(workouts(ftp=True))
def test_write_then_read_gives_the_same_timeline(workout: Workout) -> None:
    timeline = lower(workout)
    laps = sum(1 for step in timeline.steps if step.duration_s is None)
    # Lap steps are written as fixed steps: past the workout limit, the writer refuses.
    assume(timeline.duration_s + laps * LAP_STEP_S <= MAX_WORKOUT_S)
    for writer in WRITERS:
        data = writer.render(timeline, CompileOptions(), Fidelity(writer.name))
        result = read_course(data, f"w{writer.extension}")
        # Steady steps that happen to form a ladder read back as the ramp they would be.
        assume(not _ladders_read(result.diagnostics))
        back = lower(result.workout)
        precision = 0.5 if writer.UNIT is PowerUnit.WATTS else 0.005
        assert len(back.steps) == len(timeline.steps)
        for before, after in zip(timeline.steps, back.steps, strict=True):
            assert after.duration_s == (before.duration_s or LAP_STEP_S)
            assert after.cadence == before.cadence
            old = _file_levels(before, writer.UNIT, timeline.ftp)
            new = _file_levels(after, writer.UNIT, back.ftp)
            assert all(abs(a - b) <= precision + 1e-9 for a, b in zip(old, new, strict=True))
            if before.target.kind in (TargetKind.FREE, TargetKind.MAX):
                assert after.target.kind is before.target.kind


# Before: "Set 1/2", shown on a step in the middle of the iteration, came back on a
# `repeat 1` of its own, which wrote "Set 1/1".
NUMBERED_MID_BODY = Workout(
    Header("W", ftp=50),
    (
        Step(LAP, FREE),
        Repeat(
            2,
            (
                Repeat(
                    2, (Step(LAP, Target(TargetKind.STEADY, Power(1, PowerUnit.WATTS)), label="0"),)
                ),
                Step(LAP, FREE),
            ),
            "Set {i}/{n}",
        ),
    ),
)


@settings(max_examples=100, deadline=None)
@given(workouts(ftp=True) | awkward_workouts().filter(within_limits))
@example(NUMBERED_MID_BODY)
def test_write_read_write_gives_the_same_bytes(workout: Workout) -> None:
    timeline = lower(workout)
    laps = sum(1 for step in timeline.steps if step.duration_s is None)
    # Lap steps are written as fixed steps: past the workout limit, the writer refuses.
    assume(timeline.duration_s + laps * LAP_STEP_S <= MAX_WORKOUT_S)
    for writer in WRITERS:
        data = writer.render(timeline, CompileOptions(), Fidelity(writer.name))
        result = read_course(data, f"w{writer.extension}")
        again = writer.render(lower(result.workout), CompileOptions(), Fidelity(writer.name))
        if not _ladders_read(result.diagnostics):
            assert again == data
            continue
        # Steady steps that happen to form a ladder read back as a ramp, which the course
        # then holds smoothly (with a warning); read once, the course is stable.
        third = lower(read(again, f"w{writer.extension}"))
        assert writer.render(third, CompileOptions(), Fidelity(writer.name)) == again


def _ladders_read(diagnostics: Sequence[Diagnostic]) -> bool:
    return any("that a straight line explains" in d.message for d in diagnostics)


SEEDS = [
    *sorted((CORPUS / "ergmrc").iterdir()),
    *sorted((Path(__file__).parent / "golden").iterdir()),
]
MEANINGFUL = st.sampled_from(
    [
        *(b"\t", b"\n", b"\r", b" ", b"=", b"%", b".", b"-", b"0", b"9", b"[", b"]", b";"),
        *(b"LAP", b"[COURSE DATA]", b"[END COURSE TEXT]", b"MINUTES PERCENT", b"FTP = 0"),
        *(b"\xff", b"99999"),
    ]
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A corpus or golden file with a few bytes deleted, inserted, replaced or lines shuffled."""
    path = draw(st.sampled_from(SEEDS))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "replace", "lines"]))
        if action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(MEANINGFUL | st.binary(min_size=1, max_size=8))
        elif action == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "lines":
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return path.name, bytes(data)


@settings(max_examples=300, deadline=None)
@given(mutated())
def test_mutated_files_import_cleanly_or_give_a_located_diagnostic(case: tuple[str, bytes]) -> None:
    name, data = case
    try:
        workout = read(data, name)
    except DiagnosticError as problem:
        assert problem.diagnostics
        assert all(d.span is not None or d.path is not None for d in problem.diagnostics) or (
            "larger than" in problem.diagnostics[0].message
        )
        return
    writer = WRITERS[0] if name.endswith(".erg") else WRITERS[1]
    try:
        data = writer.render(lower(workout), CompileOptions(), Fidelity(writer.name))
    except ConversionError:
        return
    assert writer.validate(data) == []
