"""A standard output that cannot be written is one line on stderr and exit 1.

Before: `ridec --version > /dev/full`, `compile -o - > /dev/full`, `show > /dev/full` and
the rest ended in a Python traceback ending `OSError: [Errno 28] No space left on device`.
Run in a child process, as a user would: the runner's captured stdout cannot fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.bounded import HANG_TIMEOUT_S

FULL = "/dev/full"
NO_SPACE = "ridec: error: cannot write to standard output: no space left on device"


def ridec_into(stdout: int, args: list[str], cwd: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", "from ridec.cli import main; main()", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=HANG_TIMEOUT_S,
        check=False,
    )
    return done.returncode, done.stderr.decode("utf-8", "replace")


@pytest.fixture
def workout(tmp_path: Path) -> Path:
    (tmp_path / "w.ride").write_text("name: Tempo\nftp: 250\n10m 60% 90rpm \"Go\"\n")
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["compile", "w.ride", "-t", "zwo", "-o", "-"],
        ["compile", "w.ride", "-t", "fit", "-o", "-"],
        ["show", "w.ride"],
        ["show", "w.ride", "--json"],
        ["show", "w.ride", "--svg", "-"],
        ["import", "w.ride"],
        ["validate", "w.ride"],
        ["--help"],
    ],
)
def test_a_full_stdout_is_one_line_and_exit_1(workout: Path, args: list[str]) -> None:
    with open(FULL, "wb") as full:
        code, stderr = ridec_into(full.fileno(), args, workout)
    assert (code, stderr) == (1, NO_SPACE + "\n")


def test_a_closed_pipe_is_one_line_too(workout: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # nobody will read: every write is EPIPE
    try:
        code, stderr = ridec_into(write, ["show", "w.ride"], workout)
    finally:
        os.close(write)
    assert (code, stderr) == (1, "ridec: error: cannot write to standard output: broken pipe\n")


def test_a_working_stdout_is_untouched(workout: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from ridec.cli import main; main()", "--version"],
        cwd=workout,
        capture_output=True,
        timeout=HANG_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.decode().startswith("ridec ")
    assert done.stderr == b""
