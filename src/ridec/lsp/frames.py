"""LSP's Content-Length frames read from the client, with bounds: the standard library only.

`ridec lsp` reads its first frame (normally `initialize`) before pygls and lsprotocol have
loaded, and every later one the same way (`framing.Wire`), so the bounds hold from the first
byte: a header line is at most `MAX_HEADER_LINE_BYTES`, a body at most
`MAX_LSP_MESSAGE_BYTES`; a larger body is reported, not read (the caller skips it a chunk at
a time with `skip`, so the next frame is read in step).
"""

from __future__ import annotations

from typing import BinaryIO

from ridec.fileio import describe_bytes
from ridec.limits import MAX_LSP_MESSAGE_BYTES
from ridec.records import record

MAX_HEADER_LINE_BYTES = 4096
"""Bytes of one header line (`Content-Length: 1234` and `Content-Type: ...` take 60)."""
SKIP_CHUNK_BYTES = 1 << 20
"""Bytes of a refused body read (and dropped) at a time."""


@record
class Frame:
    """One frame: its body, or what is wrong with it."""

    body: bytes | None
    """The message; None when refused, or cut short by the end of the input."""
    length: int | None = None
    """Its Content-Length, when one was read."""
    problem: str | None = None
    """Why it is refused ("a message of N bytes: ..."); None when it is not."""


def read_frame(stdin: BinaryIO) -> Frame | None:
    """The next frame, read in one go; None at the end of the input."""
    headers = _headers(stdin)
    if headers is None:
        return None
    length, problem = headers
    if problem is None and length is not None and length > MAX_LSP_MESSAGE_BYTES:
        limit = describe_bytes(MAX_LSP_MESSAGE_BYTES)
        problem = f"a message of {length:,} bytes: the most the server reads is {limit}"
    if problem is not None:
        return Frame(None, length, problem)
    assert length is not None
    body = stdin.read(length)
    return Frame(body if len(body) == length else None, length)


def _headers(stdin: BinaryIO) -> tuple[int | None, str | None] | None:
    """The next frame's Content-Length and what is wrong with its headers, if anything;
    None at the end of the input."""
    length: int | None = None
    problem = None
    seen = False
    while True:
        line = stdin.readline(MAX_HEADER_LINE_BYTES)
        if not line:
            return None
        if not line.endswith(b"\n"):
            problem = f"a header line longer than {MAX_HEADER_LINE_BYTES:,} bytes"
            if not _skip_line(stdin):
                return None
            seen = True
            continue
        text = line.strip()
        if not text:
            if not seen:
                continue  # blank lines between frames
            break
        seen = True
        name, _, value = text.partition(b":")
        if name.strip().lower() == b"content-length":
            digits = value.strip()
            if digits.isdigit():
                length = int(digits)
            else:
                problem = f"a Content-Length that is not a number: {digits[:40]!r}"
    if problem is None and length is None:
        problem = "a message without a Content-Length header"
    return length, problem


def skip(stdin: BinaryIO, count: int) -> bool:
    """Read and drop `count` bytes, a chunk at a time; False at the end of the input."""
    while count > 0:
        chunk = stdin.read(min(count, SKIP_CHUNK_BYTES))
        if not chunk:
            return False
        count -= len(chunk)
    return True


def _skip_line(stdin: BinaryIO) -> bool:
    """Read and drop the rest of an overlong line; False at the end of the input."""
    while True:
        chunk = stdin.readline(SKIP_CHUNK_BYTES)
        if not chunk:
            return False
        if chunk.endswith(b"\n"):
            return True
