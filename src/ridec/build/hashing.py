"""Hashes that decide whether a source must be compiled again.

A workout's hash covers its bytes; a plan's covers its bytes and the bytes of every workout it
references, so editing `standing.ride` rebuilds the plan that uses it. The options
fingerprint covers everything else that changes the bytes of an output.

Sources are read through `read_source_bytes`: a FIFO, a device or a socket among the sources
is refused without blocking (opened non-blocking, checked with `fstat`), and a read never
goes past `HASH_LIMIT`.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from ridec.build.outdir import reason

MISSING = b"\0missing\0"
"""Stands for a referenced file that cannot be read, so creating it changes the hash."""
HASH_LIMIT = 64 * 1024 * 1024
"""Bytes of a source hashed at most: far above what compiling accepts, so a larger file is
refused by the compiler anyway, and a huge one costs no more than this to look at."""
_CHUNK = 1 << 20
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class UnreadableSourceError(Exception):
    """A source that is not a regular file or cannot be read: what to tell the user."""


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def source_digest(path: Path) -> bytes:
    """SHA-256 of a source's bytes (and its size when it is over `HASH_LIMIT`).

    Raises `UnreadableSourceError` for anything but a readable regular file; never blocks.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | os.O_CLOEXEC)
    except OSError as exc:
        raise UnreadableSourceError(f"cannot read: {reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableSourceError(f"cannot read: {_kind(info.st_mode)}, not a regular file")
        digest = hashlib.sha256()
        left = HASH_LIMIT
        while left and (chunk := os.read(fd, min(_CHUNK, left))):
            digest.update(chunk)
            left -= len(chunk)
        if not left:
            digest.update(b"\0size\0" + str(info.st_size).encode("ascii"))
        return digest.digest()
    except OSError as exc:
        raise UnreadableSourceError(f"cannot read: {reason(exc)}") from None
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a small regular file (a roster), at most `limit` of them.

    Raises `UnreadableSourceError` for anything else, for a larger file, or when it cannot be
    read; never blocks.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | os.O_CLOEXEC)
    except OSError as exc:
        raise UnreadableSourceError(f"cannot read: {reason(exc)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableSourceError(f"cannot read: {_kind(mode)}, not a regular file")
        parts: list[bytes] = []
        left = limit + 1
        while left and (chunk := os.read(fd, min(_CHUNK, left))):
            parts.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise UnreadableSourceError(f"cannot read: {reason(exc)}") from None
    finally:
        os.close(fd)
    if not left:
        raise UnreadableSourceError(f"larger than {limit} bytes")
    return b"".join(parts)


def file_digest(path: Path) -> bytes:
    """Like `source_digest`, or the digest of the MISSING marker when it cannot be read."""
    try:
        return source_digest(path)
    except UnreadableSourceError:
        return hashlib.sha256(MISSING).digest()


def source_hash(path: Path, deps: Iterable[str] = ()) -> str:
    """The hex hash of a source and the files it references (given as POSIX paths).

    Raises `UnreadableSourceError` when the source itself cannot be read; a referenced file that
    cannot be read counts as missing (the compile reports it).
    """
    digest = hashlib.sha256(source_digest(path))
    for dep in sorted(deps):
        digest.update(dep.encode("utf-8") + b"\0" + file_digest(Path(dep)))
    return digest.hexdigest()


def bytes_hash(data: bytes) -> str:
    """The hex SHA-256 of an output's bytes."""
    return hashlib.sha256(data).hexdigest()


def fingerprint(settings: Mapping[str, object]) -> str:
    """A short stable hash of JSON-ready build settings."""
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
