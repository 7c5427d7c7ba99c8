"""Structure back from ERG/MRC (issue 13): ladders of short equal steps read as ramps, labelled
repeats ("Set 1/2") and plainly repeating rows read as `repeat`, interval sets left alone."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.ergmrc.reader import read, read_course
from ridec.formats.ergmrc.writer import ErgWriter, MrcWriter
from ridec.formats.ladders import ENDS_KEPT_TO, MIN_STEPS
from ridec.model import (
    Cadence,
    Cue,
    Header,
    Intensity,
    Node,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import lower
from tests.formats.ergmrc.ergmrc_support import pct, ramp, standing, steady, watts

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
# 64 W to 43 W in 29 steps: at step 27 the line is 44.505 W, exactly half a unit and a
# hundredth from 44 W, which float arithmetic put 3e-15 past the bound.
@example(([float(round(64 - 0.75 * k)) for k in range(29)], 10), "WATTS")
def test_every_ramp_to_steps_ladder_reads_as_a_ramp_within_half_a_unit_of_each_step(
    ladder: tuple[list[float], int], unit: str
) -> None:
    levels, length = ladder
    body = read(ladder_course(levels, length, unit), "l.erg" if unit == "WATTS" else "l.mrc").body
    (step,) = body
    assert isinstance(step, Step) and isinstance(step.target, Target)
    assert step.duration == length * len(levels)
    assert step.target.kind is TargetKind.RAMP
    assert step.target.low is not None and step.target.high is not None
    # In exact arithmetic: the ends are hundredths, the levels whole numbers.
    low, high = Fraction(str(step.target.low.value)), Fraction(str(step.target.high.value))
    bound = Fraction(1, 2) + Fraction(str(ENDS_KEPT_TO))
    for k, level in enumerate(levels):
        middle = Fraction(2 * k + 1, 2 * len(levels))
        # Within half a unit, and the hundredth the ramp's ends are kept to.
        assert abs(low + (high - low) * middle - Fraction(level)) <= bound


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


# Repeats ---------------------------------------------------------------------------------


def test_our_labelled_repeat_reads_back_as_the_repeat_it_was() -> None:
    workout = read((GOLDEN / "standing.mrc").read_bytes(), "standing.mrc")
    _, repeat, _ = workout.body
    original = standing().body[1]
    assert isinstance(repeat, Repeat) and isinstance(original, Repeat)
    assert (repeat.count, repeat.label) == (2, "Set {i}/{n}")
    interval, recovery = repeat.body
    assert isinstance(interval, Step) and isinstance(recovery, Step)
    assert interval.label == "Stand {i}"
    assert [(c.offset, c.text, c.duration) for c in interval.cues] == [
        (20, "Hands on the hoods", None),
        (65, "Sit down soon", 5),
    ]
    assert (interval.cadence, recovery.cadence) == (Cadence(50, 60), Cadence(90, 90))


def test_a_repeat_label_that_counts_goes_on_the_repeat_and_a_numbered_step_keeps_its_own() -> None:
    sprint = Step(30, steady(pct(150)), label="Sprint {i}", cues=(Cue(10, "Go"),))
    easy = Step(90, steady(pct(50)))
    body = [
        Repeat(3, (sprint, easy), label="Round {i} of {n}"),
        Repeat(4, (Step(20, steady(pct(170)), label="Effort {i}"), easy)),
    ]
    data = write(body)
    back = read(data, "rounds.mrc").body
    assert back == (
        Repeat(3, (sprint, easy), label="Round {i} of {n}"),
        Repeat(4, (Step(20, steady(pct(170)), label="Effort {i}"), easy)),
    )
    assert write(back) == data


def test_plainly_repeating_rows_read_as_a_repeat() -> None:
    data = ladder_course([200, 100, 200, 100, 200, 100], 60, unit="WATTS")
    assert shape(read(data, "plain.erg").body) == [
        (3, None, [(60, "steady", 200.0, None), (60, "steady", 100.0, None)])
    ]


def test_a_count_that_restarts_folds_into_a_repeat_of_repeats() -> None:
    # "Set 1/2", "Set 2/2", "Set 1/2", "Set 2/2": twice a repeat of two.
    inner = Repeat(2, (Step(60, steady(pct(100))), Step(60, steady(pct(50)))), "Set {i}/{n}")
    body = [Repeat(2, (inner,))]
    data = write(body)
    assert read(data, "nested.mrc").body == tuple(body)


def test_labelled_repeats_inside_labelled_repeats_read_back_nested() -> None:
    # The shipped VO2 max shape: each set's first step shows "Set 1/3", then "30/30 1/8".
    on = Step(30, steady(pct(120)), label="On", cues=(Cue(10, "Hold it"),))
    off = Step(30, steady(pct(50)), label="Off")
    sets = Repeat(
        3,
        (Repeat(8, (on, off), label="30/30 {i}/{n}"), Step(300, steady(pct(45)), label="Rest")),
        label="Set {i}/{n}",
    )
    body: list[Node] = [Step(600, ramp(pct(45), pct(70)), label="Warm up"), sets]
    data = write(body, "mrc")
    back = read(data, "vo2.mrc").body
    assert back == tuple(body)
    assert write(back, "mrc") == data
    erg = write(body, "erg")  # the same in watts: 300 W on, 125 W off at FTP 250
    nested = read(erg, "vo2.erg").body[1]
    assert isinstance(nested, Repeat) and (nested.count, nested.label) == (3, "Set {i}/{n}")
    inner = nested.body[0]
    assert isinstance(inner, Repeat) and (inner.count, inner.label) == (8, "30/30 {i}/{n}")
    assert write(read(erg, "vo2.erg").body, "erg") == erg


def test_a_repeat_label_alone_over_an_inner_repeat_stays_a_repeat_of_one() -> None:
    inner = Repeat(4, (Step(40, steady(pct(130)), label="Rep {i}"), Step(20, steady(pct(40)))))
    body = [Repeat(1, (inner,), label="Main set")]
    data = write(body)
    assert read(data, "one.mrc").body == tuple(body)


def test_texts_that_hold_braces_in_the_file_are_not_folded() -> None:
    # Inside a repeat the language would fill "{i}" in: folding would change the texts.
    rows = "0\t100\n1\t100\n1\t100\n2\t100\n"
    texts = "0\tLap {i}\t10\n60\tLap {i}\t10\n"
    header = "[COURSE HEADER]\nMINUTES PERCENT\n[END COURSE HEADER]\n"
    data = header + f"[COURSE DATA]\n{rows}[END COURSE DATA]\n[COURSE TEXT]\n{texts}"
    body = read((data + "[END COURSE TEXT]\n").encode(), "braces.mrc").body
    assert [getattr(n, "label", None) for n in body] == ["Lap {i}", "Lap {i}"]


@st.composite
def numbered_steps(draw: st.DrawFn) -> list[Node]:
    """Steps longer than a ladder's, with labels and cues that may number the iterations."""
    steps: list[Node] = []
    for _ in range(draw(st.integers(1, 3))):
        cues = draw(
            st.lists(
                st.tuples(st.integers(1, 60), st.sampled_from(["Push", "Lap {i}"])),
                max_size=2,
                unique_by=lambda cue: cue[0],
            )
        )
        steps.append(
            Step(
                draw(st.integers(61, 300)),
                steady(pct(draw(st.integers(40, 200)))),
                draw(st.sampled_from(Intensity)),
                label=draw(st.sampled_from([None, "Rep {i}", "Hard", "Go {i} of {n}"])),
                cues=tuple(Cue(offset, text) for offset, text in cues),
            )
        )
    return steps


@st.composite
def labelled_repeats(draw: st.DrawFn) -> Repeat:
    """A repeat of such steps, its body perhaps opening with a labelled repeat of its own."""
    body = draw(numbered_steps())
    if draw(st.booleans()):
        label = draw(st.sampled_from([None, "Round {i}/{n}", "Effort {i}"]))
        body.insert(0, Repeat(draw(st.integers(2, 4)), tuple(draw(numbered_steps())), label))
    label = draw(st.sampled_from([None, "Set {i}/{n}", "Block {i}"]))
    return Repeat(draw(st.integers(2, 6)), tuple(body), label=label)


@settings(max_examples=80)
@given(labelled_repeats(), st.sampled_from(["erg", "mrc"]))
def test_labelled_repeats_come_back_as_repeats_that_write_the_same_course(
    repeat: Repeat, suffix: str
) -> None:
    data = write([repeat], suffix)
    back = read(data, f"r.{suffix}").body
    # Folded: as the repeat written, or finer (a body of two equal steps is one step twice).
    assert any(isinstance(node, Repeat) for node in back)
    assert len(back) <= len(repeat.body)
    assert write(back, suffix) == data
