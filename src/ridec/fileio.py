"""Atomic file output: a reader never sees a partial file, a failure never leaves one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ridec.diagnostics import DiagnosticError, error


def _file_mode() -> int:
    # mkstemp creates files readable by the owner only; outputs are ordinary files that
    # riders and web servers read, so they get the mode `open()` would give under the umask.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_MODE = _file_mode()


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over.

    The rename is atomic on POSIX and Windows, so `path` holds either the old bytes or the
    new ones, never a mix; the temporary file is removed when anything fails.
    `durable=False` skips the per-file fsync, for callers that write many files and sync
    once before recording them (`ridec build` syncs before writing its manifest).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of an input file; a diagnostic when it cannot be read or exceeds `limit`.

    The size is checked before reading, so a huge file never reaches a reader.
    """
    try:
        if path.stat().st_size > limit:
            raise DiagnosticError([error(f"{path}: larger than {limit} bytes")])
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise DiagnosticError([error(f"cannot read {path}: {reason}")]) from None
