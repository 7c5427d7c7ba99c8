"""Hashes that decide whether a source must be compiled again, and the reads they hash.

A workout's hash covers its bytes; a plan's covers its bytes and the bytes of every workout it
references, so editing `standing.ride` rebuilds the plan that uses it. The options
fingerprint covers everything else that changes the bytes of an output. A hash is always
taken over bytes in memory, the very bytes a job compiles (see `jobs`), never over a file
read again.

Sources are read through `read_regular`: a FIFO, a device or a socket among the sources is
refused without blocking (opened non-blocking, checked with `fstat`), and a read never goes
past the limit it is given.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from ridec.fileio import describe_bytes
from ridec.library.outdir import reason

MISSING = b"\0missing\0"
"""Stands for a referenced file that cannot be read, so creating it changes the hash."""
_CHUNK = 1 << 20
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class UnreadableSourceError(Exception):
    """A source that is not a regular file or cannot be read: `cannot read: <reason>`."""

    def __init__(self, why: str) -> None:
        super().__init__(f"cannot read: {why}")
        self.why = why
        """What is wrong, as a diagnostic phrase: `a FIFO (named pipe), not a regular file`."""


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _open_regular(path: Path) -> tuple[int, int]:
    """A descriptor open on a regular file, and its size; never blocks on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | os.O_CLOEXEC)
    except OSError as exc:
        raise UnreadableSourceError(reason(exc)) from None
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise UnreadableSourceError(reason(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise UnreadableSourceError(f"{_kind(info.st_mode)}, not a regular file")
    return fd, info.st_size


def _chunks(fd: int, limit: int) -> Iterator[bytes]:
    """The file's bytes in chunks, `limit` at most."""
    left = limit
    try:
        while left and (chunk := os.read(fd, min(_CHUNK, left))):
            left -= len(chunk)
            yield chunk
    except OSError as exc:
        raise UnreadableSourceError(reason(exc)) from None


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file (a source, a roster), at most `limit` of them.

    Raises `UnreadableSourceError` for anything else, for a larger file, or when it cannot be
    read; never blocks.
    """
    fd, _ = _open_regular(path)
    try:
        data = b"".join(_chunks(fd, limit + 1))
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnreadableSourceError(f"larger than {describe_bytes(limit)}, the most ridec reads")
    return data


def content_hash(data: bytes, deps: Mapping[str, bytes | None] | None = None) -> str:
    """The hex hash of a source's bytes and of the files it references (their bytes by their
    keys; None for one that could not be read, which counts as missing)."""
    digest = hashlib.sha256(hashlib.sha256(data).digest())
    for key, body in sorted((deps or {}).items()):
        part = hashlib.sha256(MISSING if body is None else body).digest()
        digest.update(key.encode("utf-8") + b"\0" + part)
    return digest.hexdigest()


def bytes_hash(data: bytes) -> str:
    """The hex SHA-256 of an output's bytes."""
    return hashlib.sha256(data).hexdigest()


def fingerprint(settings: Mapping[str, object]) -> str:
    """A short stable hash of JSON-ready build settings."""
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
