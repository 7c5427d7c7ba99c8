"""Structure back from ERG/MRC (issue 13): ladders of short equal steps read as ramps,
interval sets left alone."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.ergmrc.reader import read, read_course
from ridec.formats.ergmrc.writer import ErgWriter, MrcWriter
from ridec.formats.ladders import ENDS_KEPT_TO, MIN_STEPS
from ridec.model import (
    Header,
    Node,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import lower
from tests.formats.ergmrc.ergmrc_support import pct, ramp, steady, watts

GOLDEN = Path(__file__).parent / "golden"
SHAPES = Path(__file__).parent / "shapes"
WRITERS = {"erg": ErgWriter(), "mrc": MrcWriter()}


def write(body: Sequence[Node], suffix: str = "mrc", ftp: int = 250) -> bytes:
    writer = WRITERS[suffix]
    workout = Workout(Header("Shapes", ftp=ftp), tuple(body))
    return writer.render(lower(workout), CompileOptions(), Fidelity(writer.name))


def ladder_course(levels: Sequence[float], step_s: int, unit: str = "PERCENT") -> bytes:
    """A course whose steps are `levels`, `step_s` each, as a ramp-to-steps tool writes it."""
    rows = []
    for k, level in enumerate(levels):
        rows += [f"{k * step_s / 60:.4f}\t{level:g}", f"{(k + 1) * step_s / 60:.4f}\t{level:g}"]
    header = f"[COURSE HEADER]\nFTP = 250\nMINUTES {unit}\n[END COURSE HEADER]\n"
    return (header + "[COURSE DATA]\n" + "\n".join(rows) + "\n[END COURSE DATA]\n").encode()


def shape(nodes: Sequence[Node]) -> list[tuple[object, ...]]:
    """Each node as (seconds, kind, start, end), repeats as (count, label, [their body])."""
    found: list[tuple[object, ...]] = []
    for node in nodes:
        if isinstance(node, Repeat):
            found.append((node.count, node.label, shape(node.body)))
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


# Ladders ---------------------------------------------------------------------------------


def test_a_ramp_to_steps_ladder_reads_as_one_ramp_with_a_warning() -> None:
    # 10 x 30 s from 50 % to 95 %. The lines within half a unit of every step's level at its
    # middle run from 47-48 % to 97-98 %; the roundest ends among them are whole numbers.
    data = ladder_course([50, 55, 60, 65, 70, 75, 80, 85, 90, 95], 30)
    result = read_course(data, "ladder.mrc")
    assert shape(result.workout.body) == [(300, "ramp", 47.0, 98.0)]
    assert [d.render().splitlines()[0] for d in result.diagnostics] == [
        "ladder.mrc:6:1: warning: 10 steps of 30 s that a straight line explains are read as "
        "one ramp 47% -> 98%"
    ]


def test_our_trainerday_style_fixture_reads_as_a_warmup_ramp() -> None:
    data = (SHAPES / "ramp_steps.erg").read_bytes()
    workout = read(data, "ramp_steps.erg")
    assert shape(workout.body) == [(600, "ramp", 95.0, 205.0), (600, "steady", 200.0, None)]


def test_equal_length_interval_sets_are_not_ramps() -> None:
    on, off = Step(60, steady(pct(120))), Step(60, steady(pct(50)))
    assert shape(read(write([on, off] * 5), "set.mrc").body) == [
        (5, None, [(60, "steady", 120, None), (60, "steady", 50, None)])
    ]


def test_a_short_build_and_a_staircase_stay_steps() -> None:
    build = [Step(60, steady(pct(p))) for p in (100, 110, 120)]
    assert len(build) < MIN_STEPS
    stairs = [Step(300, steady(watts(w))) for w in (200, 220, 240, 260)]
    for body, suffix in ((build, "mrc"), (stairs, "erg")):
        assert shape(read(write(body, suffix), f"x.{suffix}").body) == shape(body)


def test_a_ladder_of_uneven_rises_stays_steps() -> None:
    data = ladder_course([200, 210, 240, 250], 30, unit="WATTS")
    assert [s[1] for s in shape(read(data, "uneven.erg").body)] == ["steady"] * 4


@st.composite
def ladders(draw: st.DrawFn) -> tuple[list[float], int]:
    """A ramp as a ramp-to-steps tool writes it: whole levels, at the middle of each step or
    with the first and last steps on the ramp's ends."""
    steps = draw(st.integers(MIN_STEPS, 40))
    length = draw(st.sampled_from([10, 15, 20, 30, 60]))
    start = draw(st.integers(30, 300))
    end = draw(st.integers(30, 300).filter(lambda v: abs(v - start) >= steps // 2 + 1))
    # The ramp reaches up to half a step beyond the first and last levels: keep it above 0,
    # where the language can write it.
    assume(min(start, end) - abs(end - start) / (steps - 1) / 2 >= 5)
    if draw(st.booleans()):
        levels = [start + (end - start) * (k + 0.5) / steps for k in range(steps)]
    else:
        levels = [start + (end - start) * k / (steps - 1) for k in range(steps)]
    return [float(round(level)) for level in levels], length


@settings(max_examples=100)
@given(ladders(), st.sampled_from(["WATTS", "PERCENT"]))
def test_every_ramp_to_steps_ladder_reads_as_a_ramp_within_half_a_unit_of_each_step(
    ladder: tuple[list[float], int], unit: str
) -> None:
    levels, length = ladder
    body = read(ladder_course(levels, length, unit), "l.erg" if unit == "WATTS" else "l.mrc").body
    (step,) = body
    assert isinstance(step, Step) and isinstance(step.target, Target)
    assert step.duration == length * len(levels)
    assert step.target.kind is TargetKind.RAMP
    low, high = step.target.low, step.target.high
    assert low is not None and high is not None
    for k, level in enumerate(levels):
        middle = (k + 0.5) / len(levels)
        # Within half a unit, and the hundredth the ramp's ends are kept to.
        assert abs(low.value + (high.value - low.value) * middle - level) <= 0.5 + ENDS_KEPT_TO


@st.composite
def ramp_workouts(draw: st.DrawFn) -> list[Node]:
    """Ramps between steady steps, as a coach writes them."""
    body: list[Node] = []
    for _ in range(draw(st.integers(1, 4))):
        low, high = draw(st.lists(st.integers(30, 200), min_size=2, max_size=2, unique=True))
        body.append(Step(draw(st.integers(2, 1800)), ramp(pct(low), pct(high))))
        body.append(Step(draw(st.integers(61, 600)), steady(pct(draw(st.integers(30, 200))))))
    return body


@settings(max_examples=60)
@given(ramp_workouts(), st.sampled_from(["erg", "mrc"]))
def test_ramps_written_to_erg_and_mrc_read_back_as_the_same_ramps(
    body: list[Node], suffix: str
) -> None:
    back = read(write(body, suffix), f"r.{suffix}")
    before, after = lower(Workout(Header("a", ftp=250), tuple(body))).steps, lower(back).steps
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert (new.duration_s, new.target.kind) == (old.duration_s, old.target.kind)
        old_watts, new_watts = old.watts(250), new.watts(250)
        assert old_watts is not None and new_watts is not None
        assert abs(old_watts.start - new_watts.start) <= 0.5
        assert abs(old_watts.end - new_watts.end) <= 0.5
