"""What the `ridec` process sets up before any command runs, without importing typer (so
`ridec --version` does not pay for it): a standard output whose failure is one line on
stderr, and no cyclic garbage collection while the process starts.

Start-up only creates long-lived objects (modules, classes, functions, typer's commands),
so a collection then scans thousands of objects and frees none: about 5 % of a single
compile's instructions. Collection is paused from the start of `ridec.cli.main` until the
command's own code runs (the root callback resumes it), so long-running commands (`lsp`,
`preview`) and big builds collect as usual.
"""

from __future__ import annotations

import gc
import io
import os
import sys


class _Collection:
    paused = False
    """Whether `pause_collection` turned collection off and nothing turned it back on."""


def pause_collection() -> None:
    """Turn cyclic garbage collection off for the start-up (when it is on)."""
    if gc.isenabled():
        gc.disable()
        _Collection.paused = True


def resume_collection() -> None:
    """Turn collection back on if `pause_collection` turned it off. Every object start-up
    made is first moved to the oldest generation unscanned (`freeze`, then `unfreeze`), as
    if it had survived the collections it skipped, so resuming does not scan them all at
    once; cycles among them are still found by a later full collection."""
    if _Collection.paused:
        _Collection.paused = False
        gc.freeze()
        gc.unfreeze()
        gc.enable()


class StdoutError(Exception):
    """Standard output could not be written: a full disk (`> /dev/full`), a closed pipe.

    Not an OSError, so that no handler meant for the files a command reads or writes takes
    it for one of them: it goes up to `ridec.cli.main`, which says so in one line.
    """

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _GuardedStdout(io.RawIOBase):
    """File descriptor 1, raising StdoutError when a write fails, then dropping what is
    left (so that the flush at exit does not fail a second time)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self._failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: bytes) -> int:  # type: ignore[override]  # bytes-like in, count out
        if self._failed:
            return len(data)
        try:
            return os.write(self._fd, data)
        except OSError as exc:
            self._failed = True
            raise StdoutError(exc) from None


def guard_stdout() -> None:
    """Route sys.stdout through `_GuardedStdout`, keeping its encoding and buffering; a
    stdout that is no file (a test runner's) is left as it is."""
    stream = sys.stdout
    try:
        fd = stream.fileno()
        stream.flush()
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        return
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_GuardedStdout(fd)),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=bool(stream.line_buffering),
    )
