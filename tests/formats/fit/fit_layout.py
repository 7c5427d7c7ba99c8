"""An independent walk over a FIT file's records: where each data message starts.

Written from the FIT protocol alone (record headers, definition messages, field sizes), sharing
no code with ridec's checker or reader, so offsets ridec reports can be checked against it.
"""

from __future__ import annotations

import struct

NORMAL_DEFINITION = 0x40
DEVELOPER_FIELDS = 0x20
COMPRESSED_TIMESTAMP = 0x80
LOCAL_TYPE = 0x0F
COMPRESSED_LOCAL_TYPE = 0x60


def data_message_offsets(data: bytes) -> list[tuple[int, int]]:
    """(offset of the record header, global message number) of every data message."""
    header_size = data[0]
    (data_size,) = struct.unpack_from("<I", data, 4)
    end = header_size + data_size
    layouts: dict[int, tuple[int, int]] = {}  # local type -> (global number, content size)
    found: list[tuple[int, int]] = []
    at = header_size
    while at < end:
        record = data[at]
        if record & COMPRESSED_TIMESTAMP:
            local = (record & COMPRESSED_LOCAL_TYPE) >> 5
            number, size = layouts[local]
            found.append((at, number))
            at += 1 + size
        elif record & NORMAL_DEFINITION:
            at = _definition(data, at, layouts)
        else:
            number, size = layouts[record & LOCAL_TYPE]
            found.append((at, number))
            at += 1 + size
    return found


def _definition(data: bytes, at: int, layouts: dict[int, tuple[int, int]]) -> int:
    """Record the layout a definition message declares; return where the next record starts."""
    record = data[at]
    big_endian = data[at + 2] == 1
    (number,) = struct.unpack_from(">H" if big_endian else "<H", data, at + 3)
    fields = data[at + 5]
    position = at + 6
    size = sum(data[position + 3 * i + 1] for i in range(fields))
    position += 3 * fields
    if record & DEVELOPER_FIELDS:
        developer_fields = data[position]
        size += sum(data[position + 1 + 3 * i + 1] for i in range(developer_fields))
        position += 1 + 3 * developer_fields
    layouts[record & LOCAL_TYPE] = (number, size)
    return position
