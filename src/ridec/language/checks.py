"""Semantic checks: value ranges, parameter references, block rules and cue timing.

Value ranges are checked where a value is read (the token's span is known there). The model
checks walk the tree: `check_references` on the unbound model, `check_bound` on a model with
every parameter substituted, reporting spans in the source the nodes came from.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from ridec.diagnostics import Diagnostic, Span, did_you_mean, error
from ridec.limits import FTP_RANGE
from ridec.model import (
    Alternate,
    Cue,
    Lap,
    Node,
    ParamKind,
    ParamValue,
    Power,
    PowerUnit,
    Ref,
    Repeat,
    Step,
    Workout,
    format_duration,
)
from ridec.records import record

MAX_DURATION_S = 24 * 3600
"""The longest step (and the latest cue offset)."""
PERCENT_LIMIT = 1000.0
"""% of FTP must stay below this."""
WATTS_RANGE = (1, 3000)
CADENCE_RANGE = (20, 250)
COUNT_RANGE = (0, 500)

KIND_NAMES = {
    ParamKind.DURATION: "a duration",
    ParamKind.TARGET: "a target",
    ParamKind.CADENCE: "a cadence",
    ParamKind.COUNT: "a count",
}
"""How messages name each kind of value."""


def written(span: Span) -> str:
    """The source text under a span."""
    return (span.source.text or "")[span.start : span.end]


def duration_problem(seconds: int, span: Span, *, offset: bool = False) -> Diagnostic | None:
    """A step lasts 1 s to 24 h; an offset may also be 0."""
    lowest = 0 if offset else 1
    if lowest <= seconds <= MAX_DURATION_S:
        return None
    what = "a cue offset" if offset else "a duration"
    hint = "the longest is 24h" if seconds > MAX_DURATION_S else "the shortest is 1s"
    return error(f"`{written(span)}` is out of range: {what} is {lowest}s to 24h", span, hint)


def power_problem(power: Power, span: Span) -> Diagnostic | None:
    """% FTP above 0 and below 1000; watts 1 to 3000."""
    if power.unit is PowerUnit.PERCENT:
        if 0 < power.value < PERCENT_LIMIT:
            return None
        return error(f"`{written(span)}` is out of range: % of FTP is above 0 and below 1000", span)
    low, high = WATTS_RANGE
    if low <= power.value <= high:
        return None
    return error(f"`{written(span)}` is out of range: watts are {low} to {high}", span)


def cadence_problem(rpm: int, span: Span) -> Diagnostic | None:
    """Cadence 20 to 250 rpm."""
    low, high = CADENCE_RANGE
    if low <= rpm <= high:
        return None
    return error(f"`{written(span)}` is out of range: cadence is {low} to {high} rpm", span)


def count_problem(count: int, span: Span) -> Diagnostic | None:
    """A repeat count 0 to 500."""
    low, high = COUNT_RANGE
    if low <= count <= high:
        return None
    return error(f"`{written(span)}` is out of range: a count is {low} to {high}", span)


def ftp_problem(ftp: int, span: Span) -> Diagnostic | None:
    """FTP 50 to 2000 W."""
    low, high = FTP_RANGE
    if low <= ftp <= high:
        return None
    return error(f"`{written(span)}` is out of range: FTP is {low} to {high} watts", span)


def range_problem(low: float, high: float, span: Span, unit: str) -> Diagnostic | None:
    """A range goes up: its low end is below its high end."""
    if low < high:
        return None
    if low == high:
        hint = f"for one value write `{_number(low)}{unit}`"
    else:
        hint = f"write `{_number(high)}-{_number(low)}{unit}`"
    return error(f"the range `{written(span)}` must go from low to high", span, hint)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def sorted_problems(problems: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Problems in source order, each once."""
    unique: dict[tuple[str, int, str], Diagnostic] = {}
    for problem in problems:
        span = problem.span
        path, start = (span.source.path, span.start) if span else (problem.path or "", -1)
        unique.setdefault((path, start, problem.message), problem)
    return [unique[key] for key in sorted(unique)]


# --- checks on the model -------------------------------------------------------------------


def head(span: Span) -> Span:
    """The first word of a span (a line's keyword, a cue's `@offset`)."""
    text = span.source.text or ""
    end = span.start
    while end < span.end and not text[end].isspace() and text[end] != '"':
        end += 1
    if end - span.start > 1 and text[end - 1] == ":":
        end -= 1
    return Span(span.source, span.start, max(end, span.start + 1))


def check_references(workout: Workout, broken: Collection[str] = ()) -> list[Diagnostic]:
    """Every `$name` is declared, with a value of the kind its place needs.

    Names in `broken` have a `let` line already reported as wrong: their uses are not.
    """
    kinds = {param.name: param.kind for param in workout.params}
    problems = []
    for ref, kind in _refs(workout.body):
        if ref.name in broken:
            continue
        if ref.name not in kinds:
            hint = did_you_mean(ref.name, kinds) or "declare it first: `let NAME = VALUE`"
            problems.append(error(f"`${ref.name}` is not declared", ref.span, hint))
        elif kinds[ref.name] is not kind:
            message = (
                f"`${ref.name}` is {KIND_NAMES[kinds[ref.name]]}, "
                f"but {KIND_NAMES[kind]} is needed here"
            )
            problems.append(error(message, ref.span, f"use {KIND_NAMES[kind]} parameter or value"))
    return problems


def _refs(nodes: Sequence[Node]) -> Iterator[tuple[Ref, ParamKind]]:
    for node in nodes:
        if isinstance(node, Step):
            yield from _step_refs(node)
        elif isinstance(node, Repeat):
            if isinstance(node.count, Ref):
                yield node.count, ParamKind.COUNT
            yield from _refs(node.body)
        else:
            yield from _refs(node.children)


def _step_refs(step: Step) -> Iterator[tuple[Ref, ParamKind]]:
    slots = [
        (step.duration, ParamKind.DURATION),
        (step.target, ParamKind.TARGET),
        (step.cadence, ParamKind.CADENCE),
    ]
    for cue in step.cues:
        slots += [(cue.offset, ParamKind.DURATION), (cue.duration, ParamKind.DURATION)]
    for value, kind in slots:
        if isinstance(value, Ref):
            yield value, kind


def check_alternates(nodes: Sequence[Node], in_repeat: bool = False) -> list[Diagnostic]:
    """An `alternate` takes turns between a repeat's iterations, so it must be inside one."""
    problems = []
    for node in nodes:
        if isinstance(node, Alternate):
            if not in_repeat and node.span is not None:
                hint = "put it inside a `repeat`: iteration i takes child (i-1) mod k"
                message = "`alternate` outside every repeat has no iterations to alternate"
                problems.append(error(message, head(node.span), hint))
            problems += check_alternates(node.children, in_repeat)
        elif isinstance(node, Repeat):
            problems += check_alternates(node.body, True)
    return problems


def check_bound(
    workout: Workout, values: Mapping[str, ParamValue], *, empty: bool = True
) -> list[Diagnostic]:
    """Checks that need values: cues inside their steps, one cue per second, something to do.

    References are read from `values` (defaults, or overrides) so the messages can name the
    parameter; references without a value are skipped (reported elsewhere). `empty=False`
    leaves out the check that some step remains, for a file whose other errors may have
    dropped its steps.
    """
    bound = _Values(values)
    problems = [p for step in _steps(workout.body) for p in bound.check_cues(step)]
    # A workout that is only the activation routine (off the bike) is whole: no step to ride.
    routine_only = not workout.body and workout.activation is not None
    if empty and not routine_only and not any(True for _ in bound.emitted(workout.body, 1)):
        problems.append(_vanished(workout, bound))
    return problems


def _steps(nodes: Sequence[Node]) -> Iterator[Step]:
    for node in nodes:
        if isinstance(node, Step):
            yield node
        else:
            yield from _steps(node.body if isinstance(node, Repeat) else node.children)


@record
class _Values:
    """Parameter values, and the checks that read through references with them."""

    values: Mapping[str, ParamValue]

    def seconds(self, value: int | Lap | Ref) -> int | Lap | None:
        """A bound duration, offset or count; None for a reference without a value."""
        if isinstance(value, Ref):
            found = self.values.get(value.name)
            return found if isinstance(found, int) else None
        return value

    def check_cues(self, step: Step) -> list[Diagnostic]:
        problems: list[Diagnostic] = []
        seen: dict[int, Cue] = {}
        for cue in step.cues:
            at_s = self.cue_time(step, cue, problems)
            if at_s is None:
                continue
            if at_s in seen:
                problems.append(_same_second(cue, seen[at_s], at_s))
            seen.setdefault(at_s, cue)
        return problems

    def cue_time(self, step: Step, cue: Cue, problems: list[Diagnostic]) -> int | None:
        """Seconds from the step's start to the cue, or None (reported, or not known)."""
        offset = self.seconds(cue.offset)
        duration = self.seconds(step.duration)
        if not isinstance(offset, int) or offset > MAX_DURATION_S or duration is None:
            return None  # unknown, or out of range and reported where it is written
        if isinstance(duration, Lap):
            if cue.from_end:
                hint = "a lap step has no known end; count from its start: `@0:30`"
                message = "a cue counted from the end of a `lap` step"
                problems.append(error(message, _cue_head(cue), hint))
                return None
            return offset
        at_s = duration - offset if cue.from_end else offset
        if 0 <= at_s < duration:
            return at_s
        problems.append(_outside(cue, offset, duration, step.duration, _cue_head(cue)))
        return None

    def emitted(self, nodes: Sequence[Node], iteration: int) -> Iterator[Step]:
        """The steps the nodes produce (lazily: enough to tell whether there are any)."""
        for node in nodes:
            if isinstance(node, Step):
                yield node
            elif isinstance(node, Repeat):
                count = self.seconds(node.count)
                count = count if isinstance(count, int) else 1
                for index in range(1, min(count, _period(node.body)) + 1):
                    yield from self.emitted(node.body, index)
            else:
                child = node.children[(iteration - 1) % len(node.children)]
                yield from self.emitted([child], iteration)


def _cue_head(cue: Cue) -> Span | None:
    """The cue's `@offset`, found only when there is a problem to report there."""
    return head(cue.span) if cue.span else None


def _outside(
    cue: Cue, offset: int, duration: int, written: object, span: Span | None
) -> Diagnostic:
    where = f"{format_duration(offset)} before the end" if cue.from_end else format_duration(offset)
    lasts = format_duration(duration)
    if isinstance(written, Ref):
        lasts += f" (`${written.name}`)"
    message = f"the cue at {where} falls outside its step, which lasts {lasts}"
    return error(message, span, "a cue must fall inside its step")


def _same_second(cue: Cue, first: Cue, at_s: int) -> Diagnostic:
    span = head(cue.span) if cue.span else None
    line = ""
    if first.span is not None:
        line = f" on line {first.span.source.line_col(first.span.start)[0]}"
    message = f"two cues at the same second ({format_duration(at_s)} into the step)"
    return error(message, span, f"move one of them; the other is{line}")


def _period(nodes: Sequence[Node]) -> int:
    """After how many iterations a repeat's body comes back to its first shape."""
    period = 1
    for node in nodes:
        if isinstance(node, Alternate):
            period = math.lcm(period, len(node.children), _period(node.children))
    return period


def _vanished(workout: Workout, bound: _Values) -> Diagnostic:
    zero = next((r for r in _repeats(workout.body) if bound.seconds(r.count) == 0), None)
    if zero is None or zero.span is None:
        span = workout.span
        point = Span(span.source, 0, 0) if span else None
        return error("the workout has no steps", point, "add a step such as `10m 60%`")
    message = "every step vanishes: the workout would be empty"
    hint = "a repeat of 0 emits nothing; give it a count above 0 or add a step outside it"
    return error(message, head(zero.span), hint)


def _repeats(nodes: Sequence[Node]) -> Iterator[Repeat]:
    for node in nodes:
        if isinstance(node, Repeat):
            yield node
            yield from _repeats(node.body)
        elif isinstance(node, Alternate):
            yield from _repeats(node.children)
