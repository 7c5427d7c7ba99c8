"""Make a workout read from another tool's file expressible in the `.ride` language.

Other tools allow what the language refuses: Zwift shows two texts at the same second, and a
FIT step's notes may hold several messages for its start. Each such case is turned into the
nearest thing the language can say, and reported, so an import always prints source that
compiles back to the same timeline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ridec.diagnostics import Diagnostic, warning
from ridec.model import Alternate, Cue, Node, Repeat, Step, Workout

JOINER = " / "
"""Between texts that were shown at the same second."""


def normalize(workout: Workout) -> tuple[Workout, list[Diagnostic]]:
    """The workout with simultaneous cues merged, and a warning for each merge."""
    found: list[Diagnostic] = []
    body = _map_steps(workout.body, lambda step: _merge_cues(step, found))
    if not found:
        return workout, found
    return dataclasses.replace(workout, body=body), found


def _map_steps(nodes: tuple[Node, ...], change: Callable[[Step], Step]) -> tuple[Node, ...]:
    return tuple(_map_node(node, change) for node in nodes)


def _map_node(node: Node, change: Callable[[Step], Step]) -> Node:
    if isinstance(node, Step):
        return change(node)
    if isinstance(node, Repeat):
        return dataclasses.replace(node, body=_map_steps(node.body, change))
    return Alternate(_map_steps(node.children, change), node.span)


def _merge_cues(step: Step, found: list[Diagnostic]) -> Step:
    merged: dict[tuple[bool, object], Cue] = {}
    for cue in step.cues:
        key = (cue.from_end, cue.offset)
        first = merged.get(key)
        if first is None:
            merged[key] = cue
            continue
        merged[key] = dataclasses.replace(first, text=first.text + JOINER + cue.text)
        found.append(_merged_warning(first, cue))
    if len(merged) == len(step.cues):
        return step
    return dataclasses.replace(step, cues=tuple(merged.values()))


def _merged_warning(first: Cue, second: Cue) -> Diagnostic:
    message = (
        f"texts {first.text!r} and {second.text!r} show at the same second; "
        f"they become one cue joined by {JOINER.strip()!r}"
    )
    return warning(message, second.span or first.span)
