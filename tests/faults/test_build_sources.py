"""Odd sources in a library: each a located error; the rest of the library is still built.

Each build runs as `ridec build` in a subprocess under a memory limit, with a timeout that
only detects a hang (a FIFO read blocks forever; a device read never ends).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.build_support import umask, workout, write_files
from tests.paths import ROOT

MEMORY_LIMIT = 2 * 1024**3
"""Address space for the build: far more than it needs, far less than reading /dev/zero."""
HANG_S = 120.0


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _ridec(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from ridec.cli import main; main()", *args]
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_S,
        preexec_fn=_limited,
        check=False,
    )


@pytest.mark.parametrize(
    ("make", "problem", "follow"),
    [
        (os.mkfifo, "cannot read: a FIFO (named pipe), not a regular file", False),
        (
            lambda p: p.symlink_to("/dev/zero"),
            "cannot read: a character device, not a regular file",
            True,
        ),
        (lambda p: p.symlink_to(p.name), "cannot read: too many levels of symbolic links", False),
    ],
    ids=["fifo", "device", "link-loop"],
)
def test_a_source_that_is_no_regular_file_is_a_located_error(
    tmp_path: Path, make: Callable[[Path], object], problem: str, follow: bool
) -> None:
    # The device is reached through a link out of the library: without --follow-symlinks
    # it is refused as such before anything is opened (tests/faults/test_build_symlinks.py).
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"good.ride": workout("Good")})
    make(lib / "x.ride")
    flags = ["--follow-symlinks"] if follow else []
    done = _ridec("build", str(lib), "-o", str(dist), "-t", "json", "-j", "1", "-q", *flags)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"{lib}/x.ride: error: {problem}\n"
    assert (dist / "good.json").is_file()


def test_the_summary_counts_a_failed_source_once(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"good.ride": workout("Good"), "bad.ride": "name: Bad\n4m 80% upstrke\n"})
    done = _ridec("build", str(lib), "-o", str(dist), "-t", "json", "-j", "1")
    assert done.returncode == 1
    assert done.stdout.startswith("built 2 sources in ")
    summary = "1 compiled, 0 unchanged, 1 failed; 1 files written, 0 removed"
    assert done.stdout.rstrip().endswith(summary)


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_the_index_and_the_manifest_follow_the_umask_as_outputs_do(
    tmp_path: Path, mask: int
) -> None:
    from tests.library.build_helpers import run_build

    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"good.ride": workout("Good")})
    with umask(mask):
        assert run_build([lib], dist, targets=("json",)).ok
    modes = {name: (dist / name).stat().st_mode & 0o777 for name in os.listdir(dist)}
    expected = 0o666 & ~mask
    assert modes == {
        "good.json": expected,
        "index.html": expected,
        "manifest.json": expected,
        ".ridec": 0o777 & ~mask,
    }


def test_a_roster_that_is_a_fifo_is_a_located_error(tmp_path: Path) -> None:
    lib, dist, roster = tmp_path / "lib", tmp_path / "dist", tmp_path / "roster.csv"
    write_files(lib, {"good.ride": workout("Good")})
    os.mkfifo(roster)
    done = _ridec("build", str(lib), "-o", str(dist), "-t", "erg", "--athletes", str(roster), "-q")
    assert done.returncode == 1
    assert done.stderr == (
        f"{roster}: error: cannot read the roster: a FIFO (named pipe), not a regular file\n"
    )
