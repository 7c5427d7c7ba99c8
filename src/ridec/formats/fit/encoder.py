"""A small FIT encoder in the protocol's own terms: header, definition and data messages, CRC.

Messages are typed (`Message` of `FieldSpec`/value pairs). Each distinct field layout gets one
definition message, compiled once into a `struct.Struct`, and local message types 0-15 are
handed out in turn and reused exactly as garmin-fit-sdk's `Encoder` does, so the same messages
give the same record bytes. The header is written last, once the data size is known.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from typing import NamedTuple, cast

from ridec.formats.fit.crc import crc16
from ridec.formats.fit.profile import (
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
from ridec.records import record

FieldValue = tuple[FieldSpec, int | str]
"""A field and its raw value (an int in the field's units, or text for a string field)."""


class Message(NamedTuple):
    """One data message: its global number and its fields in the order they are defined.

    A NamedTuple (immutable, and cheaper to build than a frozen dataclass: one per step)."""

    mesg_num: int
    """Global message number (`MesgNum`)."""
    fields: tuple[FieldValue, ...]
    """Fields with a value; a field left out is not defined (readers see it as invalid)."""


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


@record
class _Layout:
    """A compiled definition: its bytes after the record header, and its data format."""

    definition: bytes
    """Reserved byte, architecture, global number, field count and field definitions."""
    data: struct.Struct
    """Packs the record header byte and the field values of one data message."""


_Shape = tuple[int, tuple[tuple[int, int, int], ...]]
"""A definition: global number and (field number, size, base type code) triples."""
_MAX_LAYOUTS = 1024
"""Compiled layouts kept per kind (string sizes make them vary), to bound memory."""


class MessageKind:
    """A message number and field list, compiled once and shared (see `kind_of`).

    Writers that build many messages of few kinds (workout steps) keep their kinds and call
    `FitEncoder.write_values`, skipping the per-field work of `write`. A kind knows where
    its strings are and compiles one layout per combination of string sizes. Kinds are
    interned, so identity is equality and hashing them costs nothing.
    """

    __slots__ = ("layouts", "mesg_num", "specs", "strings", "triples")

    def __init__(self, mesg_num: int, specs: tuple[FieldSpec, ...]) -> None:
        if not specs:
            raise ValueError("a FIT message needs at least one field")
        self.mesg_num = mesg_num
        self.specs = specs
        self.triples = tuple(spec.definition for spec in specs)
        self.strings = tuple(i for i, spec in enumerate(specs) if spec.base is STRING)
        self.layouts: dict[tuple[int, ...], _Layout] = {}

    def layout(self, sizes: tuple[int, ...]) -> _Layout:
        """The compiled definition for these string sizes."""
        layout = self.layouts.get(sizes)
        if layout is None:
            if len(self.layouts) >= _MAX_LAYOUTS:
                self.layouts.clear()
            layout = self.layouts[sizes] = _compile(self._shape(sizes))
        return layout

    def _shape(self, sizes: tuple[int, ...]) -> _Shape:
        triples = list(self.triples)
        for position, size in zip(self.strings, sizes, strict=True):
            num, _, code = triples[position]
            triples[position] = (num, size, code)
        return self.mesg_num, tuple(triples)


_KINDS: dict[_Shape, MessageKind] = {}
"""Every kind made so far, by message number and field layout (strings sized 0)."""


def kind_of(mesg_num: int, specs: tuple[FieldSpec, ...]) -> MessageKind:
    """The one kind for this message number and field list."""
    signature = (mesg_num, tuple(spec.definition for spec in specs))
    kind = _KINDS.get(signature)
    if kind is None:
        kind = _KINDS[signature] = MessageKind(mesg_num, specs)
    return kind


_Key = tuple[MessageKind, tuple[int, ...]]
"""A definition's identity: its kind and its string sizes."""
Values = Sequence[int | str]
"""Field values in the order of a kind's fields."""


def _key_and_values(kind: MessageKind, values: Values) -> tuple[_Key, Sequence[int | bytes]]:
    """The definition key and the values ready to pack (strings encoded)."""
    if not kind.strings:
        return (kind, ()), cast(Sequence[int], values)
    encoded: list[int | str | bytes] = list(values)
    sizes = []
    for position in kind.strings:
        raw = encode_string(str(encoded[position]))
        encoded[position] = raw
        sizes.append(len(raw))
    return (kind, tuple(sizes)), cast(list[int | bytes], encoded)


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


@record
class Reservation:
    """Where a message was written, to fill in later with different values of the same shape."""

    offset: int
    """Offset of its record header byte among the records."""
    end: int
    """Offset just past it."""
    key: _Key
    """Its definition."""


class FitEncoder:
    """Writes messages as FIT records and returns the whole file from `finish()`.

    Each field holds one value (no arrays); values must already be in range (the writer
    guarantees it). Field order is the caller's: the same fields in another order make
    another definition (garmin-fit-sdk would reuse the first; ridec never varies the order).
    """

    def __init__(self) -> None:
        self._records = bytearray()
        self._slots: list[_Key | None] = [None] * LOCAL_MESSAGE_TYPES
        self._active: dict[_Key, tuple[int, struct.Struct]] = {}
        """Definitions with a live local type: that type and the data format."""
        self._next_local = 0

    def write(self, message: Message) -> None:
        """Append `message`, preceded by a definition unless an active one matches."""
        specs = tuple(spec for spec, _ in message.fields)
        self.write_values(kind_of(message.mesg_num, specs), [v for _, v in message.fields])

    def write_all(self, messages: Iterable[Message]) -> None:
        """Append every message in order."""
        for message in messages:
            self.write(message)

    def write_values(self, kind: MessageKind, values: Values) -> None:
        """Append a message of `kind` with these values (the fast path of `write`)."""
        key, packed = _key_and_values(kind, values)
        active = self._active.get(key)
        if active is None:
            active = self._define(key)
        self._records += active[1].pack(active[0], *packed)

    def reserve(self, message: Message) -> Reservation:
        """Write `message` now and say where, so `fill` can replace its values later."""
        kind = kind_of(message.mesg_num, tuple(spec for spec, _ in message.fields))
        key = _key_and_values(kind, [v for _, v in message.fields])[0]
        self.write(message)
        end = len(self._records)
        return Reservation(end - kind.layout(key[1]).data.size, end, key)

    def fill(self, reservation: Reservation, message: Message) -> None:
        """Overwrite a reserved message with `message`, which must have the same shape."""
        kind = kind_of(message.mesg_num, tuple(spec for spec, _ in message.fields))
        key, packed = _key_and_values(kind, [v for _, v in message.fields])
        if key != reservation.key:
            raise ValueError("a reserved message can only be filled with one of the same shape")
        local = self._records[reservation.offset]
        data = kind.layout(key[1]).data.pack(local, *packed)
        self._records[reservation.offset : reservation.end] = data

    def records(self, start: int = 0) -> bytes:
        """The records written so far from offset `start`, without header and CRC."""
        return bytes(self._records[start:])

    def _define(self, key: _Key) -> tuple[int, struct.Struct]:
        """Give `key` the next local type in turn, replacing what that type meant before."""
        layout = key[0].layout(key[1])
        local = self._next_local % LOCAL_MESSAGE_TYPES
        self._next_local += 1
        replaced = self._slots[local]
        if replaced is not None:
            del self._active[replaced]
        self._slots[local] = key
        active = self._active[key] = (local, layout.data)
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
