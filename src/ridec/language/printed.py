"""What parsing would refuse in source the printer wrote, found on the model it came from.

`ridec import` promises that the `.ride` it writes parses back to the workout it read. It
used to read every printed file again to keep that promise (tokenizing it was about half of
an import's time). The printer writes a model back exactly, which is a property test over
generated models and over any text in names, labels and cues (`tests/property/
test_language_properties.py`, `tests/property/test_import_round_trip.py`); so what is left
for parsing to refuse is what it checks beyond the syntax, and every such check runs here,
on the model: the file's line count, each value's range (as the parser checks each value
it reads), a zone written as `z3` standing for exactly that zone's range, and the checks on
the whole model (`{i}` outside a repeat, an alternate outside one, cue timing, something to
ride).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ridec.diagnostics import Diagnostic, Source, Span, error
from ridec.facts import COUNT_RANGE, zone_target
from ridec.language import checks
from ridec.language.context import PLACEHOLDER
from ridec.language.steps import CONTRADICTIONS
from ridec.limits import MAX_SOURCE_LINES
from ridec.model import (
    Activation,
    Cadence,
    Cue,
    Flag,
    Header,
    Node,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
    format_duration,
)

MODEL = "<model>"
"""The source a problem found on the model is located in: the value, as the printer wrote it."""
_UNWRITTEN = Span(Source(MODEL, ""), 0, 0)
"""The span a value is checked with first: a value in range (every value, but for a bug)
needs no span, so it is written out (`_written`) only when the check finds a problem."""


def printed_problems(workout: Workout, text: str) -> list[Diagnostic]:
    """The problems parsing `text`, printed from `workout`, would report (none for a model
    every reader and `parse` can make; a problem here is a bug in ridec)."""
    lines = text.count("\n") + 1  # as the tokenizer counts them
    if lines > MAX_SOURCE_LINES:
        message = f"the file has {lines:,} lines; ridec reads at most {MAX_SOURCE_LINES:,}"
        return [error(message)]
    problems = [*_header(workout.header), *_activation(workout.activation)]
    problems += _nodes(workout.body, in_repeat=False)
    problems += checks.check_references(workout) + checks.check_alternates(workout.body)
    defaults = {param.name: param.value for param in workout.params}
    problems += checks.check_bound(workout, defaults, empty=False)
    if not problems:  # as `parse`: whether anything is left to ride, once all else is right
        problems += checks.check_bound(workout, defaults)
    return checks.sorted_problems(problems)


def _header(header: Header) -> Iterator[Diagnostic]:
    if header.ftp is not None:
        yield from _found(checks.ftp_problem(header.ftp, _written(str(header.ftp))))
    if any(not tag.strip() for tag in header.tags):
        yield error("an empty tag in the list")


def _activation(activation: Activation | None) -> Iterator[Diagnostic]:
    if activation is None:
        return
    if not activation.exercises:
        yield error("an empty `activation` block")
    yield from _placeholders(activation.label, in_repeat=False)
    for exercise in activation.exercises:
        yield from _placeholders(exercise.name, in_repeat=False)
        if exercise.reps is not None and not 1 <= exercise.reps <= COUNT_RANGE[1]:
            yield error(f"`{exercise.reps}` is out of range: an exercise has 1 to 500 reps")
        if exercise.reps is None:
            yield from _duration_problem(exercise.duration or 0)


def _nodes(nodes: Sequence[Node], *, in_repeat: bool) -> Iterator[Diagnostic]:
    for node in nodes:
        if isinstance(node, Step):
            yield from _step(node, in_repeat=in_repeat)
        elif isinstance(node, Repeat):
            if isinstance(node.count, int):
                yield from _found(checks.count_problem(node.count, _written(str(node.count))))
            if not node.body:
                yield error("an empty `repeat` block")
            yield from _nodes(node.body, in_repeat=True)
        else:
            if not in_repeat:
                yield error("`alternate` outside every repeat has no iterations to alternate")
            if len(node.children) < 2:
                yield error("an `alternate` with fewer than two children")
            yield from _nodes(node.children, in_repeat=in_repeat)


def _step(step: Step, *, in_repeat: bool) -> Iterator[Diagnostic]:
    if isinstance(step.duration, int):  # not a Lap, nor a reference
        yield from _duration_problem(step.duration)
    if isinstance(step.target, Target):
        yield from _target(step.target)
    if isinstance(step.cadence, Cadence):
        yield from _cadence(step.cadence)
    if step.flags:
        yield from _flags(step.flags)
    yield from _placeholders(step.label, in_repeat=in_repeat)
    for cue in step.cues:
        yield from _cue(cue)
        yield from _placeholders(cue.text, in_repeat=in_repeat)


def _target(target: Target) -> Iterator[Diagnostic]:
    if target.zone is not None:  # written `z3`: its powers are the zone's, never read
        if target != zone_target(target.zone):
            yield error(f"z{target.zone} is written for a target that is not that zone's range")
        return
    powers = [power for power in (target.low, target.high) if power is not None]
    for power in powers:
        if checks.power_problem(power, _UNWRITTEN) is not None:
            shown = f"{power.value}{power.unit.value}"
            yield from _found(checks.power_problem(power, _written(shown)))
    if target.kind is TargetKind.RANGE and target.low and target.high:
        low, high, unit = target.low.value, target.high.value, target.high.unit.value
        if checks.range_problem(low, high, _UNWRITTEN, unit) is not None:
            span = _written(f"{low}-{high}{unit}")
            yield from _found(checks.range_problem(low, high, span, unit))


def _cadence(cadence: Cadence) -> Iterator[Diagnostic]:
    problems = [checks.cadence_problem(cadence.low, _UNWRITTEN)]
    problems.append(checks.cadence_problem(cadence.high, _UNWRITTEN))
    if cadence.is_range:
        problems.append(checks.range_problem(cadence.low, cadence.high, _UNWRITTEN, "rpm"))
    if not any(problems):
        return
    span = _written(f"{cadence.low}-{cadence.high}rpm")
    yield from _found(checks.cadence_problem(cadence.low, span))
    yield from _found(checks.cadence_problem(cadence.high, span))
    if cadence.is_range:
        yield from _found(checks.range_problem(cadence.low, cadence.high, span, "rpm"))


def _flags(flags: Sequence[Flag]) -> Iterator[Diagnostic]:
    """Each flag once, and not with its opposite (standing and seated)."""
    if len(set(flags)) < len(flags):
        yield error("a flag is given twice")
    for pair in CONTRADICTIONS:
        if pair <= set(flags):
            yield error(f"contradicting flags {' and '.join(sorted(pair))}")


def _cue(cue: Cue) -> Iterator[Diagnostic]:
    """Its offset may be 0; how long it shows (`for 10s`) may not."""
    for seconds, offset in ((cue.offset, True), (cue.duration, False)):
        if isinstance(seconds, int):
            yield from _duration_problem(seconds, offset=offset)


def _duration_problem(seconds: int, *, offset: bool = False) -> Iterator[Diagnostic]:
    """A duration's range problem, the duration written out only when there is one."""
    if checks.duration_problem(seconds, _UNWRITTEN, offset=offset) is not None:
        span = _duration(seconds)
        yield from _found(checks.duration_problem(seconds, span, offset=offset))


def _placeholders(text: str | None, *, in_repeat: bool) -> Iterator[Diagnostic]:
    """`{i}` and `{n}` stand for a repeat's iteration and count: outside every repeat, the
    parser refuses them."""
    if text is not None and not in_repeat and PLACEHOLDER.search(text):
        yield error(f"`{{i}}` or `{{n}}` outside every repeat, in {text!r}")


def _found(problem: Diagnostic | None) -> Iterator[Diagnostic]:
    if problem is not None:
        yield problem


def _duration(seconds: int) -> Span:
    return _written(format_duration(seconds) if seconds >= 0 else f"{seconds}s")


def _written(text: str) -> Span:
    """A value as the printer writes it, for a message that quotes it."""
    return Span(Source(MODEL, text), 0, len(text))
