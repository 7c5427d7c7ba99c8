"""Imported workouts are made expressible: simultaneous cues merge, with a warning."""

from ridec.formats.normalize import normalize
from ridec.language import bind, parse, print_workout
from ridec.model import (
    FREE,
    Cue,
    Header,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)


def test_cues_at_the_same_second_merge_in_order_and_are_reported() -> None:
    step = Step(
        60,
        cues=(Cue(0, "Set 1/3"), Cue(0, "30/30 1/8"), Cue(10, "Go"), Cue(10, "x", from_end=True)),
    )
    workout = Workout(Header("W"), (Repeat(2, (step,)),))
    merged, warnings = normalize(workout)
    inner = merged.body[0]
    assert isinstance(inner, Repeat) and isinstance(inner.body[0], Step)
    assert [c.text for c in inner.body[0].cues] == ["Set 1/3 / 30/30 1/8", "Go", "x"]
    assert len(warnings) == 1
    assert "'Set 1/3' and '30/30 1/8' show at the same second" in warnings[0].message
    assert bind(parse(print_workout(merged), "w.ride")) == merged


def test_a_workout_without_collisions_is_returned_as_is() -> None:
    workout = Workout(Header("W"), (Step(60, cues=(Cue(0, "a"), Cue(5, "b"))),))
    assert normalize(workout) == (workout, [])


def test_zero_power_becomes_free_and_out_of_range_power_is_clamped() -> None:
    zero = Step(60, Target(TargetKind.STEADY, Power(0, PowerUnit.WATTS)))
    huge = Step(
        60, Target(TargetKind.RAMP, Power(50, PowerUnit.PERCENT), Power(1500, PowerUnit.PERCENT))
    )
    merged, warnings = normalize(Workout(Header("W"), (zero, huge)))
    assert merged.body[0] == Step(60, FREE)
    ramp = merged.body[1]
    assert isinstance(ramp, Step) and isinstance(ramp.target, Target)
    assert ramp.target.high == Power(999.9, PowerUnit.PERCENT)
    assert [w.message for w in warnings] == [
        "a 0 W target becomes a free ride (no target)",
        "power 1500% is outside 0.1-999.9% and is clamped",
    ]
    assert bind(parse(print_workout(merged), "w.ride")) == merged
