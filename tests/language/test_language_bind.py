"""Binding parameters: defaults, `--set` overrides, plan values, and the checks that follow."""

from __future__ import annotations

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.language import bind, parse, parse_value
from ridec.model import (
    FREE,
    MAX,
    Cadence,
    Cue,
    ParamKind,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)

SOURCE = """\
let reps = 3
let on = 2m
let power = 80%
let cadence = 50-60rpm
repeat $reps:
  $on $power $cadence "On"
    @-$on "Start"
    @30s for $on "Hold"
  1m 50%
"""


def steps(workout: Workout) -> list[Step]:
    repeat = workout.body[0]
    assert isinstance(repeat, Repeat)
    return [node for node in repeat.body if isinstance(node, Step)]


def render(overrides: dict[str, str]) -> str:
    with pytest.raises(DiagnosticError) as raised:
        bind(parse(SOURCE, "w.ride"), overrides)
    return str(raised.value)


def test_defaults_replace_every_reference() -> None:
    bound = bind(parse(SOURCE))
    repeat = bound.body[0]
    assert isinstance(repeat, Repeat) and repeat.count == 3
    assert steps(bound)[0] == Step(
        120,
        Target(TargetKind.STEADY, Power(80, PowerUnit.PERCENT)),
        cadence=Cadence(50, 60),
        label="On",
        cues=(Cue(120, "Start", from_end=True), Cue(30, "Hold", duration=120)),
    )


def test_overrides_win_and_are_kept_as_the_parameters_values() -> None:
    bound = bind(parse(SOURCE), {"reps": "5", "on": "1:30", "power": "z2", "cadence": "90rpm"})
    first = steps(bound)[0]
    assert first.duration == 90
    assert first.target == Target(
        TargetKind.RANGE, Power(56, PowerUnit.PERCENT), Power(75, PowerUnit.PERCENT), 2
    )
    assert first.cadence == Cadence(90, 90)
    assert {p.name: p.value for p in bound.params}["reps"] == 5


def test_values_made_by_a_program_are_accepted() -> None:
    bound = bind(parse(SOURCE), {"reps": 4, "on": 150})
    repeat = bound.body[0]
    assert isinstance(repeat, Repeat) and repeat.count == 4
    assert steps(bound)[0].duration == 150


def test_unknown_name_suggests_the_closest() -> None:
    assert render({"rep": "5"}) == (
        "<params>:1:1: error: unknown parameter `rep`\n"
        "  | rep=5\n"
        "  | ^^^\n"
        "  hint: did you mean 'reps'?"
    )


def test_wrong_kind_suggests_a_unit() -> None:
    assert render({"on": "90"}) == (
        "<params>:1:4: error: `on` is a duration, but `90` is a count\n"
        "  | on=90\n"
        "  |    ^^\n"
        "  hint: add a unit: `90s` or `90m`?"
    )


def test_override_values_are_range_checked() -> None:
    assert render({"reps": "900"}) == (
        "<params>:1:6: error: `900` is out of range: a count is 0 to 500\n"
        "  | reps=900\n  |      ^^^"
    )


def test_override_that_breaks_a_cue_is_reported_at_the_cue() -> None:
    text = render({"on": "20s"})
    assert text.startswith(
        "w.ride:8:5: error: the cue at 30s falls outside its step, which lasts 20s (`$on`)"
    )


def test_repeat_of_zero_that_empties_the_workout() -> None:
    workout = parse("let reps = 2\nrepeat $reps:\n  1m 50%\n", "z.ride")
    with pytest.raises(DiagnosticError, match="every step vanishes"):
        bind(workout, {"reps": "0"})


def test_a_plan_can_name_its_own_origin() -> None:
    with pytest.raises(DiagnosticError) as raised:
        bind(parse(SOURCE), {"nope": "1"}, origin="plan.plan week 2")
    assert str(raised.value).startswith("plan.plan week 2:1:1: error: unknown parameter `nope`")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("3", ParamKind.COUNT, 3),
        ("0", ParamKind.COUNT, 0),
        ("2m", ParamKind.DURATION, 120),
        ("1:30", ParamKind.DURATION, 90),
        ("80%", ParamKind.TARGET, Target(TargetKind.STEADY, Power(80, PowerUnit.PERCENT))),
        ("free", ParamKind.TARGET, FREE),
        ("MAX", ParamKind.TARGET, MAX),
        ("90rpm", ParamKind.CADENCE, Cadence(90, 90)),
        (" 50-60rpm ", ParamKind.CADENCE, Cadence(50, 60)),
    ],
)
def test_parse_value(text: str, kind: ParamKind, value: object) -> None:
    assert parse_value(text) == (kind, value)


@pytest.mark.parametrize("text", ["", "lap", "$x", "3 4", "fast", "0s", "80%%", "501", "z9"])
def test_parse_value_rejects(text: str) -> None:
    with pytest.raises(DiagnosticError):
        parse_value(text)
