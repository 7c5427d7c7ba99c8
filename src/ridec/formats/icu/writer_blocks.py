"""The timeline's repeats folded back into intervals.icu sections.

intervals.icu has one level of repeats: a block under `Title 4x` (or a bare `4x`), or a
one-line `- 4x 30s 120%`. The timeline says for each step which repeat iterations it came
from (`frames`); a top-level repeat whose iterations write the same lines becomes a block,
its label its title (`"Main Set {i}/{n}"` is `Main Set 4x`, which intervals.icu numbers the
same way); repeats inside it are written out (intervals.icu does not nest them, a reported
loss). A repeat whose iterations differ (`{i}` in a step's text) is written out, which is
exact, only longer; an unlabelled one whose iterations repeat with a period (an `alternate`
of two in a repeat of four) becomes a block of that period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from ridec.records import record
from ridec.timeline import Frame, TimelineStep

LineOf = Callable[[TimelineStep, int], str]
"""A step's line, leaving out its first N block cues (those a block's title says)."""
Titled = Callable[[Frame, str | None, int], str | None]
"""The title line of a block of `count` runs of a repeat, or None when the repeat needs
none (an unlabelled repeat once); given the repeat's first iteration's block cue."""


@record
class Block:
    """Lines under a title, or top-level steps (title None)."""

    title: str | None
    """The title line, `Main Set 4x` or `4x` or a plain title; None for top-level steps."""
    lines: tuple[str, ...]
    """The step lines."""


@record
class Nested:
    """A repeat written out inside a block: what the writer reports."""

    step: TimelineStep
    """The first step it covers."""
    count: int
    """How many times it ran."""


def fold(
    steps: Sequence[TimelineStep], line_of: LineOf, titled: Titled
) -> tuple[list[Block], list[Nested]]:
    """The blocks whose steps are exactly `steps`, in order, and the repeats written out
    inside blocks."""
    blocks: list[Block] = []
    nested: list[Nested] = []
    for run in _runs(steps):
        if not run[0].frames:
            blocks.append(Block(None, tuple(line_of(step, 0) for step in run)))
        else:
            blocks.extend(_repeat(run, line_of, titled, nested))
    return _merged(blocks), nested


def _repeat(
    run: Sequence[TimelineStep], line_of: LineOf, titled: Titled, nested: list[Nested]
) -> Iterator[Block]:
    outer = run[0].frames[0]
    iterations = _iterations(run)
    skip = 1 if outer.label is not None else 0
    lines = [tuple(line_of(s, skip if s is it[0] else 0) for s in it) for it in iterations]
    if len(iterations) != outer.count:
        yield _written_out(iterations, line_of)
        return
    if all(it == lines[0] for it in lines):
        nested.extend(_inner(iterations[0]))
        yield from _block(outer, lines[0], len(lines), titled, iterations[0][0])
        return
    period = _smallest_period(lines)
    if outer.label is None and period < len(lines) and len(lines) % period == 0:
        nested.extend(n for it in iterations[:period] for n in _inner(it))
        body = tuple(line for it in lines[:period] for line in it)
        yield Block(titled(outer, None, len(lines) // period), body)
        return
    yield _written_out(iterations, line_of)


def _block(
    outer: Frame, lines: tuple[str, ...], count: int, titled: Titled, first: TimelineStep
) -> Iterator[Block]:
    cue = next((c.text for c in first.cues if c.offset_s == 0 and c.kind.value == "block"), None)
    title = titled(outer, cue, count)
    if title is None:
        yield Block(None, lines)
    elif outer.label is None and len(lines) == 1 and count > 1:
        yield Block(None, (one_line_repeat(lines[0], count),))
    else:
        yield Block(title, lines)


def one_line_repeat(line: str, count: int) -> str:
    """`- 30s 120%` repeated: `- 4x 30s 120%`."""
    return f"- {count}x {line[2:]}"


def _written_out(iterations: Sequence[Sequence[TimelineStep]], line_of: LineOf) -> Block:
    return Block(None, tuple(line_of(step, 0) for it in iterations for step in it))


def _inner(iteration: Sequence[TimelineStep]) -> Iterator[Nested]:
    """Each inner repeat of one iteration, once, at its first step."""
    seen: set[tuple[int, int]] = set()
    for step in iteration:
        for depth, frame in enumerate(step.frames[1:], start=1):
            key = (depth, frame.key)
            if key not in seen:
                seen.add(key)
                yield Nested(step, frame.count)


def _runs(steps: Sequence[TimelineStep]) -> Iterator[Sequence[TimelineStep]]:
    """Consecutive steps of one top-level repeat, or of none."""
    start = 0
    for end in range(1, len(steps) + 1):
        if end == len(steps) or _outer_key(steps[end]) != _outer_key(steps[start]):
            yield steps[start:end]
            start = end


def _outer_key(step: TimelineStep) -> int | None:
    return step.frames[0].key if step.frames else None


def _iterations(run: Sequence[TimelineStep]) -> list[Sequence[TimelineStep]]:
    """The run split where the top-level iteration changes."""
    parts: list[Sequence[TimelineStep]] = []
    start = 0
    for end in range(1, len(run) + 1):
        if end == len(run) or run[end].frames[0] != run[start].frames[0]:
            parts.append(run[start:end])
            start = end
    return parts


def _smallest_period(items: Sequence[tuple[str, ...]]) -> int:
    """The smallest p with items[i] == items[i % p] for every i."""
    for period in range(1, len(items)):
        if all(items[i] == items[i % period] for i in range(period, len(items))):
            return period
    return max(1, len(items))


def _merged(blocks: list[Block]) -> list[Block]:
    """Consecutive top-level step blocks joined into one."""
    merged: list[Block] = []
    for block in blocks:
        if merged and block.title is None and merged[-1].title is None:
            merged[-1] = Block(None, merged[-1].lines + block.lines)
        else:
            merged.append(block)
    return merged
