"""Parameter binding: `$name` references replaced by values (defaults, `--set`, plan weeks).

Overrides are read with the same value grammar as `let` lines, checked against the declared
kind, then every reference is substituted and the checks that depend on values run again
(a shorter `$on` can push a cue outside its step), reporting spans in the source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TypeVar, cast

from ridec.diagnostics import (
    Diagnostic,
    DiagnosticError,
    Source,
    Span,
    did_you_mean,
    error,
    has_errors,
)
from ridec.language import checks
from ridec.language.values import parse_value_in
from ridec.limits import require_within_limits
from ridec.mentions import PARAMS_ORIGIN
from ridec.model import (
    Cadence,
    Cue,
    Node,
    Param,
    ParamKind,
    ParamValue,
    Ref,
    Repeat,
    Step,
    Target,
    Workout,
)

_V = TypeVar("_V")

Override = str | ParamValue
"""An override as text (`"3m"`, parsed) or as a value already made (a plan's interpolation)."""

_UNIT_HINTS = {
    ParamKind.DURATION: "add a unit: `{0}s` or `{0}m`?",
    ParamKind.TARGET: "add a unit: `{0}%` or `{0}w`?",
    ParamKind.CADENCE: "add a unit: `{0}rpm`?",
}


def parse_value(text: str, path: str = "<value>") -> tuple[ParamKind, ParamValue]:
    """Read one value (`3`, `2m`, `80%`, `z2`, `90rpm` ...) and say which kind it is."""
    value, problems = parse_value_in(Source(path, text), 0, len(text))
    if has_errors(problems):
        raise DiagnosticError(checks.sorted_problems(problems))
    return value


def bind(
    workout: Workout,
    overrides: Mapping[str, Override] | None = None,
    *,
    origin: str = PARAMS_ORIGIN.api,
) -> Workout:
    """The workout with every reference replaced: overrides first, then `let` defaults.

    `origin` names the override in messages (`<params>`, which the commands print as
    `--set`, or a plan file). Raises DiagnosticError
    with every problem: unknown names, wrong kinds, and value checks that fail once bound.
    """
    params = {param.name: param for param in workout.params}
    values = {name: param.value for name, param in params.items()}
    problems: list[Diagnostic] = []
    for name, given in (overrides or {}).items():
        value = _override(name, given, params, origin, problems)
        if value is not None:
            values[name] = value
    problems += checks.check_references(workout) + checks.check_alternates(workout.body)
    if problems:
        raise DiagnosticError(checks.sorted_problems(problems))
    problems += checks.check_bound(workout, values)
    if problems:
        raise DiagnosticError(checks.sorted_problems(problems))
    bound = substitute(workout, values)
    require_within_limits(bound)
    return bound


def _override(
    name: str,
    given: Override,
    params: Mapping[str, Param],
    origin: str,
    problems: list[Diagnostic],
) -> ParamValue | None:
    text = given if isinstance(given, str) else _describe(given)
    source = Source(origin, f"{name}={text}")
    if name not in params:
        hint = did_you_mean(name, params) or _declared(params)
        problems.append(error(f"unknown parameter `{name}`", Span(source, 0, len(name)), hint))
        return None
    declared = params[name]
    if not isinstance(given, str):
        return _checked_value(declared, given, source, problems)
    try:
        (kind, value), found = parse_value_in(source, len(name) + 1, len(source.text or ""))
    except DiagnosticError as exc:
        problems.extend(exc.diagnostics)
        return None
    problems.extend(found)
    if kind is not declared.kind:
        problems.append(
            _wrong_kind(declared, kind, text, Span(source, len(name) + 1, len(source.text or "")))
        )
        return None
    return value


def _checked_value(
    param: Param, value: ParamValue, source: Source, problems: list[Diagnostic]
) -> ParamValue | None:
    """A value made by a program (a plan's interpolation) is checked like a written one."""
    span = Span(source, len(param.name) + 1, len(source.text or ""))
    if param.kind is ParamKind.TARGET and isinstance(value, Target):
        return value
    if param.kind is ParamKind.CADENCE and isinstance(value, Cadence):
        problems += [
            p
            for p in (
                checks.cadence_problem(value.low, span),
                checks.cadence_problem(value.high, span),
            )
            if p
        ]
        return value
    if isinstance(value, int) and param.kind is ParamKind.DURATION:
        problems += [p for p in [checks.duration_problem(value, span)] if p]
        return value
    if isinstance(value, int) and param.kind is ParamKind.COUNT:
        problems += [p for p in [checks.count_problem(value, span)] if p]
        return value
    problems.append(error(f"`{param.name}` needs {checks.KIND_NAMES[param.kind]}", span))
    return None


def _describe(value: ParamValue) -> str:
    from ridec.language.printer import format_value

    return format_value(value)


def _declared(params: Mapping[str, Param]) -> str:
    if not params:
        return "this workout declares no parameters (`let NAME = VALUE`)"
    return "its parameters are " + ", ".join(f"`{name}`" for name in params)


def _wrong_kind(param: Param, kind: ParamKind, text: str, span: Span) -> Diagnostic:
    message = (
        f"`{param.name}` is {checks.KIND_NAMES[param.kind]}, "
        f"but `{text}` is {checks.KIND_NAMES[kind]}"
    )
    hint = None
    if kind is ParamKind.COUNT and param.kind in _UNIT_HINTS:
        hint = _UNIT_HINTS[param.kind].format(text)
    return error(message, span, hint)


def substitute(workout: Workout, values: Mapping[str, ParamValue]) -> Workout:
    """Replace every reference whose name has a value (others stay, for partial checks)."""
    params = tuple(replace(p, value=values.get(p.name, p.value)) for p in workout.params)
    body = _nodes(workout.body, values)
    return replace(workout, params=params, body=body)


def _nodes(nodes: Sequence[Node], values: Mapping[str, ParamValue]) -> tuple[Node, ...]:
    return tuple(_node(node, values) for node in nodes)


def _node(node: Node, values: Mapping[str, ParamValue]) -> Node:
    if isinstance(node, Step):
        return _step(node, values)
    if isinstance(node, Repeat):
        return replace(node, count=_get(node.count, values, int), body=_nodes(node.body, values))
    return replace(node, children=_nodes(node.children, values))


def _step(step: Step, values: Mapping[str, ParamValue]) -> Step:
    cues = tuple(_cue(cue, values) for cue in step.cues)
    return replace(
        step,
        duration=_get(step.duration, values, int),
        target=_get(step.target, values, Target),
        cadence=_get(step.cadence, values, Cadence),
        cues=cues,
    )


def _cue(cue: Cue, values: Mapping[str, ParamValue]) -> Cue:
    return replace(
        cue, offset=_get(cue.offset, values, int), duration=_get(cue.duration, values, int)
    )


def _get(value: _V, values: Mapping[str, ParamValue], wanted: type | tuple[type, ...]) -> _V:
    """The value a reference stands for, when it has one of the `wanted` type."""
    if isinstance(value, Ref) and isinstance(values.get(value.name), wanted):
        return cast(_V, values[value.name])
    return value
