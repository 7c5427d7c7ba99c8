"""Many output files written atomically with one flush for them all (`ridec import`).

`fileio.write_atomic` flushes each file (an fsync: a journal commit and a disk cache flush,
about 3 ms each on this machine's disk, most of an import of hundreds of small files).
A `Batch` writes each file under its temporary name unflushed, then flushes them all with
one `os.sync()` before renaming any into place, so a file under its final name is still
always complete: what the README's "Atomic writes" promises holds as it did.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from ridec.diagnostics import Diagnostic, DiagnosticError
from ridec.fileio import discard_temporary, write_error, write_temporary, written_to_stream

_SYNC = getattr(os, "sync", None)
"""sync(2), on Unix; where there is none (Windows), each file is flushed as it is written."""
SYNC_EVERY = 128
"""Files a `Batch` writes before it flushes and renames them (bounds what an interrupted
command leaves as temporary files)."""


class Batch:
    """Atomic writes of many files with one flush for them all instead of an fsync each.

    Each file is written under its temporary name as `write_atomic` writes it, unflushed;
    `commit` (due every `SYNC_EVERY` files: `full`) flushes them all with one `os.sync()`,
    then renames each into place. So a file under its final name is complete, as with
    `write_atomic`, and 300 files cost one flush instead of 300 fsyncs (each a journal
    commit and a disk cache flush, about 3 ms on an ordinary disk). As a context manager,
    it removes the files not yet renamed when an exception leaves the block.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path, list[Path], Diagnostic | None]] = []
        self._targets: set[str] = set()
        self._sigterm: Any = None

    def __enter__(self) -> Batch:
        # SIGTERM (a `kill`, a CI timeout) would end the process without unwinding, leaving
        # up to SYNC_EVERY temporary files: it is made an interrupt while files wait.
        if threading.current_thread() is threading.main_thread():
            self._sigterm = signal.signal(signal.SIGTERM, _interrupt)
        return self

    def __exit__(self, kind: object, exc: object, traceback: object) -> None:
        try:
            for tmp, _, made, _ in reversed(self._pending) if exc is not None else ():
                discard_temporary(tmp, made)
        finally:
            if self._sigterm is not None:
                signal.signal(signal.SIGTERM, self._sigterm)
                self._sigterm = None

    @property
    def full(self) -> bool:
        return len(self._pending) >= SYNC_EVERY

    def holds(self, path: Path) -> bool:
        """Whether a file for `path` waits to be renamed into place (for "already there")."""
        return os.path.normcase(os.path.abspath(path)) in self._targets

    def write(self, path: Path, data: bytes, *, unless_there: Diagnostic | None = None) -> None:
        """Write `data` under a temporary name beside `path`; an OSError is a diagnostic
        naming the path, and leaves nothing behind. With `unless_there`, the file is not
        renamed over anything that has its name by then (a file an earlier rename of the
        batch made, where the disk does not tell `X.ride` from `x.ride`): that diagnostic
        is reported instead."""
        try:
            if unless_there is None and written_to_stream(path, data):
                return  # a device or a FIFO is written in place, never renamed over
            tmp, made = write_temporary(path, data, durable=_SYNC is None)
        except OSError as exc:
            raise DiagnosticError([write_error(path, exc)]) from None
        self._pending.append((tmp, path, made, unless_there))
        self._targets.add(os.path.normcase(os.path.abspath(path)))

    def commit(self) -> list[Diagnostic]:
        """Flush every waiting file, then rename each into place; a rename that fails is a
        diagnostic (its temporary file is removed), the others are made all the same."""
        pending = self._pending
        if pending and _SYNC is not None:
            _SYNC()
        problems: list[Diagnostic] = []
        # Each file leaves `_pending` only once renamed or removed, so an interrupt during
        # the flush or the renames still finds every file left for `__exit__` to remove.
        while pending:
            tmp, path, made, unless_there = pending[0]
            try:
                if unless_there is not None and os.path.lexists(path):
                    discard_temporary(tmp, made)
                    problems.append(unless_there)
                else:
                    os.replace(tmp, path)
            except OSError as exc:
                discard_temporary(tmp, made)
                problems.append(write_error(path, exc))
            del pending[0]
        self._targets.clear()
        return problems


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
