"""An activity FIT file (a recorded ride) decoded straight into compact arrays.

Ride analysis (`ridec review`, `ridec balance`) needs a handful of fields of a few messages:
per record the timestamp, power, cadence, left/right balance and whether a position was
recorded; the timer events, laps, session and sport (indoor or not), the file's type and the
FTP the head unit held. This decoder reads exactly those, over our own profile, and skips
every other message by its size. Records go into typed arrays (9 bytes a record) rather than
objects, so a day of one record a second is under a megabyte and decodes in a fraction of a
second; fitparse, which builds several objects per field, took 96 s and 1.1 GB for a million.

The file is refused, with the byte offset, when its header or CRC is wrong, when it ends
early, when a message cannot be sized, or when it holds more records than the caller allows
(checked as they stream, so an oversized file costs the limit's work, never the file's).
Chained FIT files are read as their first file.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Callable
from dataclasses import field
from itertools import repeat
from typing import Any

from ridec.formats.fit.crc import crc16
from ridec.formats.fit.profile import (
    ARCH_BIG_ENDIAN,
    ARCH_LITTLE_ENDIAN,
    BALANCE_100_MASK,
    BALANCE_100_RIGHT_BIT,
    BALANCE_PERCENT_MASK,
    BALANCE_RIGHT_BIT,
    BASE_TYPE_NUMBER_MASK,
    BASE_TYPES,
    COMPRESSED_LOCAL_TYPE_MASK,
    COMPRESSED_LOCAL_TYPE_SHIFT,
    COMPRESSED_TIMESTAMP_FLAG,
    CRC_SIZE,
    DATA_TYPE,
    DEFINITION_FLAG,
    DEVELOPER_DATA_FLAG,
    HEADER_SIZE,
    HEADER_SIZE_WITHOUT_CRC,
    LOCAL_MESSAGE_TYPES,
    LOCAL_TYPE_MASK,
    STRING,
    TIMESTAMP,
    UINT16,
    UINT32,
    ActivityMesgNum,
    BaseType,
    EventField,
    FileIdField,
    LapField,
    MesgNum,
    RecordField,
    SessionField,
    SportField,
    ZonesTargetField,
)
from ridec.records import record

NO_POWER = UINT16.invalid
"""`power` of a record without one."""
NO_CADENCE = 0xFF
"""`cadence` of a record without one."""
NO_BALANCE = UINT16.invalid
"""`balance` of a record without one (or with a share over 100 %)."""
NO_TIME = UINT32.invalid
COMPRESSED_TIME_MASK = 0x1F
"""A compressed timestamp header holds the low 5 bits of the time."""
FULL_PERCENT = 10_000
"""100 % in hundredths: a larger share is no balance at all."""
RUN_CHUNK = 4096
"""Records read at once from a run that share a header (bounds the rows held at a time)."""
RUN_MIN = 8
"""Shorter runs are read message by message."""


class FitActivityError(Exception):
    """The bytes are not a readable activity: `message` at byte `offset`."""

    def __init__(self, offset: int, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.too_large = too_large
        """The file holds more than the caller allows (not a sign of damage)."""


@record(frozen=False)
class RecordArrays:
    """Every timed record message, in file order: one entry in each array per record."""

    times: array[int] = field(default_factory=lambda: array("I"))
    """Seconds since the FIT epoch."""
    power: array[int] = field(default_factory=lambda: array("H"))
    """Watts; NO_POWER when the record has none."""
    cadence: array[int] = field(default_factory=lambda: array("B"))
    """Revolutions per minute; NO_CADENCE when the record has none."""
    balance: array[int] = field(default_factory=lambda: array("H"))
    """Left/right balance as `left_right_balance_100` writes it (0x8000: the low 14 bits are
    the right leg's share in hundredths of a percent; clear: the side is not said), whichever
    form the file used; NO_BALANCE when the record has none."""
    positioned: int = 0
    """How many records carry a position (latitude)."""


@record
class Message:
    """One of the few non-record messages kept: its number, offset and valid values."""

    mesg_num: int
    offset: int
    """Byte offset of its record header."""
    values: dict[int, int]
    """Valid numeric field values by field number (the first value of an array)."""
    time: int | None
    """Its timestamp (field 253, or a compressed header's), seconds since the FIT epoch."""


@record
class ActivityFile:
    """What ride analysis reads of an activity file."""

    records: RecordArrays
    """The timed records."""
    messages: tuple[Message, ...]
    """file_id, zones_target, sport, session, lap and event messages, in file order."""

    def first(self, mesg_num: int) -> Message | None:
        """The first message of that number."""
        return next((m for m in self.messages if m.mesg_num == mesg_num), None)

    def all(self, mesg_num: int) -> list[Message]:
        """Every message of that number, in file order."""
        return [m for m in self.messages if m.mesg_num == mesg_num]


KEPT_FIELDS: dict[int, frozenset[int]] = {
    MesgNum.FILE_ID: frozenset({FileIdField.TYPE.num}),
    ActivityMesgNum.ZONES_TARGET: frozenset({ZonesTargetField.FUNCTIONAL_THRESHOLD_POWER.num}),
    ActivityMesgNum.SPORT: frozenset({SportField.SPORT.num, SportField.SUB_SPORT.num}),
    ActivityMesgNum.SESSION: frozenset(
        {
            TIMESTAMP.num,
            SessionField.START_TIME.num,
            SessionField.SPORT.num,
            SessionField.SUB_SPORT.num,
            SessionField.LEFT_RIGHT_BALANCE.num,
            SessionField.THRESHOLD_POWER.num,
        }
    ),
    ActivityMesgNum.LAP: frozenset(
        {TIMESTAMP.num, LapField.START_TIME.num, LapField.LEFT_RIGHT_BALANCE.num}
    ),
    ActivityMesgNum.EVENT: frozenset(
        {TIMESTAMP.num, EventField.EVENT.num, EventField.EVENT_TYPE.num}
    ),
}
"""The fields kept of each non-record message read."""
MAX_KEPT_MESSAGES = 100_000
"""Non-record messages kept (laps, events ...): real rides have a few hundred."""


def decode_activity(data: bytes, max_records: int) -> ActivityFile:
    """Decode `data`; raises FitActivityError (located) when it cannot be read."""
    header_size, records_end = _header(data)
    walker = _Walker(data, max_records)
    try:
        walker.walk(header_size, records_end)
    except FitActivityError as exc:
        if not exc.too_large:
            _check_crc(data, records_end)  # a damaged file is said to be damaged, first
        raise
    _check_crc(data, records_end)
    return ActivityFile(walker.records, tuple(walker.kept))


def _header(data: bytes) -> tuple[int, int]:
    """The header's size and the offset where the records end."""
    if len(data) < HEADER_SIZE_WITHOUT_CRC or data[8:12] != DATA_TYPE:
        raise FitActivityError(0, "not a FIT file: its header has no '.FIT' mark")
    size = data[0]
    if size not in (HEADER_SIZE_WITHOUT_CRC, HEADER_SIZE) or size > len(data):
        raise FitActivityError(0, "not a FIT file: its header is damaged")
    if size == HEADER_SIZE:
        (stored,) = struct.unpack_from("<H", data, 12)
        if stored and stored != crc16(data[:12]):
            raise FitActivityError(12, "the FIT file is damaged: its header's CRC is wrong")
    (data_size,) = struct.unpack_from("<I", data, 4)
    records_end = size + data_size
    if records_end + CRC_SIZE > len(data):
        raise FitActivityError(
            len(data),
            "the FIT file ends early: it was cut short while copying or recording",
        )
    return size, records_end


def _check_crc(data: bytes, records_end: int) -> None:
    (stored,) = struct.unpack_from("<H", data, records_end)
    computed = crc16(memoryview(data)[:records_end])
    if stored != computed:
        raise FitActivityError(
            records_end,
            f"the FIT file is damaged: its CRC 0x{stored:04X} does not match its bytes "
            f"(0x{computed:04X})",
        )


@record
class _Plan:
    """How to read the data messages of one local type."""

    mesg_num: int
    size: int
    """Bytes after the record header."""
    unpack: Callable[[bytes, int], tuple[Any, ...]] | None
    """`struct.Struct.unpack_from` of the wanted fields (None: skip the message)."""
    picks: tuple[tuple[int, int, int], ...]
    """(field number, position in the unpacked values, invalid value) of each wanted field."""
    balance_bytes: int = 0
    """1 when the record's balance is the uint8 `left_right_balance`, 2 for the uint16
    `left_right_balance_100`, 0 without one."""
    record_at: tuple[int, int, int, int, int] = (-1, -1, -1, -1, -1)
    """A record's timestamp, power, cadence, balance and latitude in the unpacked values
    (-1: not in the message)."""
    record_invalid: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    """The invalid value of each of those fields, as the file declares its type."""
    run: struct.Struct | None = None
    """For a record whose fields have the profile's types (and a timestamp): the layout of
    the whole message, header byte included, for reading runs of them at once."""


class _Walker:
    """One pass over the records: definitions become plans, data messages are read by them."""

    def __init__(self, data: bytes, max_records: int) -> None:
        self.data = data
        self.max_records = max_records
        self.plans: list[_Plan | None] = [None] * LOCAL_MESSAGE_TYPES
        self.records = RecordArrays()
        self.kept: list[Message] = []
        self.last_time: int | None = None

    def walk(self, pos: int, end: int) -> None:
        """Read every message in [pos, end)."""
        data, plans = self.data, self.plans
        while pos < end:
            header = data[pos]
            time: int | None = None
            if header & COMPRESSED_TIMESTAMP_FLAG:
                local = (header >> COMPRESSED_LOCAL_TYPE_SHIFT) & COMPRESSED_LOCAL_TYPE_MASK
                time = self._compressed_time(header & COMPRESSED_TIME_MASK)
            elif header & DEFINITION_FLAG:
                pos = self._define(pos, end)
                continue
            else:
                local = header & LOCAL_TYPE_MASK
                plan = plans[local]
                if plan is not None and plan.run is not None:
                    after = self._run(plan, header, pos, end)
                    if after:
                        pos = after
                        continue
            plan = plans[local]
            if plan is None:
                raise FitActivityError(
                    pos,
                    f"not a readable FIT activity: a data message of local type {local}, "
                    "which no definition declared",
                )
            following = pos + 1 + plan.size
            if following > end:
                raise FitActivityError(
                    pos, "not a readable FIT activity: a message runs past the end of the data"
                )
            if plan.unpack is not None:
                values = plan.unpack(data, pos + 1)
                if plan.mesg_num == ActivityMesgNum.RECORD:
                    self._record(plan, values, time, pos)
                else:
                    self._keep(plan, values, time, pos)
            pos = following

    def _run(self, plan: _Plan, header: int, pos: int, end: int) -> int:
        """Read the run of records at `pos` that share its header, a chunk at a time, with
        one `iter_unpack` and a column per array (several times faster than one by one);
        where the run ends, or 0 when the message-by-message path must read it (an untimed
        record, or one past the record limit, which that path locates)."""
        data, stride = self.data, plan.size + 1
        stop, last = pos, min(end, pos + RUN_CHUNK * stride) - stride
        while stop <= last and data[stop] == header:
            stop += stride
        rows = list(plan.run.iter_unpack(memoryview(data)[pos:stop])) if plan.run else []
        records = self.records
        if len(rows) < RUN_MIN or len(records.times) + len(rows) > self.max_records:
            return 0
        at_time, at_power, at_cadence, at_balance, at_position = plan.record_at
        times = [row[at_time] for row in rows]
        if NO_TIME in times:
            return 0
        records.times.extend(times)
        self.last_time = times[-1]
        records.power.extend(_column(rows, at_power, NO_POWER))
        records.cadence.extend(_column(rows, at_cadence, NO_CADENCE))
        if at_balance < 0:
            records.balance.extend(repeat(NO_BALANCE, len(rows)))
        elif plan.balance_bytes == 1:
            records.balance.extend(map(BALANCE_FROM_BYTE.__getitem__, _column(rows, at_balance)))
        else:
            records.balance.extend(_balance_100(row[at_balance], 2) for row in rows)
        if at_position >= 0:
            unplaced = _column(rows, at_position).count(plan.record_invalid[4])
            records.positioned += len(rows) - unplaced
        return stop

    def _compressed_time(self, low_bits: int) -> int | None:
        """The time a compressed header gives: the last time moved forward to those 5 bits."""
        if self.last_time is None:
            return None
        self.last_time += (low_bits - self.last_time) & COMPRESSED_TIME_MASK
        return self.last_time

    def _record(self, plan: _Plan, values: tuple[int, ...], time: int | None, pos: int) -> None:
        """Append one record to the arrays (the hot path: one call per record)."""
        at_time, at_power, at_cadence, at_balance, at_position = plan.record_at
        no_time, no_power, no_cadence, no_balance, no_position = plan.record_invalid
        if at_time >= 0 and values[at_time] != no_time:
            self.last_time = time = values[at_time]
        if time is None:
            return  # an untimed record has no place on the ride's clock
        records = self.records
        if len(records.times) >= self.max_records:
            raise FitActivityError(
                pos,
                f"the ride has more than {self.max_records:,} records; ridec reads rides of at "
                f"most {self.max_records:,} (more than five days at one a second)",
                too_large=True,
            )
        records.times.append(time)
        power = values[at_power] if at_power >= 0 else no_power
        records.power.append(power if power != no_power and 0 <= power < NO_POWER else NO_POWER)
        cadence = values[at_cadence] if at_cadence >= 0 else no_cadence
        fits = cadence != no_cadence and 0 <= cadence < NO_CADENCE
        records.cadence.append(cadence if fits else NO_CADENCE)
        raw = values[at_balance] if at_balance >= 0 else no_balance
        records.balance.append(_balance_100(None if raw == no_balance else raw, plan.balance_bytes))
        if at_position >= 0 and values[at_position] != no_position:
            records.positioned += 1

    def _keep(self, plan: _Plan, values: tuple[int, ...], time: int | None, pos: int) -> None:
        found = {num: values[at] for num, at, invalid in plan.picks if values[at] != invalid}
        stamp = found.get(TIMESTAMP.num)
        if stamp is not None:
            self.last_time = time = stamp
        if len(self.kept) >= MAX_KEPT_MESSAGES:
            raise FitActivityError(
                pos,
                f"the ride has more than {MAX_KEPT_MESSAGES:,} laps, events and sessions",
                too_large=True,
            )
        self.kept.append(Message(plan.mesg_num, pos, found, time))

    def _define(self, pos: int, end: int) -> int:
        """Read the definition at `pos` into a plan; the offset of the next message."""
        data = self.data
        header = data[pos]
        if pos + 6 > end:
            raise _damaged(pos, "a definition runs past the end of the data")
        arch, count = data[pos + 2], data[pos + 5]
        if arch not in (ARCH_LITTLE_ENDIAN, ARCH_BIG_ENDIAN):
            raise _damaged(pos + 2, f"architecture byte {arch} is neither 0 nor 1")
        (mesg_num,) = struct.unpack_from(">H" if arch else "<H", data, pos + 3)
        fields_end = pos + 6 + 3 * count
        developer = bool(header & DEVELOPER_DATA_FLAG)
        dev_count = data[fields_end] if developer and fields_end < end else 0
        next_pos = fields_end + (1 + 3 * dev_count if developer else 0)
        if next_pos > end:
            raise _damaged(pos, f"the definition of message {mesg_num} runs past the data")
        fields = [tuple(data[i : i + 3]) for i in range(pos + 6, fields_end, 3)]
        dev_size = sum(data[i + 1] for i in range(fields_end + 1, next_pos, 3))
        plan = _plan(mesg_num, arch == ARCH_BIG_ENDIAN, fields, dev_size)
        self.plans[header & LOCAL_TYPE_MASK] = plan
        return next_pos


def _damaged(offset: int, what: str) -> FitActivityError:
    return FitActivityError(offset, f"not a readable FIT activity: {what}")


def _plan(mesg_num: int, big_endian: bool, fields: list[tuple[int, ...]], dev_size: int) -> _Plan:
    """The plan of a definition: a struct over the whole message that keeps the wanted fields."""
    wanted = RECORD_FIELDS if mesg_num == ActivityMesgNum.RECORD else KEPT_FIELDS.get(mesg_num)
    codes = [">" if big_endian else "<"]
    picks: list[tuple[int, int, int]] = []
    kinds: list[str] = []
    balance_bytes = 0
    for num, size, code in fields:
        base = _base(code, size)
        if wanted is None or num not in wanted or base is None or base is STRING:
            codes.append(f"{size}x")
            continue
        codes.append(base.struct_code + (f"{size - base.size}x" if size > base.size else ""))
        picks.append((num, len(picks), base.invalid))
        kinds.append(base.struct_code)
        if mesg_num == ActivityMesgNum.RECORD and num == RecordField.LEFT_RIGHT_BALANCE.num:
            balance_bytes = base.size
    codes.append(f"{dev_size}x")
    layout = struct.Struct("".join(codes))
    unpack = layout.unpack_from if picks else None
    positions = {num: at for num, at, _ in picks}
    time, power, cadence, balance, position = (positions.get(num, -1) for num in RECORD_ORDER)
    record_at = (time, power, cadence, balance, position)
    invalids = {num: invalid for num, _, invalid in picks}
    no_time, no_power, no_cadence, no_balance, no_position = (
        invalids.get(num, -1) for num in RECORD_ORDER
    )
    record_invalid = (no_time, no_power, no_cadence, no_balance, no_position)
    run = None
    if mesg_num == ActivityMesgNum.RECORD and _runs_apply(record_at, kinds):
        run = struct.Struct(codes[0] + "x" + "".join(codes[1:]))
    return _Plan(
        mesg_num, layout.size, unpack, tuple(picks), balance_bytes, record_at, record_invalid, run
    )


def _runs_apply(record_at: tuple[int, int, int, int, int], kinds: list[str]) -> bool:
    """Whether runs of these records can be read column by column: timed, and with power,
    cadence and balance in the profile's types (their invalid values are the arrays').
    `kinds` is the struct letter of each picked field, in unpacked order."""
    at_time, at_power, at_cadence, at_balance, _ = record_at
    allowed = ((at_power, "H"), (at_cadence, "B"), (at_balance, "BH"))
    return at_time >= 0 and all(at < 0 or kinds[at] in letters for at, letters in allowed)


RECORD_ORDER = (
    TIMESTAMP.num,
    RecordField.POWER.num,
    RecordField.CADENCE.num,
    RecordField.LEFT_RIGHT_BALANCE.num,
    RecordField.POSITION_LAT.num,
)
"""The fields read of each record, in `_Plan.record_at`'s order."""
RECORD_FIELDS = frozenset(RECORD_ORDER)


def _base(code: int, size: int) -> BaseType | None:
    """The field's base type; None when its bytes cannot be read as one (an unknown type,
    or a size that is no multiple of it: a COROS Pace 2 writes such fields), so the field
    is skipped as bytes, as fitparse and Garmin's SDK read it, and the message still is."""
    base = BASE_TYPES.get(code & BASE_TYPE_NUMBER_MASK)
    if base is None or size == 0 or size % base.size:
        return None
    return base


def _column(rows: list[tuple[int, ...]], at: int, missing: int = 0) -> list[int]:
    """One field of every row (`missing` for each when the message has no such field)."""
    return [row[at] for row in rows] if at >= 0 else [missing] * len(rows)


def _balance_100(raw: int | None, size: int) -> int:
    """A record's balance in the `left_right_balance_100` form (NO_BALANCE when it has none)."""
    if raw is None:
        return NO_BALANCE
    if size == 1:  # left_right_balance: 0x80 and percent
        percent = (raw & BALANCE_PERCENT_MASK) * 100
        side = BALANCE_100_RIGHT_BIT if raw & BALANCE_RIGHT_BIT else 0
        return side | percent if percent <= FULL_PERCENT else NO_BALANCE
    if size == 2 and (raw & BALANCE_100_MASK) <= FULL_PERCENT:
        return raw & (BALANCE_100_RIGHT_BIT | BALANCE_100_MASK)
    return NO_BALANCE


BALANCE_FROM_BYTE = tuple(_balance_100(raw, 1) for raw in range(256))
"""Each `left_right_balance` byte in the `left_right_balance_100` form."""
