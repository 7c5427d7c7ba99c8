"""The reader's IntervalsT rule on model steps agrees with the writer's rule on lowered steps.

The reader refuses to fold a repeat its writer would write as an IntervalsT; it decides
that on the two model steps instead of lowering them (lowering is most of the decision's
cost). Every combination of what the rule looks at is compared here with lowering.
"""

from __future__ import annotations

import itertools

import pytest

from ridec.formats.zwo.reader import _make_interval_pair
from ridec.formats.zwo.writer_blocks import is_interval_pair
from ridec.model import (
    LAP,
    Cadence,
    Cue,
    Flag,
    Header,
    Lap,
    Power,
    PowerUnit,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import lower

_PERCENT = PowerUnit.PERCENT
TARGETS = (
    Target(TargetKind.STEADY, Power(80, _PERCENT)),
    Target(TargetKind.RANGE, Power(70, _PERCENT), Power(90, _PERCENT)),
    Target(TargetKind.RAMP, Power(50, _PERCENT), Power(90, _PERCENT)),
    Target(TargetKind.FREE),
    Target(TargetKind.MAX),
)
CADENCES = (None, Cadence(90, 90), Cadence(85, 95))


def _steps() -> list[Step]:
    steps = []
    for target, cadence, label, cues, flags, duration in itertools.product(
        TARGETS,
        CADENCES,
        (None, "on"),
        ((), (Cue(5, "go"),)),
        ((), (Flag.STANDING,)),
        (30, LAP),
    ):
        assert isinstance(duration, int | Lap)
        steps.append(Step(duration, target, cadence=cadence, label=label, cues=cues, flags=flags))
    return steps


STEPS = _steps()


@pytest.mark.parametrize("on", STEPS[::7] + STEPS[:2], ids=repr)
def test_rule_on_model_steps_is_the_writers_rule_on_lowered_steps(on: Step) -> None:
    for off in STEPS:
        lowered = lower(Workout(Header(""), (on, off))).steps
        assert _make_interval_pair(on, off) == is_interval_pair(*lowered), (on, off)


def test_every_kind_of_step_is_compared() -> None:
    pairs = [s for s in STEPS if _make_interval_pair(s, s)]
    assert pairs, "some pairs make an IntervalsT"
    assert len(pairs) < len(STEPS), "and some do not"
