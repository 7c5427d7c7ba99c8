"""A small FIT encoder in the protocol's own terms: header, definition and data messages, CRC.

Messages are typed (`Message` of `FieldSpec`/value pairs). Each distinct field layout gets one
definition message, compiled once into a `struct.Struct`, and local message types 0-15 are
handed out in turn and reused exactly as garmin-fit-sdk's `Encoder` does, so the same messages
give the same record bytes. The header is written last, once the data size is known.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ridec.targets.fit.profile import (
    ARCH_LITTLE_ENDIAN,
    BASE_TYPE_NUMBER_MASK,
    BASE_TYPES,
    CRC_SIZE,
    DATA_TYPE,
    DEFINITION_FLAG,
    HEADER_SIZE,
    LOCAL_MESSAGE_TYPES,
    MAX_STRING_BYTES,
    PROFILE_VERSION,
    PROTOCOL_VERSION,
    STRING,
    FieldSpec,
)

FieldValue = tuple[FieldSpec, int | str]
"""A field and its raw value (an int in the field's units, or text for a string field)."""


class Message(NamedTuple):
    """One data message: its global number and its fields in the order they are defined.

    A NamedTuple (immutable, and cheaper to build than a frozen dataclass: one per step)."""

    mesg_num: int
    """Global message number (`MesgNum`)."""
    fields: tuple[FieldValue, ...]
    """Fields with a value; a field left out is not defined (readers see it as invalid)."""


def _byte_table() -> tuple[int, ...]:
    """CRC-16 with the reflected polynomial 0xA001, one entry per byte value."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_BYTE_TABLE = _byte_table()
_WORDS = struct.Struct("<4H")
_WORDS_SIZE = _WORDS.size


@functools.cache
def _word_tables() -> tuple[list[int], list[int], list[int], list[int]]:
    """Tables that advance the CRC over 8 bytes at once, built on first use (about 20 ms).

    Since the register is 16 bits wide, one 16-bit word moves it to `one[crc ^ word]`, and
    that map is linear; so four words move it to
    `four[crc ^ w0] ^ three[w1] ^ two[w2] ^ one[w3]`, with `two` = one applied twice, etc.
    """
    byte = _BYTE_TABLE
    one = [0] * 65536
    for word in range(65536):
        crc = byte[word & 0xFF]
        one[word] = (crc >> 8) ^ byte[(crc ^ (word >> 8)) & 0xFF]
    two = [one[crc] for crc in one]
    three = [one[crc] for crc in two]
    four = [one[crc] for crc in three]
    return one, two, three, four


def crc16(data: bytes | bytearray | memoryview, crc: int = 0) -> int:
    """The FIT CRC of `data`, continuing from `crc` (0 to start), as the SDK computes it.

    The SDK works a nibble at a time; this takes 8 bytes per step with the word tables
    (3x faster than a byte at a time), then the last few bytes one by one.
    """
    view = memoryview(data).cast("B")
    whole = len(view) - len(view) % _WORDS_SIZE
    if whole:
        one, two, three, four = _word_tables()
        for w0, w1, w2, w3 in _WORDS.iter_unpack(view[:whole]):
            crc = four[crc ^ w0] ^ three[w1] ^ two[w2] ^ one[w3]
    table = _BYTE_TABLE
    for value in view[whole:]:
        crc = (crc >> 8) ^ table[(crc ^ value) & 0xFF]
    return crc


def truncate_utf8(text: str, max_bytes: int = MAX_STRING_BYTES) -> str:
    """`text` without NULs, cut to at most `max_bytes` of UTF-8 on a character boundary."""
    if len(text) * 4 <= max_bytes and "\x00" not in text:
        return text  # even four bytes per character would fit
    text = text.replace("\x00", "")
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    # Decoding a prefix that ends inside a character drops that partial character.
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def encode_string(text: str) -> bytes:
    """A string field's bytes: UTF-8 (at most MAX_STRING_BYTES) and the terminating NUL."""
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_STRING_BYTES or b"\x00" in encoded:
        encoded = truncate_utf8(text).encode("utf-8")
    return encoded + b"\x00"


@dataclass(frozen=True, slots=True)
class _Layout:
    """A compiled definition: its bytes after the record header, and its data format."""

    definition: bytes
    """Reserved byte, architecture, global number, field count and field definitions."""
    data: struct.Struct
    """Packs the record header byte and the field values of one data message."""


_Shape = tuple[int, tuple[tuple[int, int, int], ...]]
"""A definition's identity: global number and (field number, size, base type code) triples."""

_LAYOUTS: dict[_Shape, _Layout] = {}
"""Compiled definitions shared by every encoder: workouts reuse a handful of shapes."""
_MAX_LAYOUTS = 4096
"""Forget them all past this many (string sizes make shapes vary), to bound memory."""


def _layout(shape: _Shape) -> _Layout:
    layout = _LAYOUTS.get(shape)
    if layout is None:
        if len(_LAYOUTS) >= _MAX_LAYOUTS:
            _LAYOUTS.clear()
        layout = _LAYOUTS[shape] = _compile(shape)
    return layout


def _compile(shape: _Shape) -> _Layout:
    mesg_num, fields = shape
    head = struct.pack("<BBHB", 0, ARCH_LITTLE_ENDIAN, mesg_num, len(fields))
    body = b"".join(struct.pack("<BBB", num, size, code) for num, size, code in fields)
    codes = "".join(_struct_code(size, code) for _, size, code in fields)
    return _Layout(head + body, struct.Struct("<B" + codes))


def _struct_code(size: int, code: int) -> str:
    if code == STRING.code:
        return f"{size}s"
    base = BASE_TYPES[code & BASE_TYPE_NUMBER_MASK]
    return f"{size // base.size}{base.struct_code}"


@dataclass(frozen=True, slots=True)
class Reservation:
    """Where a message was written, to fill in later with different values of the same shape."""

    offset: int
    """Offset of its record header byte among the records."""
    end: int
    """Offset just past it."""
    shape: _Shape
    """Its definition."""


class FitEncoder:
    """Writes messages as FIT records and returns the whole file from `finish()`.

    Each field holds one value (no arrays); values must already be in range (the writer
    guarantees it). Field order is the caller's: the same fields in another order make
    another definition (garmin-fit-sdk would reuse the first; ridec never varies the order).
    """

    def __init__(self) -> None:
        self._records = bytearray()
        self._slots: list[_Shape | None] = [None] * LOCAL_MESSAGE_TYPES
        self._active: dict[_Shape, tuple[int, struct.Struct]] = {}
        """Shapes with a live local type: that type and the data format."""
        self._next_local = 0

    def write(self, message: Message) -> None:
        """Append `message`, preceded by a definition unless an active one matches."""
        shape, values = _shape_and_values(message)
        active = self._active.get(shape)
        if active is None:
            active = self._define(shape)
        self._records += active[1].pack(active[0], *values)

    def write_all(self, messages: Iterable[Message]) -> None:
        """Append every message in order."""
        for message in messages:
            self.write(message)

    def reserve(self, message: Message) -> Reservation:
        """Write `message` now and say where, so `fill` can replace its values later."""
        shape = _shape_and_values(message)[0]
        self.write(message)
        end = len(self._records)
        return Reservation(end - _layout(shape).data.size, end, shape)

    def fill(self, reservation: Reservation, message: Message) -> None:
        """Overwrite a reserved message with `message`, which must have the same shape."""
        shape, values = _shape_and_values(message)
        if shape != reservation.shape:
            raise ValueError("a reserved message can only be filled with one of the same shape")
        local = self._records[reservation.offset]
        self._records[reservation.offset : reservation.end] = _layout(shape).data.pack(
            local, *values
        )

    def records(self, start: int = 0) -> bytes:
        """The records written so far from offset `start`, without header and CRC."""
        return bytes(self._records[start:])

    def _define(self, shape: _Shape) -> tuple[int, struct.Struct]:
        """Give `shape` the next local type in turn, replacing what that type meant before."""
        layout = _layout(shape)
        local = self._next_local % LOCAL_MESSAGE_TYPES
        self._next_local += 1
        replaced = self._slots[local]
        if replaced is not None:
            del self._active[replaced]
        self._slots[local] = shape
        active = self._active[shape] = (local, layout.data)
        self._records.append(DEFINITION_FLAG | local)
        self._records += layout.definition
        return active

    def finish(self) -> bytes:
        """The whole file: header (now that the data size is known), records, file CRC."""
        return frame_records(self._records)


def file_header(data_size: int) -> bytes:
    """The 14-byte header for `data_size` bytes of records, with its real CRC."""
    head = struct.pack(
        "<BBHI4s", HEADER_SIZE, PROTOCOL_VERSION, PROFILE_VERSION, data_size, DATA_TYPE
    )
    return head + struct.pack("<H", crc16(head))


def frame_records(records: bytes | bytearray) -> bytes:
    """Header, records and file CRC: the bytes of a FIT file holding `records`."""
    header = file_header(len(records))
    crc = crc16(records, crc16(header))
    return b"".join((header, records, crc.to_bytes(CRC_SIZE, "little")))


def _shape_and_values(message: Message) -> tuple[_Shape, list[int | str | bytes]]:
    triples: list[tuple[int, int, int]] = []
    values: list[int | str | bytes] = []
    for spec, value in message.fields:
        if spec.base is STRING:
            raw = encode_string(str(value))
            triples.append((spec.num, len(raw), STRING.code))
            values.append(raw)
        else:
            triples.append(spec.definition)
            values.append(value)
    return (message.mesg_num, tuple(triples)), values
