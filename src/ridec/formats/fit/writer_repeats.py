"""Fold the timeline's unrolled repeats back into FIT repeat steps, and number the steps.

The timeline tells for each step which repeat iterations it came from (`frames`). Iterations
are compared by the FIT steps they became: when they repeat with a period (all equal, or an
`alternate` of 2 inside a repeat of 4), the period becomes the block of one repeat step and
any leftover iterations follow it; when they differ throughout (`{i}` in a label), they are
unrolled, which is exact, only longer. Inner repeats are unrolled inside a kept repeat unless
nested repeats are asked for (some head units do not follow nested repeat steps).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ridec.formats.fit.writer_steps import FitStep
from ridec.records import record
from ridec.timeline import Frame


class Unit(NamedTuple):
    """One FIT step with the repeat iterations of the timeline step it came from."""

    step: FitStep
    """The step."""
    frames: tuple[Frame, ...]
    """Enclosing repeat iterations, outermost first."""


@record
class FitRepeat:
    """A block followed by a repeat step: the block runs `count` times."""

    body: tuple[FitNode, ...]
    """The repeated steps (and, with nested repeats, inner repeats)."""
    count: int
    """Total number of times the block runs."""


FitNode = FitStep | FitRepeat


@record
class RepeatStep:
    """The numbered form of a repeat: go back to `first_index` until `count` runs are done."""

    first_index: int
    """message_index of the block's first step."""
    count: int
    """Total number of runs of the block."""


def fold_repeats(units: Sequence[Unit], nested: bool) -> tuple[FitNode, ...]:
    """Steps and repeats whose expansion is exactly the steps of `units`, in order."""
    if not any(unit.frames for unit in units):
        return tuple(unit.step for unit in units)
    return tuple(_fold(units, 0, nested, may_repeat=True))


def _fold(units: Sequence[Unit], depth: int, nested: bool, may_repeat: bool) -> Iterator[FitNode]:
    for run in _runs(units, depth):
        if len(run[0].frames) <= depth or not may_repeat:
            yield from (unit.step for unit in run)
        else:
            yield from _fold_run(run, depth, nested)


def _fold_run(run: Sequence[Unit], depth: int, nested: bool) -> Iterator[FitNode]:
    """One repeat's units: unrolled, or a repeat of its smallest period with the iterations
    that do not fit the period unrolled before and after it."""
    iterations = _iterations(run, depth)
    lead, period, runs = _plan([tuple(unit.step for unit in it) for it in iterations])
    if runs < 2:
        for iteration in iterations:
            yield from _fold(iteration, depth + 1, nested, may_repeat=True)
        return
    for iteration in iterations[:lead]:
        yield from _fold(iteration, depth + 1, nested, may_repeat=True)
    body = tuple(
        node
        for iteration in iterations[lead : lead + period]
        for node in _fold(iteration, depth + 1, nested, may_repeat=nested)
    )
    yield FitRepeat(body, runs)
    for iteration in iterations[lead + runs * period :]:
        yield from _fold(iteration, depth + 1, nested, may_repeat=True)


def _plan(iterations: Sequence[tuple[FitStep, ...]]) -> tuple[int, int, int]:
    """(lead, period, runs) giving the fewest steps: `lead` iterations unrolled, then
    `period` iterations repeated `runs` times, then the rest unrolled.

    A lead or a tail of one iteration is tried because that is how iterations usually
    differ: a block label with `{i}` of an outer repeat on the first, a last-one cue.
    """
    total = sum(len(it) for it in iterations)
    best, fewest = (0, len(iterations), 1), total
    for lead in (0, 1):
        for tail in (0, 1):
            middle = iterations[lead : len(iterations) - tail]
            if len(middle) < 2:
                continue
            period = _smallest_period(middle)
            runs = len(middle) // period
            saved = (runs - 1) * sum(len(it) for it in middle[:period]) - 1
            if runs >= 2 and total - saved < fewest:
                best, fewest = (lead, period, runs), total - saved
    return best


def _runs(units: Sequence[Unit], depth: int) -> Iterator[Sequence[Unit]]:
    """Consecutive units from the same repeat at `depth`; units outside any come alone."""
    keys = [unit.frames[depth].key if len(unit.frames) > depth else None for unit in units]
    start = 0
    for end in range(1, len(units) + 1):
        key = keys[start]
        if end == len(units) or key is None or keys[end] != key:
            yield units[start:end]
            start = end


def _iterations(run: Sequence[Unit], depth: int) -> list[Sequence[Unit]]:
    """The run split where the iteration number at `depth` changes."""
    parts: list[Sequence[Unit]] = []
    start = 0
    for end in range(1, len(run) + 1):
        if end == len(run) or run[end].frames[depth] != run[start].frames[depth]:
            parts.append(run[start:end])
            start = end
    return parts


def _smallest_period(items: Sequence[tuple[FitStep, ...]]) -> int:
    """The smallest p with items[i] == items[i % p] for every i."""
    for period in range(1, len(items)):
        if all(items[i] == items[i % period] for i in range(period, len(items))):
            return period
    return max(1, len(items))


def number_steps(nodes: Sequence[FitNode]) -> list[FitStep | RepeatStep]:
    """The workout_step messages in order: message_index is the position in this list."""
    numbered: list[FitStep | RepeatStep] = []
    _number(nodes, numbered)
    return numbered


def _number(nodes: Sequence[FitNode], out: list[FitStep | RepeatStep]) -> None:
    for node in nodes:
        if isinstance(node, FitStep):
            out.append(node)
            continue
        first = len(out)
        _number(node.body, out)
        out.append(RepeatStep(first, node.count))


def expand(nodes: Sequence[FitNode]) -> list[FitStep]:
    """The steps a rider goes through, repeats expanded (the inverse of `fold_repeats`)."""
    steps: list[FitStep] = []
    for node in nodes:
        if isinstance(node, FitStep):
            steps.append(node)
        else:
            steps.extend(expand(node.body) * node.count)
    return steps
