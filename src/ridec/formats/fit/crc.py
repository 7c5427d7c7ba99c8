"""FIT's CRC-16, as garmin-fit-sdk computes it, at C speed for whole files.

The SDK works a nibble at a time with Garmin's 16-entry table; that is CRC-16/ARC: the
reflected polynomial 0xA001 (x^16 + x^15 + x^2 + 1), register starting at 0, nothing XORed
at the end. A byte at a time with a 256-entry table gives the same register.

A CRC is linear: the register is the XOR, over the message's set bits, of what each bit
alone leaves in it, and that depends only on how far the bit is from the end. Bit j of the
register is therefore the parity of the message's bits at the distances whose contribution
has bit j set: with the message as one integer (the bit read last as bit 0), the register's
bit j is `(message & plane[j]).bit_count() & 1`, sixteen ANDs and popcounts done in C. The
contributions repeat every 32,767 bits (the order of x modulo the polynomial, which is
(x + 1)(x^15 + x + 1), the second factor primitive), so a longer message is first folded to
that length by XOR, and the planes need only that many bits. Building them costs what a
byte-at-a-time pass over some 64 KB does; they are built once a process has checksummed
FAST_AFTER bytes, so a single compile (a few kilobytes) never pays for them.
"""

from __future__ import annotations

import functools

POLYNOMIAL = 0xA001
"""x^16 + x^15 + x^2 + 1, reflected."""
PERIOD = 32_767
"""Bits after which a bit's contribution to the register repeats."""
FAST_AFTER = 64 * 1024
"""Bytes a process checksums a byte at a time before it builds the bit planes."""
_REGISTER_BITS = 16


def _byte_table() -> tuple[int, ...]:
    """The register after one byte, from a register holding only that byte."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ POLYNOMIAL if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_BYTE_TABLE = _byte_table()
_REVERSED = bytes(int(f"{byte:08b}"[::-1], 2) for byte in range(256))
"""Each byte with its bits in the opposite order: the CRC reads a byte's bit 0 first."""


class _Checked:
    """How many bytes this process has checksummed so far."""

    total = 0


@functools.cache
def _planes() -> tuple[int, ...]:
    """Bit d of `planes[j]`: bit j of what a set bit d bits before the end leaves in the
    register (d from 0 to PERIOD - 1)."""
    low, high = bytearray(PERIOD), bytearray(PERIOD)
    crc = POLYNOMIAL  # a set bit read last: the register is shifted once with it
    for distance in range(PERIOD):
        low[distance], high[distance] = crc & 0xFF, crc >> 8
        crc = (crc >> 1) ^ POLYNOMIAL if crc & 1 else crc >> 1  # one more bit after it
    planes = []
    for bit in range(_REGISTER_BITS):
        column = low if bit < 8 else high
        digits = bytes(0x31 if byte >> (bit % 8) & 1 else 0x30 for byte in range(256))
        planes.append(int(column.translate(digits)[::-1], 2))  # distance 0 is the last digit
    return tuple(planes)


def crc16(data: bytes | bytearray | memoryview, crc: int = 0) -> int:
    """The FIT CRC of `data`, continuing from `crc` (0 to start), as the SDK computes it."""
    view = memoryview(data).cast("B")
    _Checked.total += len(view)
    if _Checked.total <= FAST_AFTER or len(view) < 2:
        table = _BYTE_TABLE
        for value in view:
            crc = (crc >> 8) ^ table[(crc ^ value) & 0xFF]
        return crc
    return _by_planes(bytes(view), crc)


def _by_planes(data: bytes, crc: int) -> int:
    """`crc16` of at least two bytes with the bit planes (see the module's note)."""
    size = len(data)
    message = int.from_bytes(data.translate(_REVERSED), "big")  # the last bit read is bit 0
    # A register starting at `crc` reads the message as one starting at 0 reads it with
    # `crc` XORed into its first two bytes (low byte first).
    first = _REVERSED[crc & 0xFF] << 8 * (size - 1)
    message ^= first | _REVERSED[crc >> 8] << 8 * (size - 2)
    message = _folded(message)
    register = 0
    for bit, plane in enumerate(_planes()):
        register |= ((message & plane).bit_count() & 1) << bit
    return register


def _folded(message: int) -> int:
    """The message XOR-folded to at most PERIOD bits: bits a multiple of PERIOD apart
    contribute the same, so each fold keeps the register. Halving each time keeps it linear."""
    length = message.bit_length()
    while length > PERIOD:
        chunk = PERIOD * -(-length // (2 * PERIOD))  # about half, a multiple of PERIOD
        message = (message & ((1 << chunk) - 1)) ^ (message >> chunk)
        length = message.bit_length()
    return message
