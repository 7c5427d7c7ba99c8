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
from ridec.model import (
    FREE,
    Alternate,
    Cue,
    Node,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)

JOINER = " / "
"""Between texts that were shown at the same second."""


LIMITS: dict[PowerUnit, tuple[float, float]] = {
    PowerUnit.PERCENT: (0.1, 999.9),
    PowerUnit.WATTS: (1.0, 3000.0),
}
"""The powers the language can write, per unit (it refuses 0 and 1000 % or more)."""


def normalize(workout: Workout) -> tuple[Workout, list[Diagnostic]]:
    """The workout made expressible, with a warning for each change."""
    found: list[Diagnostic] = []
    body = _map_steps(workout.body, lambda step: _fit_target(_merge_cues(step, found), found))
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


def _fit_target(step: Step, found: list[Diagnostic]) -> Step:
    """A zero steady power becomes a free ride; other powers out of range are clamped."""
    target = step.target
    if not isinstance(target, Target) or target.low is None or target.zone is not None:
        return step
    if target.kind is TargetKind.STEADY and target.low.value == 0:
        found.append(warning("a 0 W target becomes a free ride (no target)", step.span))
        return dataclasses.replace(step, target=FREE)
    low, high = _clamp(target.low), _clamp(target.high)
    if (low, high) == (target.low, target.high):
        return step
    bad = [p for p in (target.low, target.high) if p is not None and _clamp(p) != p]
    shown = ", ".join(f"{p.value:g}{p.unit}" for p in bad)
    limits = LIMITS[bad[0].unit]
    message = f"power {shown} is outside {limits[0]:g}-{limits[1]:g}{bad[0].unit} and is clamped"
    found.append(warning(message, step.span))
    return dataclasses.replace(step, target=dataclasses.replace(target, low=low, high=high))


def _clamp(power: Power | None) -> Power | None:
    if power is None:
        return None
    bottom, top = LIMITS[power.unit]
    return Power(min(max(power.value, bottom), top), power.unit)


def _merged_warning(first: Cue, second: Cue) -> Diagnostic:
    message = (
        f"texts {first.text!r} and {second.text!r} show at the same second; "
        f"they become one cue joined by {JOINER.strip()!r}"
    )
    return warning(message, second.span or first.span)
