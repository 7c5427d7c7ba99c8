"""Run ridec in a child process under a memory cap and a timeout that only catches hangs.

The cap (`resource.setrlimit(RLIMIT_AS)`) is what makes an expansion bomb or an unbounded
read fail the test instead of the machine: before the limits, the 68-byte three-level
repeat took 8 GB. The timeout is generous on purpose (the machine is shared); it exists to
turn a hang (a FIFO opened for reading) into a failure rather than to measure speed.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MEMORY_LIMIT = 512 * 1024 * 1024
"""Address space a child may use: ample for ridec, far below what the old bombs took."""
HANG_TIMEOUT_S = 120
"""Seconds after which a child is taken to hang (every case ends in well under one)."""
LOCATED = re.compile(r"^\S.*?(?::\d+:\d+|: offset \d+)?: error: ", re.MULTILINE)
"""A first line: `path:line:col: error:`, `path: offset N: error:` or `path: error:`."""


@dataclass(frozen=True, slots=True)
class Run:
    """What a bounded child did."""

    code: int
    stdout: str
    stderr: str


def _cap_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_ridec(args: Sequence[str], cwd: Path) -> Run:
    """`ridec ARGS` in `cwd`, capped; stdin is empty so nothing waits on a terminal."""
    done = subprocess.run(
        [sys.executable, "-c", "from ridec.cli import main; main()", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=HANG_TIMEOUT_S,
        preexec_fn=_cap_memory,
        check=False,
    )
    return Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def first_error(stderr: str) -> str:
    """The first `... error: ...` line of the output."""
    for line in stderr.splitlines():
        if LOCATED.match(line):
            return line
    raise AssertionError(f"no located error in:\n{stderr}")


def assert_located_failure(run: Run, location: str, message: str) -> None:
    """Exit 1, no traceback, and a first error at `location` that contains `message`."""
    assert run.code == 1, (run.code, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    line = first_error(run.stderr)
    assert line.startswith(f"{location}: "), line
    assert message in line, line
