"""Valid sources parse into the model values the language reference promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.language import bind, decode, parse, parse_file
from ridec.model import (
    FREE,
    LAP,
    MAX,
    Activation,
    Alternate,
    Cadence,
    Cue,
    Exercise,
    Flag,
    Header,
    Intensity,
    Param,
    ParamKind,
    Power,
    PowerUnit,
    Ref,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)

VALID = Path(__file__).parent / "valid"


def pct(value: float) -> Power:
    return Power(value, PowerUnit.PERCENT)


def watts(value: float) -> Power:
    return Power(value, PowerUnit.WATTS)


def steady(power: Power) -> Target:
    return Target(TargetKind.STEADY, power)


def ramp(low: Power, high: Power) -> Target:
    return Target(TargetKind.RAMP, low, high)


def band(low: Power, high: Power, zone: int | None = None) -> Target:
    return Target(TargetKind.RANGE, low, high, zone)


def load(name: str) -> Workout:
    return parse_file(VALID / name)


def test_section_1_example() -> None:
    workout = load("section1-example.ride")
    assert workout.header == Header(
        name="Standing technique W1",
        author="Coach",
        description="Three points of power: hands, core and feet.",
        tags=("technique", "standing", "back-pain"),
        ftp=250,
    )
    assert workout.params == (
        Param("reps", ParamKind.COUNT, 3),
        Param("on", ParamKind.DURATION, 120),
    )
    assert workout.activation == Activation(
        (
            Exercise("Glute bridge", reps=15),
            Exercise("Clamshell", reps=12, each_side=True),
            Exercise("Dead bug", duration=45),
        ),
        "Before you ride",
    )
    standing = Step(
        Ref("on"),
        steady(pct(75)),
        Intensity.ACTIVE,
        Cadence(50, 60),
        (Flag.STANDING,),
        "Stand and dance on the pedals",
        (
            Cue(20, "Hands: thumb grip on the hoods, weight on the heel of the hand"),
            Cue(50, "Core: bring the elbow toward the rising knee"),
            Cue(15, "Sit down and keep it smooth", from_end=True),
        ),
    )
    easy = Step(
        180, steady(pct(55)), Intensity.RECOVERY, Cadence(85, 95), (Flag.SEATED,), "Easy spin"
    )
    assert workout.body == (
        Step(600, ramp(pct(45), pct(70)), Intensity.WARMUP, Cadence(85, 95), label="Spin up"),
        Repeat(Ref("reps"), (standing, easy), "Standing {i}/{n}"),
        Step(480, ramp(pct(65), pct(45)), Intensity.COOLDOWN),
    )


def test_section_1_example_binds_its_defaults_and_overrides() -> None:
    workout = load("section1-example.ride")
    bound = bind(workout)
    repeat = bound.body[1]
    assert isinstance(repeat, Repeat) and repeat.count == 3
    assert isinstance(repeat.body[0], Step) and repeat.body[0].duration == 120
    longer = bind(workout, {"reps": "5", "on": "3m"}).body[1]
    assert isinstance(longer, Repeat) and longer.count == 5
    assert isinstance(longer.body[0], Step) and longer.body[0].duration == 180


def test_section_7_alternate_example() -> None:
    workout = load("section7-alternate.ride")
    up = Step(
        240,
        steady(pct(80)),
        cadence=Cadence(60, 70),
        flags=(Flag.UPSTROKE,),
        label="Upstroke only: lift with hip flexors, hamstrings, calves and glutes",
    )
    down = Step(
        240,
        steady(pct(80)),
        cadence=Cadence(60, 70),
        flags=(Flag.DOWNSTROKE,),
        label="Downstroke only: push with quads and glutes",
    )
    recovery = Step(180, steady(pct(55)), Intensity.RECOVERY, Cadence(90, 90))
    assert workout.body == (Repeat(Ref("intervals"), (Alternate((up, down)), recovery)),)


def test_every_value_form() -> None:
    workout = load("values.ride")
    assert workout.header == Header(
        name='Values "all" of them',
        author="Coach",
        description="First line\nsecond line: with a colon\n  quoted, with # and spaces  ",
        tags=("a", "b c", "d"),
        ftp=250,
        category="Tests",
        subcategory="Values",
    )
    assert workout.params == (
        Param("c", ParamKind.CADENCE, Cadence(85, 95)),
        Param("t", ParamKind.TARGET, band(pct(76), pct(90), 3)),
        Param("d", ParamKind.DURATION, 5400),
    )
    assert workout.body == (
        Step(45, ramp(pct(45), pct(70)), Intensity.WARMUP, Cadence(90, 90)),
        Step(
            240,
            steady(watts(250)),
            Intensity.INTERVAL,
            Cadence(50, 60),
            (Flag.STANDING, Flag.UPSTROKE),
            "Both",
        ),
        Step(3600, band(pct(75), pct(85))),
        Step(5400, band(pct(75), pct(85))),
        Step(90, band(watts(190), watts(210))),
        Step(90, ramp(watts(150), watts(250))),
        Step(3750, band(pct(0), pct(55), 1)),
        Step(120, band(pct(151), pct(200), 7), Intensity.RECOVERY, Ref("c"), (Flag.SEATED,)),
        Step(300, FREE, Intensity.REST),
        Step(30, MAX),
        Step(LAP, steady(pct(50)), Intensity.COOLDOWN, cues=(Cue(30, "Press lap when done"),)),
        Step(Ref("d"), Ref("t"), cadence=Ref("c")),
        Step(10, steady(pct(72.5))),
    )


def test_nested_blocks() -> None:
    workout = load("blocks.ride")
    odd = Step(
        Ref("on"),
        steady(pct(80)),
        label="Odd {i}",
        cues=(Cue(0, "Go"), Cue(10, "Nearly", from_end=True, duration=5)),
    )
    inner = Repeat(
        Ref("n"),
        (
            Alternate((odd, Repeat(2, (Step(30, steady(pct(90))),)))),
            Step(30, steady(pct(50)), Intensity.RECOVERY),
        ),
        "Inner {i}",
    )
    zones = Alternate(tuple(Step(60, band(pct(lo), pct(hi), z)) for z, lo, hi in _ZONES_2_4))
    outer = Repeat(3, (inner, Repeat(0, (Step(60, steady(pct(100))),)), zones), "Outer {i}/{n}")
    assert workout.body == (outer, Step(600, steady(pct(60))))


_ZONES_2_4 = ((2, 56, 75), (3, 76, 90), (4, 91, 105))


def test_crlf_line_ends_and_comments() -> None:
    workout = load("crlf.ride")
    assert workout.header == Header(name="CRLF", ftp=200)
    assert workout.body == (Step(240, steady(pct(80)), cues=(Cue(60, "Halfway-ish"),)),)


def test_byte_order_mark_and_unicode_text() -> None:
    workout = load("bom-unicode.ride")
    assert workout.header.name == "bom-unicode"
    assert workout.body == (Step(240, steady(pct(80)), label="café → 🚴"),)


def test_name_defaults_to_the_file_stem() -> None:
    assert parse("4m 80%\n", "some/dir/sweet-spot.ride").header.name == "sweet-spot"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45s", 45),
        ("4m", 240),
        ("4min", 240),
        ("4MIN", 240),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1m30s", 90),
        ("1h2m3s", 3723),
        ("1:30", 90),
        ("0:05", 5),
        ("90:00", 5400),
        ("1:02:30", 3750),
        ("24h", 86400),
    ],
)
def test_duration_forms(text: str, seconds: int) -> None:
    step = parse(f"{text} 50%\n").body[0]
    assert isinstance(step, Step) and step.duration == seconds


def test_spans_point_at_each_line() -> None:
    text = 'repeat 2 "Set":\n  4m 80%\n    @-15s "Last"\n'
    repeat = parse(text, "spans.ride").body[0]
    assert isinstance(repeat, Repeat) and repeat.span is not None
    step = repeat.body[0]
    assert isinstance(step, Step) and step.span is not None
    cue = step.cues[0]
    assert cue.span is not None
    assert [text[n.start : n.end] for n in (repeat.span, step.span, cue.span)] == [
        'repeat 2 "Set":',
        "4m 80%",
        '@-15s "Last"',
    ]


def test_decode_accepts_utf8_with_bom() -> None:
    assert decode("\ufeffname: x\n".encode(), "x.ride") == "name: x\n"
