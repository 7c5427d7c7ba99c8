"""Ramps written to FIT as ladders of short steps come back as ramps (issue 13); interval sets
and staircases stay steps.

FIT has no ramp target: ridec writes a ramp as steady steps of `--fit-ramp step:30s` by
default, each at the ramp's power at its middle, as TrainerDay and Garmin's tools do.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.formats.base import CompileOptions, Fidelity, RampMode
from ridec.formats.fit.reader import read
from ridec.formats.fit.writer import FitWriter
from ridec.formats.ladders import MAX_STEP_S, MIN_STEPS
from ridec.model import (
    Cadence,
    Cue,
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
from ridec.timeline import lower

FTP = 250


def pct(value: float) -> Power:
    return Power(value, PowerUnit.PERCENT)


def watts(value: float) -> Power:
    return Power(value, PowerUnit.WATTS)


def ramp(start: Power, end: Power) -> Target:
    return Target(TargetKind.RAMP, start, end)


def steady(power: Power) -> Target:
    return Target(TargetKind.STEADY, power)


def fit(body: Sequence[Node], options: CompileOptions | None = None) -> bytes:
    workout = Workout(Header("Ramps", ftp=FTP), tuple(body))
    return FitWriter().render(lower(workout), options or CompileOptions(), Fidelity("fit"))


def shape(nodes: Sequence[Node]) -> list[tuple[object, ...]]:
    """Each node as (seconds, kind, start, end), repeats as (count, [their body])."""
    found: list[tuple[object, ...]] = []
    for node in nodes:
        if isinstance(node, Repeat):
            found.append((node.count, shape(node.body)))
            continue
        assert isinstance(node, Step) and isinstance(node.target, Target)
        low, high = node.target.low, node.target.high
        found.append(
            (
                node.duration,
                node.target.kind.value,
                low.value if low else None,
                high.value if high else None,
            )
        )
    return found


def test_a_warmup_ramp_written_as_30s_steps_reads_back_as_the_ramp() -> None:
    warmup = Step(
        600,
        ramp(pct(45), pct(70)),
        Intensity.WARMUP,
        Cadence(85, 95),
        label="Warm up",
        cues=(Cue(0, "Easy spin"), Cue(100, "Build"), Cue(590, "Ready")),
    )
    data = fit([warmup, Step(300, steady(pct(90)))])
    (back, tempo) = read(data, "ramps.fit").body
    assert back == warmup  # 20 steps of 30 s: same ends, label, cadence, cues at their times
    assert shape([tempo]) == [(300, "steady", 90, None)]
    assert fit(read(data, "ramps.fit").body) == data


def test_a_falling_watts_ramp_with_a_short_last_step_reads_back() -> None:
    # 95 s at 30 s steps: 30, 30, 30 and 5 s, at 275.5, 225, 174.5 and 145 W written whole.
    data = fit([Step(95, ramp(watts(300), watts(140)))])
    assert shape(read(data, "down.fit").body) == [(95, "ramp", 300.0, 140.0)]


def test_ramps_inside_a_repeat_read_back_inside_it() -> None:
    body = (Step(180, ramp(pct(60), pct(110))), Step(120, steady(pct(50))))
    data = fit([Repeat(3, body)])
    assert shape(read(data, "set.fit").body) == [
        (3, [(180, "ramp", 60.0, 110.0), (120, "steady", 50, None)])
    ]


def test_a_ladder_of_other_steps_reads_back_with_the_step_length_it_was_written_with() -> None:
    options = CompileOptions(fit_ramp=RampMode.STEP, fit_ramp_step_s=20)
    data = fit([Step(240, ramp(pct(50), pct(75)))], options)
    back = read(data, "twenty.fit").body
    assert shape(back) == [(240, "ramp", 50.0, 75.0)]
    assert fit(back, options) == data


def test_a_garmin_style_ladder_with_its_ends_on_the_ramps_ends_reads_as_a_ramp() -> None:
    # 10 x 1 min from 100 W to 150 W, first and last step on the ends (5.56 W apart, rounded):
    # the ramp whose average over each step is that step's level reaches half a step further.
    levels = [100, 106, 111, 117, 122, 128, 133, 139, 144, 150]
    data = fit([Step(60, steady(watts(w)), label="Ramp") for w in levels])
    back = read(data, "garmin.fit").body
    assert [(s[0], s[1]) for s in shape(back)] == [(600, "ramp")]
    (step,) = back
    assert isinstance(step, Step) and step.label == "Ramp"
    assert fit(back, CompileOptions(fit_ramp_step_s=60)) == data


def test_equal_length_interval_sets_are_not_ramps() -> None:
    on, off = Step(60, steady(pct(120))), Step(60, steady(pct(50)))
    alternating = [on, off] * 5
    assert shape(read(fit(alternating), "set.fit").body) == shape(alternating)


def test_a_short_build_of_three_steps_stays_steps() -> None:
    build = [Step(60, steady(pct(p))) for p in (100, 110, 120)]
    assert len(build) < MIN_STEPS
    assert shape(read(fit(build), "build.fit").body) == shape(build)


def test_a_staircase_of_long_steps_stays_steps() -> None:
    stairs = [Step(300, steady(watts(w))) for w in (200, 220, 240, 260)]
    assert all(step.duration == 300 for step in stairs) and MAX_STEP_S < 300
    assert shape(read(fit(stairs), "stairs.fit").body) == shape(stairs)


def test_steps_that_differ_in_more_than_power_stay_steps() -> None:
    named = [Step(30, steady(pct(p)), label=f"Step {i}") for i, p in enumerate((90, 95, 100, 105))]
    mixed = [
        Step(30, steady(pct(p)), intensity)
        for p, intensity in zip(
            (90, 95, 100, 105),
            (Intensity.ACTIVE, Intensity.INTERVAL, Intensity.ACTIVE, Intensity.INTERVAL),
            strict=True,
        )
    ]
    for steps in (named, mixed):
        assert shape(read(fit(steps), "x.fit").body) == shape(steps)


def test_a_ladder_that_no_line_explains_stays_steps() -> None:
    # Monotonic and equal in length, but 10 W then 30 W then 10 W apart: not one ramp.
    uneven = [Step(30, steady(watts(w))) for w in (200, 210, 240, 250)]
    assert shape(read(fit(uneven), "uneven.fit").body) == shape(uneven)


@st.composite
def ramps(draw: st.DrawFn) -> Step:
    """A ramp long enough for four 30 s steps, climbing or falling by at least 2 units."""
    unit = draw(st.sampled_from(PowerUnit))
    top = 400 if unit is PowerUnit.PERCENT else 1200
    halves = st.integers(40, 2 * top).map(lambda twice: twice / 2)
    start = draw(halves)
    end = draw(halves.filter(lambda value: abs(value - start) >= 2))
    seconds = draw(st.integers(91, 1800))
    offsets = draw(st.lists(st.integers(0, seconds - 1), max_size=3, unique=True))
    return Step(
        seconds,
        ramp(Power(start, unit), Power(end, unit)),
        draw(st.sampled_from(Intensity)),
        draw(st.none() | st.just(Cadence(85, 95))),
        label=draw(st.none() | st.sampled_from(["Warm up", "Build", "Cool down"])),
        cues=tuple(Cue(offset, f"Cue at {offset}") for offset in sorted(offsets)),
    )


SEPARATOR = Step(300, steady(pct(55)), Intensity.RECOVERY)
"""Longer than a ladder's steps, so ramps around it stay apart."""


@settings(max_examples=80)
@given(st.lists(ramps(), min_size=1, max_size=4), st.booleans())
def test_ramps_written_as_30s_steps_read_back_as_the_same_ramps(
    written: list[Step], in_repeat: bool
) -> None:
    body: list[Node] = []
    for step in written:
        body += [step, SEPARATOR]
    nodes: list[Node] = [Repeat(2, tuple(body))] if in_repeat else body
    data = fit(nodes, CompileOptions(fit_ramp_step_s=30))
    back = read(data, "ramps.fit").body
    if in_repeat:
        (repeat,) = back
        assert isinstance(repeat, Repeat) and repeat.count == 2
        back = repeat.body
    read_ramps = [node for node in back if node != SEPARATOR]
    assert len(read_ramps) == len(written)
    for before, after in zip(written, read_ramps, strict=True):
        assert isinstance(after, Step) and isinstance(after.target, Target)
        kept = (after.duration, after.intensity, after.cadence, after.label, after.cues)
        assert kept == (
            before.duration,
            before.intensity,
            before.cadence,
            before.label,
            before.cues,
        )
        assert after.target.kind is TargetKind.RAMP
        assert isinstance(before.target, Target)
        for old, new in (
            (before.target.low, after.target.low),
            (before.target.high, after.target.high),
        ):
            assert old is not None and new is not None and new.unit is old.unit
            assert abs(new.value - old.value) <= 1  # within FIT's whole-unit rounding
    assert fit(read(data, "ramps.fit").body, CompileOptions(fit_ramp_step_s=30)) == data
