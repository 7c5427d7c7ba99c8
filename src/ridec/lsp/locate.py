"""What is written where: the model's nodes by line, and the `$name` under the cursor."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ridec.charts.profile import clock
from ridec.diagnostics import Span
from ridec.limits import UnknownValueError, node_size
from ridec.model import (
    Activation,
    Alternate,
    Cue,
    Exercise,
    Lap,
    Node,
    Param,
    ParamValue,
    Ref,
    Repeat,
    Step,
    Workout,
)

Construct = Node | Cue | Param | Activation | Exercise

_REF = re.compile(r"\$[A-Za-z][A-Za-z0-9_-]*")
_NAME_IN_LET = re.compile(r"let\s+([A-Za-z][A-Za-z0-9_-]*)", re.I)


@dataclass(frozen=True, slots=True)
class Located:
    """A construct and the nodes that enclose it, outermost first."""

    construct: Construct
    ancestors: tuple[Node, ...] = ()
    step: Step | None = None
    """The step a cue belongs to."""


def walk(workout: Workout) -> Iterator[Located]:
    """Every construct with a source line, in source order within each section."""
    for param in workout.params:
        yield Located(param)
    if workout.activation is not None:
        yield Located(workout.activation)
        for exercise in workout.activation.exercises:
            yield Located(exercise)
    yield from _nodes(workout.body, ())


def _nodes(nodes: tuple[Node, ...], ancestors: tuple[Node, ...]) -> Iterator[Located]:
    for node in nodes:
        yield Located(node, ancestors)
        if isinstance(node, Step):
            for cue in node.cues:
                yield Located(cue, (*ancestors, node), node)
        elif isinstance(node, Repeat):
            yield from _nodes(node.body, (*ancestors, node))
        else:
            yield from _nodes(node.children, (*ancestors, node))


def at_line(workout: Workout, text: str, offset: int) -> Located | None:
    """The construct written on the line holding `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    for found in walk(workout):
        span = found.construct.span
        if span is not None and start <= span.start <= end:
            return found
    return None


def ref_at(text: str, offset: int) -> tuple[str, int, int] | None:
    """The `$name` written at `offset` (name, start, end), if any."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    for match in _REF.finditer(text, start, end):
        if match.start() <= offset <= match.end():
            return match.group()[1:], match.start(), match.end()
    return None


def declared_name(param: Param) -> Span | None:
    """The span of the name a `let` line declares."""
    span = param.span
    if span is None or span.source.text is None:
        return span
    match = _NAME_IN_LET.match(span.source.text, span.start, span.end)
    if match is None:
        return span
    return Span(span.source, match.start(1), match.end(1))


def block_end(node: Construct) -> int:
    """The offset just past the last line of a construct's block (its line, for a leaf)."""
    span = node.span
    end = span.end if span is not None else 0
    children: tuple[Construct, ...] = ()
    if isinstance(node, Step):
        children = node.cues
    elif isinstance(node, Repeat):
        children = node.body
    elif isinstance(node, Alternate):
        children = node.children
    elif isinstance(node, Activation):
        children = node.exercises
    return max([end, *(block_end(child) for child in children)])


def seconds(value: int | Lap | Ref, values: Mapping[str, ParamValue]) -> int | Lap | None:
    """A duration or count with references read from `values` (None when unknown)."""
    if isinstance(value, Ref):
        found = values.get(value.name)
        return found if isinstance(found, int) else None
    return value


def node_seconds(node: Node, iteration: int, values: Mapping[str, ParamValue]) -> int | None:
    """How long a node lasts in one iteration of its repeat (lap steps count 0 s); None when
    a count or duration names a parameter without a number.

    Computed from the counts with the compiler's limit arithmetic, never by unrolling: the
    outline of three nested `repeat 500:` costs three multiplications, not 125 million steps.
    An `alternate:` whose lines are still being typed (no children, an error) has no
    duration either.
    """
    if _has_empty_alternate(node):
        return None
    try:
        return node_size(node, iteration, values).seconds
    except UnknownValueError:
        return None


def _has_empty_alternate(node: Node) -> bool:
    if isinstance(node, Step):
        return False
    if isinstance(node, Alternate) and not node.children:
        return True
    children = node.body if isinstance(node, Repeat) else node.children
    return any(_has_empty_alternate(child) for child in children)


MAX_SHOWN_S = 10**9
"""Durations past this (only a workout far over its limits has them) are not spelled out."""


def duration_text(total: int) -> str:
    """A duration as the editor shows it: `1:05:00`, or `more than 277,777 hours`."""
    if total > MAX_SHOWN_S:
        return f"more than {MAX_SHOWN_S // 3600:,} hours"
    return clock(total)
