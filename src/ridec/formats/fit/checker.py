"""Our own check of FIT bytes: structure (header, CRCs, records) and workout meaning.

It reads any FIT file, ours or a third party's, and never raises: every problem comes back
located by its byte offset. Errors are what stops a reader (a wrong CRC, a record past the
end); warnings are what a lenient reader survives (Garmin's own SDK example files count
`num_valid_steps` without their repeat step).
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Sequence
from dataclasses import field

from ridec.diagnostics import Diagnostic, Severity, Source, Span
from ridec.formats.fit.crc import crc16
from ridec.formats.fit.profile import (
    ARCH_BIG_ENDIAN,
    ARCH_LITTLE_ENDIAN,
    BASE_TYPE_NUMBER_MASK,
    BASE_TYPES,
    COMPRESSED_LOCAL_TYPE_MASK,
    COMPRESSED_LOCAL_TYPE_SHIFT,
    COMPRESSED_TIMESTAMP_FLAG,
    CRC_SIZE,
    CUSTOM_TARGET,
    DATA_TYPE,
    DEFINITION_FLAG,
    DEVELOPER_DATA_FLAG,
    HEADER_SIZE,
    HEADER_SIZE_WITHOUT_CRC,
    LOCAL_TYPE_MASK,
    REPEAT_DURATION_TYPES,
    STRING,
    FieldSpec,
    FileIdField,
    FileType,
    MesgNum,
    StepField,
    WorkoutField,
)
from ridec.limits import MAX_FIT_MESSAGES, MAX_FIT_VALUES
from ridec.mentions import REVIEW
from ridec.records import record

SUPPORTED_PROTOCOLS = (1, 2)
"""Major protocol versions a reader knows (the high nibble of the header's protocol byte)."""
DECODED_MESSAGES = frozenset({MesgNum.FILE_ID, MesgNum.WORKOUT, MesgNum.WORKOUT_STEP})
"""Messages whose field values the meaning checks need; others are only sized."""
FieldValues = dict[int, int | str]
TOO_LARGE_HINT = (
    f"a workout file holds a few hundred messages; a recorded ride goes to {REVIEW.api}"
)
"""What a file past MAX_FIT_MESSAGES or MAX_FIT_VALUES is told (most are recorded rides)."""


@record
class FitProblem:
    """One thing wrong with a FIT file, at a byte offset."""

    offset: int
    """Byte offset of the header field, record or CRC at fault."""
    message: str
    """What is wrong, with the values found and expected."""
    severity: Severity = Severity.ERROR
    """Errors stop readers; warnings are tolerated by common ones."""
    too_large: bool = False
    """The file has more records than the caller allows (not a sign of damage)."""

    def __str__(self) -> str:
        return f"offset {self.offset}: {self.message}"


@record
class Definition:
    """A definition message: global number, byte order and field layout."""

    mesg_num: int
    """Global message number."""
    big_endian: bool
    """Architecture byte 1."""
    fields: tuple[tuple[int, int, int], ...]
    """(field number, size, base type code) in record order."""
    size: int
    """Bytes of a data message's content, developer fields included."""
    values: int
    """Values a reader decodes of each data message: a field's, an array's every element, a
    developer field's every byte (the bound on fitparse's work)."""


@record
class DataMessage:
    """A decoded data message of one of the `DECODED_MESSAGES`."""

    offset: int
    """Offset of its record header byte."""
    mesg_num: int
    """Global message number."""
    values: FieldValues
    """Valid field values by field number (invalid ones left out)."""


@record(frozen=False)
class _File:
    """What one pass over a file's records found."""

    problems: list[FitProblem] = field(default_factory=list)
    messages: list[DataMessage] = field(default_factory=list)
    definitions: dict[int, Definition] = field(default_factory=dict)
    first_mesg_num: int | None = None
    max_records: int | None = None
    """Records walked before the file is refused as too large; None: no limit."""
    max_values: int | None = None
    """Values of the data messages walked before the file is refused; None: no limit."""
    values: int = 0
    """Values (`Definition.values`) of the data messages walked so far."""
    cut: bool = False
    """The walk stopped at a limit: what follows was not read."""

    def error(self, offset: int, message: str) -> None:
        self.problems.append(FitProblem(offset, message))

    def warn(self, offset: int, message: str) -> None:
        self.problems.append(FitProblem(offset, message, Severity.WARNING))


def check_fit(
    data: bytes, max_records: int | None = None, max_values: int | None = None
) -> list[FitProblem]:
    """Every problem in `data`, a FIT file or several chained ones, in file order; each
    file's walk stops at the limits, as `messages_of`'s does."""
    problems: list[FitProblem] = []
    start = 0
    while True:
        found = _File(max_records=max_records, max_values=max_values)
        end = _check_file(data, start, found)
        problems.extend(sorted(found.problems, key=lambda problem: problem.offset))
        if end is None or end >= len(data):
            return problems
        start = end


def messages_of(
    data: bytes, max_records: int | None = None, max_values: int | None = None
) -> tuple[list[DataMessage], list[FitProblem]]:
    """The decoded file_id/workout/workout_step messages of the first file, with its problems.

    With `max_records` (records) and `max_values` (`Definition.values` summed), the walk
    stops at the first record past either, with an error there (`too_large`): a reader's
    bound, checked in the walk so a huge file costs the limit's work, not the file's."""
    found = _File(max_records=max_records, max_values=max_values)
    _check_file(data, 0, found)
    return found.messages, found.problems


def diagnostics(data: bytes, path: str) -> list[Diagnostic]:
    """The problems as diagnostics located in the binary file `path` (the registry's
    checker, which `validate` runs before the reader: bounded by the reader's limits)."""
    return [located(p, Source(path)) for p in check_fit(data, MAX_FIT_MESSAGES, MAX_FIT_VALUES)]


def located(problem: FitProblem, source: Source) -> Diagnostic:
    """A problem as a diagnostic in `source`; a file past a limit is told where rides go."""
    span = Span(source, problem.offset, problem.offset + 1)
    hint = TOO_LARGE_HINT if problem.too_large else None
    return Diagnostic(problem.severity, problem.message, span, hint)


def _check_file(data: bytes, start: int, found: _File) -> int | None:
    """Check the file at `start`; the offset just past its CRC, or None when it cannot go on."""
    layout = _check_header(data, start, found)
    if layout is None:
        return None
    header_size, data_size = layout
    records_end = start + header_size + data_size
    if records_end + CRC_SIZE > len(data):
        found.error(
            start + 4,
            f"data size {data_size} puts the file CRC at byte {records_end}, but the file has "
            f"{len(data)} bytes (truncated?)",
        )
        _check_records(data, start + header_size, min(records_end, len(data)), found)
        return None
    _check_file_crc(data, start, records_end, found)
    _check_records(data, start + header_size, records_end, found)
    if not found.cut:
        _check_meaning(found, start + header_size)
    return records_end + CRC_SIZE


def _check_header(data: bytes, start: int, found: _File) -> tuple[int, int] | None:
    """Header size and data size, or None when the bytes at `start` are no FIT header."""
    left = len(data) - start
    where = "the file" if start == 0 else f"the {left} bytes after the file CRC"
    if left < HEADER_SIZE_WITHOUT_CRC:
        found.error(
            start, f"{where} is shorter than a FIT header ({HEADER_SIZE_WITHOUT_CRC} bytes)"
        )
        return None
    header_size = data[start]
    if data[start + 8 : start + 12] != DATA_TYPE:
        found.error(start + 8, f"{where} has no '.FIT' signature at bytes 8-11")
        return None
    if header_size not in (HEADER_SIZE_WITHOUT_CRC, HEADER_SIZE) or header_size > left:
        found.error(start, f"header size {header_size}, expected {HEADER_SIZE} (or 12)")
        if header_size < HEADER_SIZE_WITHOUT_CRC or header_size > left:
            return None
    protocol = data[start + 1]
    if protocol >> 4 not in SUPPORTED_PROTOCOLS:
        found.error(start + 1, f"protocol version 0x{protocol:02X} is neither 1.x nor 2.x")
    if header_size >= HEADER_SIZE:
        _check_header_crc(data, start, found)
    (data_size,) = struct.unpack_from("<I", data, start + 4)
    return header_size, data_size


def _check_header_crc(data: bytes, start: int, found: _File) -> None:
    (stored,) = struct.unpack_from("<H", data, start + 12)
    computed = crc16(data[start : start + 12])
    if stored == 0:
        found.warn(start + 12, "header CRC is 0x0000 (not computed); garmin-fit-sdk rejects it")
    elif stored != computed:
        found.error(
            start + 12, f"header CRC 0x{stored:04X} does not match computed 0x{computed:04X}"
        )


def _check_file_crc(data: bytes, start: int, records_end: int, found: _File) -> None:
    (stored,) = struct.unpack_from("<H", data, records_end)
    computed = crc16(memoryview(data)[start:records_end])
    if stored != computed:
        found.error(
            records_end, f"file CRC 0x{stored:04X} does not match computed 0x{computed:04X}"
        )


def _check_records(data: bytes, pos: int, end: int, found: _File) -> None:
    """Walk the records in [pos, end), sizing every one and decoding the workout messages;
    stop at the first past `found.max_records`."""
    limit = found.max_records
    walked = 0
    while pos < end:
        walked += 1
        if limit is not None and walked > limit:
            _refuse_records(pos, limit, found)
            return
        header = data[pos]
        if header & COMPRESSED_TIMESTAMP_FLAG:
            local = (header >> COMPRESSED_LOCAL_TYPE_SHIFT) & COMPRESSED_LOCAL_TYPE_MASK
            next_pos = _data_message(data, pos, end, local, found)
        elif header & DEFINITION_FLAG:
            next_pos = _definition(data, pos, end, found)
        else:
            next_pos = _data_message(data, pos, end, header & LOCAL_TYPE_MASK, found)
        if next_pos is None:
            return
        pos = next_pos


def _refuse_records(pos: int, limit: int, found: _File) -> None:
    message = f"the file has more than {limit:,} messages; a FIT workout has at most {limit:,}"
    _refuse(pos, message, found)


def _refuse(pos: int, message: str, found: _File) -> None:
    found.problems.append(FitProblem(pos, message, too_large=True))
    found.cut = True


def _definition(data: bytes, pos: int, end: int, found: _File) -> int | None:
    """Read the definition at `pos` into the file's definitions; the next record's offset."""
    header = data[pos]
    if pos + 6 > end:
        found.error(pos, "definition message runs past the end of the data")
        return None
    arch, count = data[pos + 2], data[pos + 5]
    if arch not in (ARCH_LITTLE_ENDIAN, ARCH_BIG_ENDIAN):
        found.error(pos + 2, f"architecture byte {arch} is neither 0 (little) nor 1 (big endian)")
        return None
    (mesg_num,) = struct.unpack_from(">H" if arch else "<H", data, pos + 3)
    fields_end = pos + 6 + 3 * count
    dev_count = data[fields_end] if header & DEVELOPER_DATA_FLAG and fields_end < end else 0
    record_end = fields_end + (1 + 3 * dev_count if header & DEVELOPER_DATA_FLAG else 0)
    if record_end > end:
        found.error(pos, f"definition of message {mesg_num} runs past the end of the data")
        return None
    fields = tuple((data[i], data[i + 1], data[i + 2]) for i in range(pos + 6, fields_end, 3))
    dev_size = sum(data[i + 1] for i in range(fields_end + 1, record_end, 3))
    if not all(_field_ok(pos, mesg_num, f, found) for f in fields):
        return None
    size = sum(size for _, size, _ in fields) + dev_size
    values = sum(_values(size, code) for _, size, code in fields) + dev_size
    found.definitions[header & LOCAL_TYPE_MASK] = Definition(
        mesg_num, arch == ARCH_BIG_ENDIAN, fields, size, values
    )
    return record_end


def _values(size: int, code: int) -> int:
    """Values in a field of `size` bytes: one string, or an array's elements."""
    base = BASE_TYPES[code & BASE_TYPE_NUMBER_MASK]
    return 1 if base is STRING else size // base.size


def _field_ok(pos: int, mesg_num: int, spec: tuple[int, int, int], found: _File) -> bool:
    num, size, code = spec
    base = BASE_TYPES.get(code & BASE_TYPE_NUMBER_MASK)
    where = f"field {num} of message {mesg_num}"
    if base is None:
        found.error(pos, f"{where} has unknown base type 0x{code:02X}")
        return False
    if size == 0 or size % base.size:
        found.error(pos, f"{where} has size {size}, not a multiple of its {base.name} size")
        return False
    return True


def _data_message(data: bytes, pos: int, end: int, local: int, found: _File) -> int | None:
    """Size (and for workout messages decode) the data message at `pos`; the next offset."""
    definition = found.definitions.get(local)
    if definition is None:
        found.error(pos, f"data message of local type {local}, which no definition declared")
        return None
    record_end = pos + 1 + definition.size
    if record_end > end:
        found.error(
            pos,
            f"data message of {definition.size} bytes (message {definition.mesg_num}) runs "
            f"past the end of the data at byte {end}",
        )
        return None
    found.values += definition.values
    if found.max_values is not None and found.values > found.max_values:
        limit = found.max_values
        message = (
            f"the file's messages hold more than {limit:,} values; "
            f"a FIT workout holds at most {limit:,}"
        )
        _refuse(pos, message, found)
        return None
    if found.first_mesg_num is None:
        found.first_mesg_num = definition.mesg_num
    if definition.mesg_num in DECODED_MESSAGES:
        values = _decode(data, pos + 1, definition)
        found.messages.append(DataMessage(pos, definition.mesg_num, values))
    return record_end


def _decode(data: bytes, pos: int, definition: Definition) -> FieldValues:
    """The valid single values of a data message's fields (arrays keep their first value)."""
    layout, invalids = _layout(definition.fields, definition.big_endian)
    values: FieldValues = {}
    for (num, invalid), value in zip(invalids, layout.unpack_from(data, pos), strict=True):
        if invalid is None:  # a string: up to its first NUL
            text = value.split(b"\x00", 1)[0].decode("utf-8", errors="replace")
            if text:
                values[num] = text
        elif value != invalid and isinstance(value, int):
            values[num] = value
    return values


@functools.lru_cache(maxsize=256)
def _layout(
    fields: tuple[tuple[int, int, int], ...], big_endian: bool
) -> tuple[struct.Struct, tuple[tuple[int, int | None], ...]]:
    """One precompiled struct for a definition's data messages: each field's first value
    (a string whole, the rest of an array skipped), and (field number, invalid value) for
    each, None for a string. A file repeats few layouts, a build the same ones."""
    codes = [">" if big_endian else "<"]
    invalids: list[tuple[int, int | None]] = []
    for num, size, code in fields:
        base = BASE_TYPES[code & BASE_TYPE_NUMBER_MASK]
        if base is STRING:
            codes.append(f"{size}s")
            invalids.append((num, None))
            continue
        codes.append(base.struct_code)
        if size > base.size:
            codes.append(f"{size - base.size}x")
        invalids.append((num, base.invalid))
    return struct.Struct("".join(codes)), tuple(invalids)


def _check_meaning(found: _File, records_start: int) -> None:
    """Workout checks, for files whose file_id says they hold a workout."""
    if found.first_mesg_num is not None and found.first_mesg_num != MesgNum.FILE_ID:
        found.warn(records_start, "the first message is not file_id")
    file_ids = [m for m in found.messages if m.mesg_num == MesgNum.FILE_ID]
    if not file_ids or file_ids[0].values.get(FileIdField.TYPE.num) != FileType.WORKOUT:
        return
    workouts = [m for m in found.messages if m.mesg_num == MesgNum.WORKOUT]
    steps = [m for m in found.messages if m.mesg_num == MesgNum.WORKOUT_STEP]
    if not workouts:
        found.error(file_ids[0].offset, "a workout file without a workout message")
        return
    _check_step_count(workouts[0], steps, found)
    for position, step in enumerate(steps):
        _check_step(step, position, found)


def _check_step_count(workout: DataMessage, steps: Sequence[DataMessage], found: _File) -> None:
    declared = workout.values.get(WorkoutField.NUM_VALID_STEPS.num)
    if declared != len(steps):
        found.warn(
            workout.offset,
            f"num_valid_steps is {declared} but the file has {len(steps)} workout_step "
            "messages (repeat steps count)",
        )


def _check_step(step: DataMessage, position: int, found: _File) -> None:
    values = step.values
    index = values.get(StepField.MESSAGE_INDEX.num)
    if index != position:
        found.error(step.offset, f"workout_step message_index {index}, expected {position}")
    if values.get(StepField.DURATION_TYPE.num) in REPEAT_DURATION_TYPES:
        back_to = values.get(StepField.DURATION_VALUE.num)
        if not isinstance(back_to, int) or back_to >= position:
            found.error(
                step.offset,
                f"repeat step {position} goes back to step {back_to}, which is not before it",
            )
        return
    _check_range(step, StepField.TARGET_VALUE, _PRIMARY_RANGE, found)
    _check_range(step, StepField.SECONDARY_TARGET_VALUE, _SECONDARY_RANGE, found)


_PRIMARY_RANGE = (StepField.CUSTOM_TARGET_VALUE_LOW, StepField.CUSTOM_TARGET_VALUE_HIGH)
_SECONDARY_RANGE = (
    StepField.SECONDARY_CUSTOM_TARGET_VALUE_LOW,
    StepField.SECONDARY_CUSTOM_TARGET_VALUE_HIGH,
)


def _check_range(
    step: DataMessage, zone: FieldSpec, bounds: tuple[FieldSpec, FieldSpec], found: _File
) -> None:
    """A custom target's low must not be above its high (zones leave both unset)."""
    if step.values.get(zone.num, CUSTOM_TARGET) != CUSTOM_TARGET:
        return
    low, high = (step.values.get(spec.num) for spec in bounds)
    if isinstance(low, int) and isinstance(high, int) and low > high:
        found.error(step.offset, f"{bounds[0].name} {low} is above {bounds[1].name} {high}")
