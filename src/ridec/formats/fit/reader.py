"""Reads FIT workout files (Garmin and others) into the workout model, through fitparse.

Safe on any bytes: a size cap, our own structural check first (so fitparse only sees files
whose CRCs and record sizes hold, and at most MAX_FIT_MESSAGES records holding at most
MAX_FIT_VALUES values: the walk stops at the first record past either, so a recorded ride or
a padded file costs the limit's work, never fitparse's minute and gigabytes), and every
problem a located diagnostic, never a traceback. An activity file is refused by its file_id
before fitparse runs. Files that are not cycling workouts, and steps the model cannot hold
(distance or heart-rate steps), are refused with the byte offset of the message at fault.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, Source, Span
from ridec.formats.base import ReadResult
from ridec.formats.fit.checker import DataMessage, located, messages_of
from ridec.formats.fit.profile import (
    REPEAT_DURATION_TYPES,
    FileIdField,
    FileType,
    MesgNum,
    Sport,
    StepField,
    WorkoutField,
)
from ridec.formats.fit.reader_ramps import with_ramps
from ridec.formats.fit.reader_steps import MAX_COUNT, RawStep, RawValues, StepReader, build_body
from ridec.limits import MAX_FIT_MESSAGES, MAX_FIT_STEPS, MAX_FIT_VALUES, MAX_INPUT_BYTES
from ridec.limits import MAX_STEPS as MAX_WORKOUT_STEPS
from ridec.mentions import REVIEW
from ridec.model import Header, Node, Repeat, Step, Workout

MAX_BYTES = MAX_INPUT_BYTES
"""Far above any workout (10,000 steps take about 600 KB)."""
MAX_STEPS = MAX_FIT_STEPS
"""Most workout_step messages read; the FIT writer writes no more."""
MAX_RIDDEN_STEPS = MAX_WORKOUT_STEPS
"""Most steps once repeats are expanded (nested repeats multiply): a workout's limit."""
CYCLING_SPORTS = {Sport.GENERIC, Sport.CYCLING}
"""Sports read as cycling (SDK examples leave the sport out: generic)."""
RIDE_HINT = f"this is a recorded ride: {REVIEW.api} holds it against the planned workout"
"""Where an activity file given as a workout (to show, compile, import) belongs."""
WORKOUT_HINT = "ridec reads FIT workout files (file type 5)"
"""What any other kind of FIT file is told."""
@dataclass(frozen=True, slots=True)
class _Message:
    """One message as fitparse read it: raw values by field number, plus its offset."""

    offset: int
    values: RawValues
    names: dict[int, str]
    """fitparse's names for enum values (`running`), for messages."""


def read(data: bytes, path: str) -> Workout:
    """The workout in a FIT file; raises DiagnosticError when it cannot be read."""
    return read_fit(data, path).workout


def read_fit(data: bytes, path: str) -> ReadResult:
    """The workout in a FIT file and the warnings about it."""
    source = Source(path)
    decoded = _check_structure(data, source)
    found = _messages(data, source, _offsets(decoded))
    file_ids, workouts, steps = (found.get(num, []) for num in MesgNum)
    _check_kind(file_ids, workouts, source)
    reader = StepReader(source)
    body = _body(steps, reader)
    header = _header(workouts[0], path)
    _check_size(body, steps, source, reader)
    errors = [d for d in reader.diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise DiagnosticError(reader.diagnostics)
    workout = Workout(header, with_ramps(body), span=Span(source, 0, len(data)))
    return ReadResult(workout, tuple(reader.diagnostics))


def _fail(source: Source, offset: int, message: str, hint: str | None = None) -> DiagnosticError:
    span = Span(source, offset, offset + 1)
    return DiagnosticError([Diagnostic(Severity.ERROR, message, span, hint)])


def _check_structure(data: bytes, source: Source) -> list[DataMessage]:
    """Refuse files too large to be workouts, files our checker finds broken, activity files
    (by their file_id) and files past MAX_FIT_MESSAGES or MAX_FIT_VALUES; the workout messages
    our checker decoded (for their offsets)."""
    if len(data) > MAX_BYTES:
        raise _fail(source, 0, f"the file is {len(data)} bytes, larger than {MAX_BYTES}")
    decoded, problems = messages_of(data, MAX_FIT_MESSAGES, MAX_FIT_VALUES)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    damage = [located(p, source) for p in errors if not p.too_large]
    if damage:
        raise DiagnosticError(damage)
    _refuse_activity(decoded, source)
    if errors:  # only a limit is left
        raise DiagnosticError([located(p, source) for p in errors])
    return decoded


def _refuse_activity(decoded: list[DataMessage], source: Source) -> None:
    """Refuse a recorded ride by its first file_id, before fitparse reads its records (the
    same words `_check_kind` says of it after fitparse)."""
    file_id = next((m for m in decoded if m.mesg_num == MesgNum.FILE_ID), None)
    if file_id is not None and file_id.values.get(FileIdField.TYPE.num) == FileType.ACTIVITY:
        message = f"the file holds activity data (file type {FileType.ACTIVITY}), not a workout"
        raise _fail(source, file_id.offset, message, RIDE_HINT)


def _messages(
    data: bytes, source: Source, offsets: dict[int, list[int]]
) -> dict[int, list[_Message]]:
    """file_id, workout and workout_step messages as fitparse reads them, with offsets."""
    found: dict[int, list[_Message]] = {}
    for mesg_num, values, names in _fitparse(data, source):
        kept = found.setdefault(mesg_num, [])
        positions = offsets.get(mesg_num, [])
        offset = positions[len(kept)] if len(kept) < len(positions) else 0
        kept.append(_Message(offset, values, names))
        if mesg_num == MesgNum.WORKOUT_STEP and len(kept) > MAX_STEPS:
            raise _fail(source, offset, f"the workout has more than {MAX_STEPS} steps")
    return found


def _offsets(decoded: list[DataMessage]) -> dict[int, list[int]]:
    offsets: dict[int, list[int]] = {}
    for message in decoded:
        offsets.setdefault(message.mesg_num, []).append(message.offset)
    return offsets


def _fitparse(data: bytes, source: Source) -> list[tuple[int, RawValues, dict[int, str]]]:
    """(message number, raw values, enum names) of the messages ridec reads."""
    import fitparse  # imported here: only reading FIT needs it

    wanted = {int(num) for num in MesgNum}
    read: list[tuple[int, RawValues, dict[int, str]]] = []
    try:
        fit = fitparse.FitFile(io.BytesIO(data), check_crc=True)
        for message in fit.get_messages():
            if message.mesg_num in wanted:
                read.append((message.mesg_num, *_values(message.fields)))
    # fitparse raises many types on damaged input (FitParseError, struct.error, KeyError);
    # the reader promises a diagnostic, never a traceback.
    except Exception as exc:
        raise _fail(source, 0, f"fitparse could not read the file: {exc}") from exc
    return read


def _values(fields: list[Any]) -> tuple[RawValues, dict[int, str]]:
    values: RawValues = {}
    names: dict[int, str] = {}
    for data in fields:
        raw = data.raw_value
        if isinstance(raw, (int, str)) and not isinstance(raw, bool):
            values.setdefault(data.def_num, raw)
            if isinstance(data.value, str):
                names.setdefault(data.def_num, data.value)
    return values, names


def _check_kind(file_ids: list[_Message], workouts: list[_Message], source: Source) -> None:
    """Refuse files that are not cycling workouts, at the message that says so."""
    if not file_ids:
        raise _fail(source, 0, "the file has no file_id message")
    file_id = file_ids[0]
    kind = file_id.values.get(FileIdField.TYPE.num)
    if kind != FileType.WORKOUT:
        name = file_id.names.get(FileIdField.TYPE.num, str(kind))
        hint = RIDE_HINT if kind == FileType.ACTIVITY else WORKOUT_HINT
        message = f"the file holds {name} data (file type {kind}), not a workout"
        raise _fail(source, file_id.offset, message, hint)
    if not workouts:
        raise _fail(source, file_id.offset, "the workout file has no workout message")
    sport = workouts[0].values.get(WorkoutField.SPORT.num, Sport.GENERIC)
    if sport not in CYCLING_SPORTS:
        name = workouts[0].names.get(WorkoutField.SPORT.num, f"sport {sport}")
        raise _fail(source, workouts[0].offset, f"a {name} workout; ridec reads cycling workouts")


def _header(workout: _Message, path: str) -> Header:
    name = workout.values.get(WorkoutField.WKT_NAME.num)
    description = workout.values.get(WorkoutField.WKT_DESCRIPTION.num)
    return Header(
        str(name) if name else PurePath(path).stem,
        description=str(description) if description else None,
    )


def _body(steps: list[_Message], reader: StepReader) -> tuple[Node, ...]:
    raws = [RawStep(i, m.offset, m.values) for i, m in enumerate(steps)]
    items: list[Step | tuple[int, int] | None] = []
    for raw in raws:
        if raw.number(StepField.DURATION_TYPE) in REPEAT_DURATION_TYPES:
            items.append(reader.repeat(raw, raw.position))
        else:
            items.append(reader.step(raw))
    return build_body(items, reader, raws)


def _check_size(
    body: tuple[Node, ...], steps: list[_Message], source: Source, reader: StepReader
) -> None:
    """Refuse nested repeats that would expand past MAX_RIDDEN_STEPS."""
    if _ridden(body) > MAX_RIDDEN_STEPS:
        offset = steps[-1].offset if steps else 0
        span = Span(source, offset, offset + 1)
        message = f"the repeats expand to more than {MAX_RIDDEN_STEPS} steps"
        reader.diagnostics.append(Diagnostic(Severity.ERROR, message, span))


def _ridden(nodes: tuple[Node, ...]) -> int:
    total = 0
    for node in nodes:
        if isinstance(node, Repeat):
            count = node.count if isinstance(node.count, int) else MAX_COUNT
            total += count * _ridden(node.body)
        else:
            total += 1
        if total > MAX_RIDDEN_STEPS:
            return total
    return total
