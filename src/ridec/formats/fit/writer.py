"""The FIT workout target: the shared timeline lowered to file_id, workout and workout_steps.

Passes, in order: activation steps, `lower_step` on every timeline step (power in the unit
the coach wrote, ramps, cadence, notes), repeat folding, numbering, then the messages and the
encoder. Every loss goes to the fidelity report; the bytes are checked by our own validator.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

from ridec.formats.base import (
    ActivationMode,
    CompileOptions,
    ConversionError,
    Fidelity,
    Loss,
    LossKind,
    Writer,
)
from ridec.formats.fit.encoder import FitEncoder, Message
from ridec.formats.fit.profile import MAX_STRING_BYTES
from ridec.formats.fit.text import activation_mode, fit_text
from ridec.formats.fit.text import description as describe
from ridec.formats.fit.writer_limit import (
    has_ramp_steps,
    lengthened,
    ramp_saving,
    ramp_step_lengths,
    step_limit,
)
from ridec.formats.fit.writer_messages import (
    MIN_ABSOLUTE_TIME,
    PLACEHOLDER,
    derive_identity,
    file_id_message,
    step_message,
    step_record,
    workout_message,
)
from ridec.formats.fit.writer_repeats import RepeatStep, Unit, fold_repeats, number_steps
from ridec.formats.fit.writer_steps import FitStep, Lowered, activation_steps, lower_step
from ridec.limits import MAX_FIT_STEPS
from ridec.mentions import (
    ACTIVATION_NOTES,
    FIT_NESTED_REPEATS,
    FIT_RAMP_LONGER,
    FIT_RAMP_RANGE,
)
from ridec.model import Header, TargetKind
from ridec.records import record
from ridec.timeline import Timeline

if TYPE_CHECKING:
    from ridec.diagnostics import Span


class FitWriter(Writer):
    """Garmin FIT workout files for head units (Garmin, Wahoo, Hammerhead and others)."""

    name: ClassVar[str] = "fit"
    extension: ClassVar[str] = ".fit"
    description: ClassVar[str] = "Garmin FIT workout for head units (Garmin, Wahoo, Hammerhead)"

    def render(self, timeline: Timeline, options: CompileOptions, report: Fidelity) -> bytes:
        """The FIT file's bytes; raises ConversionError when FTP is needed and unknown."""
        return encode(build_messages(timeline, options, report), options.created)[0]

    def validate(self, data: bytes) -> list[str]:
        """Every problem our FIT checker finds, warnings included: our own files must be clean."""
        # Imported here: the checker uses this package's encoder and profile, so importing it
        # at the top would make `import ridec.formats.fit.checker` circular.
        from ridec.formats.fit.checker import check_fit

        return [str(problem) for problem in check_fit(data)]


@record
class WorkoutContent:
    """The messages after file_id: what the file's identity is derived from."""

    workout: Message
    """The `workout` message."""
    steps: tuple[FitStep | RepeatStep, ...]
    """The workout steps, numbered by their position (message_index)."""


def build_messages(timeline: Timeline, options: CompileOptions, report: Fidelity) -> WorkoutContent:
    """The workout and workout_step messages of `timeline`, losses recorded in `report`."""
    activation = activation_mode(timeline.workout, options.activation)
    made = _numbered(timeline, options, activation)
    numbered, losses = made.steps, made.losses
    if len(numbered) > MAX_FIT_STEPS:
        raise _too_many_steps(len(numbered), timeline, options)
    if len(numbered) > options.fit_max_steps:
        nested = _nested_count(timeline, options, made.units)
        losses.extend(step_limit(len(numbered), nested, made.options, losses))
    workout = timeline.workout
    name = fit_text(workout.header.name, "workout name", workout.span, losses) or ""
    description = describe(workout, activation, losses)
    losses.extend(_dropped_header(workout.header))
    _record(report, losses)
    return WorkoutContent(workout_message(name, description, len(numbered)), tuple(numbered))


def encode(content: WorkoutContent, created: dt.datetime | None) -> tuple[bytes, Message]:
    """The file's bytes and its file_id, whose identity is a hash of the encoded content.

    file_id comes first in the file but depends on what follows, so it is written with
    placeholder values and filled in at the end, as the header is.
    """
    encoder = FitEncoder()
    reserved = encoder.reserve(file_id_message(PLACEHOLDER))
    encoder.write(content.workout)
    for index, step in enumerate(content.steps):
        encoder.write_values(*step_record(index, step))
    identity = derive_identity(encoder.records(reserved.end), created)
    if identity.time_created < MIN_ABSOLUTE_TIME:
        raise ConversionError("FIT cannot date a file before 1998-07-01", None)
    file_id = file_id_message(identity)
    encoder.fill(reserved, file_id)
    return encoder.finish(), file_id


def all_messages(timeline: Timeline, options: CompileOptions, report: Fidelity) -> list[Message]:
    """Every message of the file in order, file_id included (for tests and tools)."""
    content = build_messages(timeline, options, report)
    file_id = encode(content, options.created)[1]
    steps = [step_message(index, step) for index, step in enumerate(content.steps)]
    return [file_id, content.workout, *steps]


@record
class _Numbered:
    """The workout's steps for one ramp step length."""

    steps: list[FitStep | RepeatStep]
    """Numbered, repeats folded."""
    losses: list[Loss]
    """Met making them."""
    units: list[Unit]
    """The steps before repeats were folded."""
    options: CompileOptions
    """The options with the ramp step length used."""
    lowered: list[Lowered]
    """Each timeline step's lowering, in order."""


def _numbered(
    timeline: Timeline, options: CompileOptions, activation: ActivationMode
) -> _Numbered:
    """The workout's steps. With no ramp step length given, ramps in 30 s steps, or in 60 s
    steps when 30 s ones take the workout past the step limit and 60 s ones bring it under
    (only the ramps are lowered again)."""
    lengths = ramp_step_lengths(options)
    first = _attempt(timeline, options, activation, lengths[0], None)
    over = len(first.steps) > options.fit_max_steps
    if len(lengths) == 1 or not over or not has_ramp_steps(first.losses):
        return first
    if len(first.steps) - ramp_saving(timeline, lengths) > options.fit_max_steps:
        return first  # longer ramp steps cannot bring it under the limit: keep them short
    longer = _attempt(timeline, options, activation, lengths[-1], first)
    if len(longer.steps) > options.fit_max_steps:
        return first
    why = lengthened(longer.losses, lengths[-1], len(first.steps), options.fit_max_steps)
    return dataclasses.replace(longer, losses=why)


def _attempt(
    timeline: Timeline,
    options: CompileOptions,
    activation: ActivationMode,
    length: int,
    shorter: _Numbered | None,
) -> _Numbered:
    """The steps with ramps in `length` s steps (the other steps taken from `shorter`)."""
    ftp = options.ftp if options.ftp is not None else timeline.ftp
    chosen = dataclasses.replace(options, fit_ramp_step_s=length)
    head, head_losses = _activation_units(timeline, options, activation)
    lowered = [
        lower_step(step, chosen, ftp)
        if shorter is None or step.target.kind is TargetKind.RAMP
        else shorter.lowered[index]
        for index, step in enumerate(timeline.steps)
    ]
    losses = [*head_losses, *(loss for one in lowered for loss in one.losses)]
    units = [*head, *_step_units(timeline, lowered)]
    numbered = number_steps(fold_repeats(units, options.fit_nested_repeats))
    return _Numbered(numbered, losses, units, chosen, lowered)


def _nested_count(timeline: Timeline, options: CompileOptions, units: list[Unit]) -> int | bool:
    """The steps with inner repeats kept as FIT repeats; True when they already are, or the
    workout has none."""
    if options.fit_nested_repeats or all(len(step.frames) < 2 for step in timeline.steps):
        return True
    return len(number_steps(fold_repeats(units, True)))


def _activation_units(
    timeline: Timeline, options: CompileOptions, activation: ActivationMode
) -> tuple[list[Unit], list[Loss]]:
    """The routine's lap-button steps when it goes to steps, with the loss when not asked."""
    routine = timeline.workout.activation
    alone = routine is not None and not timeline.steps
    if routine is None or not (activation is ActivationMode.STEPS or alone):
        return [], []
    units = [Unit(step, ()) for step in activation_steps(routine).steps]
    asked = options.activation is ActivationMode.STEPS
    return units, [] if asked else [_routine_as_steps(routine.span, alone)]


def _step_units(timeline: Timeline, lowered: list[Lowered]) -> Iterator[Unit]:
    for timeline_step, one in zip(timeline.steps, lowered, strict=True):
        for step in one.steps:
            yield Unit(step, timeline_step.frames)


def _routine_as_steps(span: Span | None, alone: bool) -> Loss:
    """The routine written as lap-button steps though not asked for: it is the workout's only
    part (an empty FIT workout plays nothing), or its checklist does not fit the description
    and a checklist cut short would leave exercises out."""
    became = "lap-button steps before the ride, one per exercise"
    if alone:
        feature = "activation routine (the workout's only part)"
    else:
        feature = f"activation checklist (longer than the description's {MAX_STRING_BYTES} bytes)"
        became += f"; {ACTIVATION_NOTES.api} keeps it in the description, cut"
    return Loss(LossKind.DEGRADED, feature, became, span, "routine-steps")


def _too_many_steps(count: int, timeline: Timeline, options: CompileOptions) -> ConversionError:
    """What ridec writes it reads back: a FIT file of more steps than the FIT reader takes
    (and than FIT's 16-bit step numbers hold) is refused, at the step that makes the most."""
    ftp = options.ftp if options.ftp is not None else timeline.ftp
    made = [(len(lower_step(step, options, ftp).steps), step) for step in timeline.steps]
    most, step = max(made, key=lambda pair: pair[0])
    message = (
        f"the workout would take {count:,} FIT steps; ridec writes (and reads) FIT workouts "
        f"of at most {MAX_FIT_STEPS:,}"
    )
    if most > 1:
        hint = (
            f"this ramp alone takes {most:,} steps: write ramps in longer steps "
            f"({FIT_RAMP_LONGER.api}) or as one range step ({FIT_RAMP_RANGE.api})"
        )
    else:
        hint = f"split the workout, or keep inner repeats as FIT repeats ({FIT_NESTED_REPEATS.api})"
    return ConversionError(message, step.span if most > 1 else timeline.workout.span, hint)


def _dropped_header(header: Header) -> list[Loss]:
    """The header fields FIT's workout message has no place for (it holds a name, a sport
    and a description): author, tags and category are not written."""
    fields = (
        ("author", header.author),
        ("tags", header.tags),
        ("category", header.category or header.subcategory),
    )
    return [Loss(LossKind.DROPPED, name, topic="metadata") for name, value in fields if value]


def _record(report: Fidelity, losses: Iterable[Loss]) -> None:
    """Add each distinct loss once: an unrolled repeat repeats its steps' losses."""
    seen: set[tuple[LossKind, str, str | None, int | None, int | None]] = set()
    for loss in losses:
        start, end = (loss.span.start, loss.span.end) if loss.span else (None, None)
        key = (loss.kind, loss.feature, loss.became, start, end)
        if key in seen:
            continue
        seen.add(key)
        report.entries.append(loss)
