"""The arithmetic behind the limits: what a workout unrolls to, computed without unrolling.

Checked against `lower` itself on random workouts (nested repeats, alternates inside them,
lap steps, labels, flags and cues), so the limit refuses exactly the workouts that would
unroll past it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.limits import MAX_STEPS, MAX_WORKOUT_S, workout_size
from ridec.model import Alternate, Header, Repeat, Step, Workout
from ridec.timeline import lower
from tests.property.strategies import workouts


def shown(workout: Workout) -> int:
    """Messages the lowered workout shows: cues (block labels and flag cues among them),
    and step labels."""
    steps = lower(workout).steps
    return sum(len(step.cues) + (1 if step.label else 0) for step in steps)


@settings(max_examples=300, deadline=None)
@given(workouts(max_depth=3))
def test_the_size_is_what_lowering_makes(workout: Workout) -> None:
    size = workout_size(workout)
    timeline = lower(workout)
    assert size.steps == len(timeline.steps)
    assert size.seconds == timeline.duration_s
    flags = sum(len(step.flags) for step in timeline.steps)
    # A flag's cue is left out when a label already says it: the limit counts it anyway.
    assert shown(workout) <= size.messages <= shown(workout) + flags


def alternating(count: int, children: int, inner: int) -> Workout:
    """`repeat count:` around an alternate of `children` children, the k-th of which is
    an alternate of `inner` steps of k+1 s each... (alternates inside alternates)."""
    nested = [
        Alternate(tuple(Step((k + 1) * 10 + j + 1) for j in range(inner))) for k in range(children)
    ]
    body = (Step(1), Alternate(tuple(nested)))
    return Workout(Header("A"), (Repeat(count, body),))


@given(st.integers(0, 60), st.integers(2, 5), st.integers(2, 4))
def test_alternates_inside_alternates_are_summed_exactly(
    count: int, children: int, inner: int
) -> None:
    workout = alternating(count, children, inner)
    size = workout_size(workout)
    timeline = lower(workout)
    assert (size.steps, size.seconds) == (len(timeline.steps), timeline.duration_s)


def test_thirty_levels_of_500_are_sized_without_unrolling() -> None:
    body: tuple[Step | Repeat, ...] = (Step(1),)
    for _ in range(30):
        body = (Repeat(500, body),)
    size = workout_size(Workout(Header("deep"), body))
    assert size.steps == 500**30
    assert size.seconds == 500**30
    assert size.steps > MAX_STEPS and size.seconds > MAX_WORKOUT_S
