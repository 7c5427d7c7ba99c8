"""`ridec import` no longer reads the `.ride` it prints again: `printed_problems` checks the
model instead. It must agree with what reading the text again found (the check it
replaced: the text parses, and compiles to the same timeline), for valid models and for
models broken in each way a reader could break one: values out of range, ranges that do not
go up, zones that are not their range, flags twice, `{i}` outside a repeat, empty blocks.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ridec import read_file
from ridec.diagnostics import DiagnosticError
from ridec.language import bind, parse, print_workout
from ridec.language.printed import printed_problems
from ridec.model import (
    LAP,
    Activation,
    Alternate,
    Cadence,
    Cue,
    Exercise,
    Flag,
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
from tests.paths import ROOT
from tests.property.strategies import texts, within_limits, workouts

AGREEMENT = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
Mutation = Callable[[st.DrawFn, Workout], Workout]


def reads_back(workout: Workout) -> bool:
    """The check `ridec import` made before: the printed text parses, and compiles to the
    same timeline."""
    try:
        again = bind(parse(print_workout(workout), "imported.ride"))
    except DiagnosticError:
        return False
    return lower(again).steps == lower(workout).steps


def printed_exactly(workout: Workout) -> bool:
    """Whether the printed text parses back to this very model."""
    try:
        return parse(print_workout(workout), "imported.ride") == workout
    except DiagnosticError:
        return False


def agrees(workout: Workout) -> bool:
    """No problem found on the model means the text reads back (never a file that does not
    compile); and a model printed exactly and reading back has no problem (no false alarm).
    A model that reads back only up to what its timeline ignores (a zone that is not its
    range inside a repeat done 0 times) may be refused: no reader makes one."""
    text = print_workout(workout)
    clean = not printed_problems(workout, text)
    if clean:
        return reads_back(workout)
    return not (reads_back(workout) and printed_exactly(workout))


# --- breaking a model ----------------------------------------------------------------------

SECONDS = st.integers(-3, 90_000) | st.sampled_from([0, 1, 86_400, 86_401])
POWERS = st.floats(-5, 3_100, allow_nan=False) | st.sampled_from(
    [0.0, 0.1, 999.9, 1000.0, 1.0, 3000.0, 3000.5]
)
UNITS = st.sampled_from(list(PowerUnit))


def _each_step(nodes: tuple[Node, ...], change: Callable[[Step], Step]) -> tuple[Node, ...]:
    """The nodes with `change` applied to their first step (depth first)."""
    changed: list[Node] = []
    done = False
    for node in nodes:
        if done:
            changed.append(node)
        elif isinstance(node, Step):
            changed.append(change(node))
            done = True
        elif isinstance(node, Repeat):
            body = _each_step(node.body, change)
            done = body != node.body
            changed.append(dataclasses.replace(node, body=body))
        else:
            children = _each_step(node.children, change)
            done = children != node.children
            changed.append(Alternate(children))
    return tuple(changed)


def _on_a_step(draw: st.DrawFn, workout: Workout, change: Callable[[Step], Step]) -> Workout:
    """`change` applied to the first step of a node drawn from the body."""
    index = draw(st.integers(0, len(workout.body) - 1))
    body = list(workout.body)
    body[index : index + 1] = _each_step((body[index],), change)
    return dataclasses.replace(workout, body=tuple(body))


def _duration(draw: st.DrawFn, workout: Workout) -> Workout:
    seconds = draw(SECONDS)
    return _on_a_step(draw, workout, lambda step: dataclasses.replace(step, duration=seconds))


def _power(draw: st.DrawFn, workout: Workout) -> Workout:
    kind = draw(st.sampled_from([TargetKind.STEADY, TargetKind.RANGE, TargetKind.RAMP]))
    unit = draw(UNITS)
    low = Power(draw(POWERS), unit)
    high = None if kind is TargetKind.STEADY else Power(draw(POWERS), unit)
    target = Target(kind, low, high)
    return _on_a_step(draw, workout, lambda step: dataclasses.replace(step, target=target))


def _zone(draw: st.DrawFn, workout: Workout) -> Workout:
    zone = draw(st.integers(1, 7))
    low, high = draw(POWERS), draw(POWERS)
    target = Target(TargetKind.RANGE, Power(low, PowerUnit.PERCENT), Power(high, PowerUnit.PERCENT))
    target = dataclasses.replace(target, zone=zone)
    return _on_a_step(draw, workout, lambda step: dataclasses.replace(step, target=target))


def _cadence(draw: st.DrawFn, workout: Workout) -> Workout:
    cadence = Cadence(draw(st.integers(0, 300)), draw(st.integers(0, 300)))
    return _on_a_step(draw, workout, lambda step: dataclasses.replace(step, cadence=cadence))


def _flags(draw: st.DrawFn, workout: Workout) -> Workout:
    flags = tuple(draw(st.lists(st.sampled_from(list(Flag)), min_size=1, max_size=3)))
    return _on_a_step(draw, workout, lambda step: dataclasses.replace(step, flags=flags))


def _label(draw: st.DrawFn, workout: Workout) -> Workout:
    label = draw(texts(placeholders=True))
    return _on_a_step(draw, workout, lambda step: dataclasses.replace(step, label=label))


def _cue(draw: st.DrawFn, workout: Workout) -> Workout:
    shown = draw(st.none() | SECONDS)
    cue = Cue(draw(SECONDS), draw(texts(placeholders=True)), draw(st.booleans()), shown)
    lap = draw(st.booleans())

    def change(step: Step) -> Step:
        return dataclasses.replace(step, cues=(cue,), duration=LAP if lap else step.duration)

    return _on_a_step(draw, workout, change)


def _repeat(draw: st.DrawFn, workout: Workout) -> Workout:
    count = draw(st.integers(-2, 600))
    # Copies: the timeline tells repeats apart by identity, and a reader never shares one.
    body = () if draw(st.integers(0, 4)) == 0 else copy.deepcopy(workout.body[:2])
    return dataclasses.replace(workout, body=(*workout.body, Repeat(count, body)))


def _alternate(draw: st.DrawFn, workout: Workout) -> Workout:
    children = copy.deepcopy(workout.body[: draw(st.integers(0, 3))])
    alternate = Alternate(children)
    nested = draw(st.booleans())
    node: Node = Repeat(2, (alternate,)) if nested else alternate
    return dataclasses.replace(workout, body=(*workout.body, node))


def _header(draw: st.DrawFn, workout: Workout) -> Workout:
    ftp = draw(st.none() | st.integers(0, 3000))
    tags = tuple(draw(st.lists(st.sampled_from(["", " ", " z2 ", "a,b", "ok"]), max_size=2)))
    name = draw(st.sampled_from(["", " ", "W {i}", "# not a comment"]))
    header = dataclasses.replace(workout.header, ftp=ftp, tags=tags, name=name)
    return dataclasses.replace(workout, header=header)


def _activation(draw: st.DrawFn, workout: Workout) -> Workout:
    reps = st.builds(Exercise, texts(placeholders=True), reps=st.integers(-1, 600))
    timed = st.builds(Exercise, texts(), duration=SECONDS)
    exercises = tuple(draw(st.lists(reps | timed, max_size=2)))
    activation = Activation(exercises, draw(st.none() | texts(placeholders=True)))
    return dataclasses.replace(workout, activation=activation)


MUTATIONS: tuple[Mutation, ...] = (
    _duration,
    _power,
    _zone,
    _cadence,
    _flags,
    _label,
    _cue,
    _repeat,
    _alternate,
    _header,
    _activation,
)


@st.composite
def broken(draw: st.DrawFn) -> Workout:
    """A valid workout, then one to three mutations, each of which may break it."""
    workout = draw(workouts(max_nodes=3))
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        workout = mutation(draw, workout)
    return workout


@AGREEMENT
@given(workouts())
def test_a_valid_model_has_no_problem_and_reads_back(workout: Workout) -> None:
    assert printed_problems(workout, print_workout(workout)) == []
    assert reads_back(workout)


@AGREEMENT
@given(broken())
def test_the_model_check_agrees_with_reading_the_text_again(workout: Workout) -> None:
    assume(workout.body and within_limits(workout))  # a reader's model always is
    assert agrees(workout)


def test_every_corpus_file_gets_the_same_answer_both_ways() -> None:
    """The readers' models of real files (ZWO, ERG, MRC, FIT, intervals.icu)."""
    checked = 0
    for path in sorted((ROOT / "tests" / "corpus").rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".zwo", ".erg", ".mrc", ".fit"):
            continue
        try:
            workout = read_file(Path(path)).workout
        except DiagnosticError:
            continue
        if workout.body:
            assert agrees(workout), path
            checked += 1
    assert checked > 20


def test_a_problem_quotes_the_value_as_the_printer_writes_it() -> None:
    """Values are checked without a span first; a problem is located on the written value."""
    step = Step(
        86_401,
        Target(TargetKind.RANGE, Power(80.0, PowerUnit.PERCENT), Power(1200.0, PowerUnit.PERCENT)),
        cadence=Cadence(300, 260),
        cues=(Cue(0, "go", duration=0),),
    )
    workout = parse("name: w\n\n5m 50%\n", "w.ride")
    broken_model = dataclasses.replace(workout, body=(step,))
    found = [
        (d.message, d.span.source.text if d.span and d.span.source else None, d.hint)
        for d in printed_problems(broken_model, print_workout(broken_model))
    ]
    assert found == [  # what the check gave when it wrote every value out first
        ("`0s` is out of range: a duration is 1s to 24h", "0s", "the shortest is 1s"),
        ("`1200.0%` is out of range: % of FTP is above 0 and below 1000", "1200.0%", None),
        ("`24h1s` is out of range: a duration is 1s to 24h", "24h1s", "the longest is 24h"),
        ("`300-260rpm` is out of range: cadence is 20 to 250 rpm", "300-260rpm", None),
        ("the range `300-260rpm` must go from low to high", "300-260rpm", "write `260-300rpm`"),
    ]
