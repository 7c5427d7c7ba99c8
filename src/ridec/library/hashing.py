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
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ridec.library.outdir import reason

MISSING = b"\0missing\0"
"""Stands for a referenced file that cannot be read, so creating it changes the hash."""
HASH_LIMIT = 64 * 1024 * 1024
"""Bytes of a source hashed at most: far above what compiling accepts, so a larger file is
refused by the compiler anyway, and a huge one costs no more than this to look at."""
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


def source_digest(path: Path) -> bytes:
    """SHA-256 of a source's bytes (and its size when it is over `HASH_LIMIT`).

    Raises `UnreadableSourceError` for anything but a readable regular file; never blocks.
    """
    fd, size = _open_regular(path)
    try:
        digest = hashlib.sha256()
        for chunk in _chunks(fd, HASH_LIMIT):
            digest.update(chunk)
        if size > HASH_LIMIT:
            digest.update(b"\0size\0" + str(size).encode("ascii"))
        return digest.digest()
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a small regular file (a roster), at most `limit` of them.

    Raises `UnreadableSourceError` for anything else, for a larger file, or when it cannot be
    read; never blocks.
    """
    fd, _ = _open_regular(path)
    try:
        data = b"".join(_chunks(fd, limit + 1))
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnreadableSourceError(f"larger than {limit} bytes")
    return data


def file_digest(path: Path) -> bytes:
    """Like `source_digest`, or the digest of the MISSING marker when it cannot be read."""
    try:
        return source_digest(path)
    except UnreadableSourceError:
        return hashlib.sha256(MISSING).digest()


def source_hash(path: Path, deps: Iterable[str] = (), folder: Path = Path()) -> str:
    """The hex hash of a source and the files it references (POSIX paths relative to the
    source folder `folder`).

    Raises `UnreadableSourceError` when the source itself cannot be read; a referenced file that
    cannot be read counts as missing (the compile reports it).
    """
    digest = hashlib.sha256(source_digest(path))
    for dep in sorted(deps):
        digest.update(dep.encode("utf-8") + b"\0" + file_digest(folder / dep))
    return digest.hexdigest()


def bytes_hash(data: bytes) -> str:
    """The hex SHA-256 of an output's bytes."""
    return hashlib.sha256(data).hexdigest()


def fingerprint(settings: Mapping[str, object]) -> str:
    """A short stable hash of JSON-ready build settings."""
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
