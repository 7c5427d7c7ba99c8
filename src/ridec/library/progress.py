"""How a build shows its progress: a rich bar on a terminal, plain lines otherwise, or nothing.

The bar refreshes only when a result arrives (no refresh thread), so worker processes are
never forked while another thread of this process holds a lock.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol, TextIO

from ridec.escapes import escape_controls

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ridec.library.compiler import JobResult


class BuildProgress(Protocol):
    """Receives the build's events."""

    def start(self, total: int) -> None:
        """`total` sources are about to be compiled."""

    def advance(self, result: JobResult) -> None:
        """One source is done."""

    def finish(self) -> None:
        """Every source is done."""


class SilentProgress:
    """`--quiet`: shows nothing."""

    def start(self, total: int) -> None:
        """Nothing to show."""

    def advance(self, result: JobResult) -> None:
        """Nothing to show."""

    def finish(self) -> None:
        """Nothing to show."""


class LineProgress:
    """One plain line per compiled source, for logs and pipes."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        """Remember the total for the counters."""
        self.total = total

    def advance(self, result: JobResult) -> None:
        """`[ 3/12] compiled workouts/standing.ride (5 files)`."""
        self.done += 1
        width = len(str(self.total))
        status = "compiled" if result.ok else "FAILED  "
        files = len(result.outputs)
        noun = "file" if files == 1 else "files"
        source = escape_controls(result.shown, keep_lines=False)  # a name is no command
        line = f"[{self.done:>{width}}/{self.total}] {status} {source} ({files} {noun})"
        print(line, file=self.stream or sys.stderr, flush=True)

    def finish(self) -> None:
        """Nothing more to show: the command prints the summary."""


class BarProgress:
    """A rich progress bar on the terminal (stderr)."""

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        """Show the bar."""
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=Console(stderr=True),
            auto_refresh=False,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("build", total=total, current="")

    def advance(self, result: JobResult) -> None:
        """Move the bar."""
        from rich.markup import escape

        if self.bar is not None and self.task is not None:
            # The column is read as rich markup: a name's brackets are escaped too.
            current = escape(escape_controls(result.shown, keep_lines=False))
            self.bar.update(self.task, advance=1, current=current)
            self.bar.refresh()

    def finish(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.stop()


def choose_progress(quiet: bool, stream: TextIO | None = None) -> BuildProgress:
    """Nothing with `--quiet`, a bar on a terminal, plain lines otherwise."""
    if quiet:
        return SilentProgress()
    err = stream or sys.stderr
    if err.isatty():
        return BarProgress()
    return LineProgress(stream)
