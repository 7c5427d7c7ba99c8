"""How many steps a FIT workout takes, and what to say when head units would refuse it.

Garmin Connect and Garmin's head units take workouts of at most 50 steps, repeat steps
included (the evidence is in docs/formats.md): above `fit_max_steps` (50) the writer warns,
naming what would bring the workout under the limit. Ramps are what most often make a
workout long (a 10-minute warm-up in 30 s steps is 20 of the 50), so unless the coach gave a
step length, ramps are written in 30 s steps, or in 60 s steps when 30 s ones would pass the
limit and 60 s ones keep within it: the longest steps the FIT and ERG/MRC readers still take
back as a ramp.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from ridec.formats.base import CompileOptions, Loss, LossKind, RampMode
from ridec.formats.fit.writer_steps import LONGER_RAMP_STEP_S, RAMP_STEP_S
from ridec.mentions import FIT_MAX_STEPS, FIT_NESTED_REPEATS, FIT_RAMP_LONGER, FIT_RAMP_RANGE
from ridec.model import TargetKind
from ridec.timeline import Timeline

RAMP_TOPIC = "ramp-steps"
"""The loss a ramp written as steps records."""


def ramp_step_lengths(options: CompileOptions) -> tuple[int, ...]:
    """The ramp step lengths to try, in order: the coach's, or 30 s then 60 s."""
    if options.fit_ramp is RampMode.STEP and options.fit_ramp_step_s is None:
        return (RAMP_STEP_S, LONGER_RAMP_STEP_S)
    return (options.fit_ramp_step_s or RAMP_STEP_S,)


def ramp_saving(timeline: Timeline, lengths: Sequence[int]) -> int:
    """At most how many steps the last of `lengths` saves over the first: every ramp of the
    unrolled timeline in fewer steps (a ramp in a repeat kept as a FIT repeat saves less)."""
    first, last = lengths[0], lengths[-1]
    return sum(
        math.ceil(step.duration_s / first) - math.ceil(step.duration_s / last)
        for step in timeline.steps
        if step.target.kind is TargetKind.RAMP and step.duration_s
    )


def has_ramp_steps(losses: Sequence[Loss]) -> bool:
    """Whether any ramp was written as steps (a longer step would make fewer)."""
    return any(loss.topic == RAMP_TOPIC for loss in losses)


def lengthened(losses: Sequence[Loss], length: int, shorter_count: int, limit: int) -> list[Loss]:
    """The losses, each ramp's saying why its steps are `length` s and not 30 s."""
    why = (
        f" ({length} s steps: in {RAMP_STEP_S} s steps the workout would take "
        f"{shorter_count} FIT steps, more than the limit of {limit})"
    )
    return [
        dataclasses.replace(loss, became=f"{loss.became}{why}")
        if loss.topic == RAMP_TOPIC
        else loss
        for loss in losses
    ]


def step_limit(
    count: int, nested_count: int | bool, options: CompileOptions, losses: Sequence[Loss]
) -> list[Loss]:
    """The warning for a workout of `count` steps, more than `fit_max_steps`, with its
    remedies; `nested_count` is the count with inner repeats kept as FIT repeats (True when
    they already are)."""
    limit = options.fit_max_steps
    loss = Loss(
        LossKind.DEGRADED,
        f"a workout of {count} FIT steps",
        f"a file some head units refuse (more than the limit of {limit} steps)",
        topic="step-limit",
        hint=_remedies(count, nested_count, options, losses),
    )
    return [loss]


def _remedies(
    count: int, nested_count: int | bool, options: CompileOptions, losses: Sequence[Loss]
) -> str:
    """What would make fewer steps, of what applies to this workout, then the limit itself."""
    ways = []
    if has_ramp_steps(losses):
        ramps = f"write each ramp as one range step ({FIT_RAMP_RANGE.api})"
        if (options.fit_ramp_step_s or LONGER_RAMP_STEP_S) < LONGER_RAMP_STEP_S:
            ramps += f" or in longer steps ({FIT_RAMP_LONGER.api})"
        ways.append(ramps)
    if nested_count is not True and nested_count < count:
        ways.append(
            f"keep inner repeats as FIT repeat steps ({FIT_NESTED_REPEATS.api}: "
            f"{nested_count} steps)"
        )
    ways.append(f"for a head unit that takes more, raise the limit ({FIT_MAX_STEPS.api})")
    if len(ways) > 1:
        ways[-1] = f"or, {ways[-1]}"
    return "; ".join(ways)
