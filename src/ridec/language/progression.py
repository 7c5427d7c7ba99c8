"""A plan's parameter series: one value per week, written as a list or an `a -> b` progression.

A list gives every week's value (or one value for all weeks). A progression interpolates
linearly from week 1 to the last week; counts and durations (seconds), powers (% or watts)
and cadences (rpm) are rounded half up to whole numbers. Arithmetic is exact (fractions), so
`1 -> 5` over 9 weeks gives 1, 2, 2, 3, 3, ... with no floating-point surprise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction

from ridec.diagnostics import Diagnostic, DiagnosticError, Source, Span, did_you_mean, error
from ridec.language import checks
from ridec.language.values import parse_value_in
from ridec.model import Cadence, ParamKind, ParamValue, Power, Target, TargetKind, Workout
from ridec.records import record

# `->` with a space on either side is the progression. Without spaces, `45%->70%` is one value
# (a ramp); `3->5` or `2m->3m`, which no single value reads, are progressions too.
_SPACED_ARROW = re.compile(r"\s+->\s*|\s*->\s+")
_ARROW = re.compile(r"\s*->\s*")

_UNIT_HINTS = {
    ParamKind.DURATION: "add a unit: `{0}s` or `{0}m`?",
    ParamKind.TARGET: "add a unit: `{0}%` or `{0}w`?",
    ParamKind.CADENCE: "add a unit: `{0}rpm`?",
}


class SeriesForm(StrEnum):
    """How a series is written."""

    LIST = "list"
    """`1, 2, 2, 3`: one value per week, or one value for every week."""
    PROGRESSION = "progression"
    """`3 -> 5`: from the first week's value to the last week's."""


@record
class WrittenValue:
    """One value as written in the plan."""

    kind: ParamKind
    """What kind of value it is."""
    value: ParamValue
    """The value."""
    span: Span
    """Where it is written."""


@record
class Series:
    """The values of one parameter over the weeks."""

    name: str
    """The workout's parameter."""
    form: SeriesForm
    """List or progression."""
    values: tuple[WrittenValue, ...]
    """The values written (a progression's two ends)."""
    name_span: Span
    """The parameter's name."""
    span: Span
    """Everything after the `:`."""


def parse_series_values(
    source: Source, start: int, end: int
) -> tuple[SeriesForm, tuple[WrittenValue, ...], list[Diagnostic]]:
    """values = value ("," value)* | value "->" value"""
    text = (source.text or "")[start:end]
    if "," in text:
        form, cuts = SeriesForm.LIST, _cuts(text, re.compile(r"\s*,\s*"))
    else:
        arrow = (
            _SPACED_ARROW
            if _SPACED_ARROW.search(text) or _one_value(source, start, end)
            else _ARROW
        )
        arrows = list(arrow.finditer(text))
        form = SeriesForm.PROGRESSION if arrows else SeriesForm.LIST
        cuts = _cuts(text, arrow)
        if len(arrows) > 1:
            span = Span(source, start + arrows[1].start(), start + arrows[1].end())
            hint = "a progression has two ends: `3 -> 5`"
            return form, (), [error("a second `->` in the progression", span, hint)]
    values: list[WrittenValue] = []
    problems: list[Diagnostic] = []
    for low, high in cuts:
        try:
            (kind, value), found = parse_value_in(source, start + low, start + high)
        except DiagnosticError as exc:
            problems.extend(exc.diagnostics)
            continue
        problems.extend(found)
        values.append(WrittenValue(kind, value, Span(source, start + low, start + high)))
    return form, tuple(values), problems


def _one_value(source: Source, start: int, end: int) -> bool:
    """Whether the text reads as a single value (a ramp such as `45%->70%`)."""
    try:
        parse_value_in(source, start, end)
    except DiagnosticError:
        return False
    return True


def _cuts(text: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """The (start, end) of each piece of `text` between separators, spaces trimmed."""
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in [*separator.finditer(text), None]:
        stop = match.start() if match else len(text)
        pieces.append((position, stop))
        position = match.end() if match else len(text)
    return pieces


def expand_series(
    series: Sequence[Series], workout: Workout, weeks: int, problems: list[Diagnostic]
) -> list[dict[str, ParamValue]] | None:
    """Each week's values, or None when a series is wrong for this workout (reported)."""
    declared = {param.name: param.kind for param in workout.params}
    columns: list[tuple[str, list[ParamValue]]] = []
    for one in series:
        column = _column(one, declared, weeks, workout)
        if isinstance(column, Diagnostic):
            problems.append(column)
        else:
            columns.append((one.name, column))
    if len(columns) < len(series):
        return None
    return [{name: column[week] for name, column in columns} for week in range(weeks)]


def _column(
    series: Series, declared: dict[str, ParamKind], weeks: int, workout: Workout
) -> list[ParamValue] | Diagnostic:
    """One parameter's value for every week, or the problem that prevents it."""
    if series.name not in declared:
        return _undeclared(series, declared, workout)
    kind = declared[series.name]
    for written in series.values:
        if written.kind is not kind:
            return _wrong_kind(series.name, kind, written)
    values = [written.value for written in series.values]
    if series.form is SeriesForm.PROGRESSION:
        return _progression(series, kind, weeks)
    if len(values) == 1:
        return values * weeks
    if len(values) != weeks:
        message = f"`{series.name}` has {len(values)} values, but the plan lasts {weeks} weeks"
        hint = "give one value per week, one value for every week, or a progression `a -> b`"
        return error(message, series.span, hint)
    return values


def _undeclared(series: Series, declared: dict[str, ParamKind], workout: Workout) -> Diagnostic:
    name = workout.span.source.path if workout.span else workout.header.name
    message = f"`{name}` declares no parameter `{series.name}`"
    hint = did_you_mean(series.name, declared)
    if hint is None:
        listed = ", ".join(f"`{p}`" for p in declared)
        hint = f"its parameters are {listed}" if declared else "it declares no parameters (`let`)"
    return error(message, series.name_span, hint)


def _wrong_kind(name: str, kind: ParamKind, written: WrittenValue) -> Diagnostic:
    text = checks.written(written.span)
    message = (
        f"`{name}` is {checks.KIND_NAMES[kind]}, but `{text}` is {checks.KIND_NAMES[written.kind]}"
    )
    hint = None
    if written.kind is ParamKind.COUNT and kind in _UNIT_HINTS:
        hint = _UNIT_HINTS[kind].format(text)
    return error(message, written.span, hint)


def _progression(series: Series, kind: ParamKind, weeks: int) -> list[ParamValue] | Diagnostic:
    if len(series.values) != 2:
        return error("a progression needs two values: `3 -> 5`", series.span)
    if weeks < 2:
        hint = "write one value: a one-week plan has nothing to progress over"
        return error("a progression needs at least two weeks", series.span, hint)
    first, last = series.values[0].value, series.values[1].value
    fractions = [Fraction(week, weeks - 1) for week in range(weeks)]
    if isinstance(first, Target) and isinstance(last, Target):
        problem = _target_problem(first, last, series.span)
        if problem is not None:
            return problem
        return [_target_at(first, last, f) for f in fractions]
    if isinstance(first, Cadence) and isinstance(last, Cadence):
        low, high = (first.low, last.low), (first.high, last.high)
        return [Cadence(half_up(_lerp(*low, f)), half_up(_lerp(*high, f))) for f in fractions]
    assert isinstance(first, int) and isinstance(last, int), kind
    return [half_up(_lerp(first, last, f)) for f in fractions]


def half_up(value: Fraction) -> int:
    """Round to the nearest whole number, halves up (2.5 -> 3)."""
    return math.floor(value + Fraction(1, 2))


def _lerp(first: float, last: float, fraction: Fraction) -> Fraction:
    start = Fraction(first)
    return start + (Fraction(last) - start) * fraction


def _target_problem(first: Target, last: Target, span: Span) -> Diagnostic | None:
    """Only targets of one shape and one unit progress; zones, free and max stay as they are."""
    if first.kind is not last.kind:
        hint = "both ends need the same shape: two powers, two ranges or two ramps"
        return error(f"cannot progress from a {first.kind} target to a {last.kind}", span, hint)
    if first.unit is not last.unit:
        hint = "use one unit at both ends"
        return error("cannot progress between % of FTP and watts", span, hint)
    if (first.zone is not None or last.zone is not None) and first != last:
        hint = "write the ranges instead, such as `56-75% -> 76-90%`"
        return error("zones cannot progress", span, hint)
    if first.kind in (TargetKind.FREE, TargetKind.MAX) and first != last:
        return error("free and max have no number to progress", span)
    return None


def _target_at(first: Target, last: Target, fraction: Fraction) -> Target:
    if first == last or first.low is None or last.low is None:
        return first
    low = _power_at(first.low, last.low, fraction)
    high = None
    if first.high is not None and last.high is not None:
        high = _power_at(first.high, last.high, fraction)
    return Target(first.kind, low, high)


def _power_at(first: Power, last: Power, fraction: Fraction) -> Power:
    return Power(half_up(_lerp(first.value, last.value, fraction)), first.unit)
