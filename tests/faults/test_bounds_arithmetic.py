"""The arithmetic behind the limits: what a workout unrolls to, computed without unrolling.

Checked against `lower` itself on random workouts (nested repeats, alternates inside them,
lap steps, labels, flags and cues), so the limit refuses exactly the workouts that would
unroll past it.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ridec.limits import MAX_STEPS, MAX_WORKOUT_S, workout_size
from ridec.model import (
    FREE,
    LAP,
    Alternate,
    Flag,
    Header,
    Intensity,
    Node,
    Repeat,
    Step,
    Workout,
)
from ridec.timeline import CueKind, Timeline, lower
from tests.property.strategies import workouts


def shown(timeline: Timeline) -> int:
    """Messages the lowered workout shows: cues (block labels and flag cues among them),
    and step labels."""
    return sum(len(step.cues) + (1 if step.label else 0) for step in timeline.steps)


def flags_said(timeline: Timeline) -> int:
    """Flags whose cue is left out because a label or cue already says it."""
    flags = sum(len(step.flags) for step in timeline.steps)
    return flags - sum(1 for s in timeline.steps for c in s.cues if c.kind is CueKind.FLAG)


def ridden(nodes: Sequence[Node], iteration: int) -> int:
    """Steps `nodes` unroll to in `iteration` of their innermost repeat (by brute force)."""
    total = 0
    for node in nodes:
        if isinstance(node, Step):
            total += 1
        elif isinstance(node, Repeat):
            assert isinstance(node.count, int)
            total += sum(ridden(node.body, k) for k in range(1, node.count + 1))
        else:
            total += ridden((node.children[(iteration - 1) % len(node.children)],), iteration)
    return total


def labels_unshown(nodes: Sequence[Node], iteration: int = 1) -> int:
    """Labels of repeat iterations that ride no step (a `repeat 0` inside): nothing shows
    them."""
    total = 0
    for node in nodes:
        if isinstance(node, Repeat):
            assert isinstance(node.count, int)
            for k in range(1, node.count + 1):
                total += (node.label is not None and ridden(node.body, k) == 0) + labels_unshown(
                    node.body, k
                )
        elif isinstance(node, Alternate):
            total += labels_unshown(
                (node.children[(iteration - 1) % len(node.children)],), iteration
            )
    return total


@settings(max_examples=300, deadline=None)
@given(workouts(max_depth=3))
@example(  # Before: the label of an iteration that rode nothing showed on the next step.
    Workout(
        Header("Hands"),
        (
            Step(LAP, FREE, Intensity.WARMUP),
            Repeat(1, (Repeat(0, (Step(30, FREE, flags=(Flag.STANDING,)),)),), "Hands"),
            Step(60, FREE),
        ),
    )
)
def test_the_size_is_what_lowering_makes(workout: Workout) -> None:
    size = workout_size(workout)
    timeline = lower(workout)
    assert size.steps == len(timeline.steps)
    assert size.seconds == timeline.duration_s
    # The limit counts a flag's cue when a label already says it, and the label of an
    # iteration that rides no step, though neither is shown: one message each, as written.
    unshown = flags_said(timeline) + labels_unshown(workout.body)
    assert size.messages == shown(timeline) + unshown


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
