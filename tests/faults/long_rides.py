"""FIT files of any number of messages, laid out byte by byte in a fraction of a second.

garmin-fit-sdk's Encoder takes about 20 us a record: a million would take most of a minute.
These write the definition once and the records as packed bytes (compressed-timestamp
records as one 32-record pattern repeated, since their headers cycle every 32 seconds), and
pad a workout file with as many two-byte messages of a type no profile knows.
"""

from __future__ import annotations

import struct

from ridec.formats.fit.encoder import frame_records
from ridec.formats.fit.profile import CRC_SIZE, HEADER_SIZE, ActivityMesgNum

T0 = 1_083_000_000
"""The first record's FIT time (2024-04-26)."""
RECORD = struct.pack("<H", ActivityMesgNum.RECORD)
RECORD_LAYOUT = struct.Struct("<BIHBB")
"""Header byte, timestamp, power, cadence, left_right_balance."""
RECORD_BYTES = RECORD_LAYOUT.size


def plain_ride(records: int) -> bytes:
    """`records` one-second records with power, cadence and a balance naming the right leg."""
    definition = bytes([0x40, 0, 0]) + RECORD + bytes([4, 253, 4, 0x86, 7, 2, 0x84])
    definition += bytes([4, 1, 0x02, 30, 1, 0x02])
    pack = RECORD_LAYOUT.pack
    body = b"".join(pack(0, T0 + k, 200 + k % 40, 90, 0x80 | 50) for k in range(records))
    return frame_records(definition + body)


def records_offset(index: int) -> int:
    """Byte offset of record `index` (from 0) of a `plain_ride`."""
    return 14 + 18 + RECORD_BYTES * index  # the header, the definition, the records before


def compressed_ride(records: int) -> bytes:
    """One timed record, then `records` - 1 compressed-timestamp records a second apart
    (3 bytes each: the header, whose low 5 bits are the time's, and the power)."""
    first = bytes([0x40, 0, 0]) + RECORD + bytes([2, 253, 4, 0x86, 7, 2, 0x84])
    first += struct.pack("<BIH", 0, T0, 200)
    compressed = bytes([0x41, 0, 0]) + RECORD + bytes([1, 7, 2, 0x84])
    pattern = b"".join(
        bytes([0x80 | 0x20 | (T0 + k) & 0x1F]) + struct.pack("<H", 200) for k in range(1, 33)
    )
    whole, rest = divmod(records - 1, 32)
    return frame_records(first + compressed + pattern * whole + pattern[: 3 * rest])


UNKNOWN_MESG_NUM = 0xFF00
"""A message number no profile defines (the manufacturer-specific range)."""


def padded_workout(workout: bytes, messages: int) -> bytes:
    """The FIT workout `workout` with `messages` two-byte messages of an unknown type after
    its own (local type 0 redefined: one uint8 field), framed anew with a valid CRC."""
    records = workout[HEADER_SIZE:-CRC_SIZE]
    definition = bytes([0x40, 0, 0]) + struct.pack("<H", UNKNOWN_MESG_NUM) + bytes([1, 0, 1, 0x02])
    return frame_records(records + definition + b"\x00\x07" * messages)


def padding_offset(workout: bytes, index: int) -> int:
    """Byte offset of padding message `index` (from 0) of a `padded_workout` of `workout`."""
    return len(workout) - CRC_SIZE + 9 + 2 * index
