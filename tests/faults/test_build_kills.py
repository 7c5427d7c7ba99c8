"""The build's main process killed while its workers run: nothing outlives it.

`ridec build -j 2` runs as a user runs it; once it is well under way, only its main process
is killed (SIGKILL, which nothing can catch, or SIGTERM). Its workers must end on their own
and the lock must go with them: the next build must run, finish, and leave DIST equal to a
build into an empty folder, byte for byte.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bench.generate import write_library

from tests.faults.build_support import (
    TARGETS,
    clean_build,
    comparable,
    processes_with_parent,
    running,
)
from tests.library.build_helpers import run_build
from tests.paths import ROOT

WORKOUTS = 60
OUTPUTS_BEFORE_KILL = 6
"""New outputs to wait for: the workers are busy, far from done."""
GIVE_UP_S = 120.0
"""Only detects a hang: a healthy run takes a fraction of it."""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lib = tmp_path_factory.mktemp("kills") / "lib"
    write_library(lib, WORKOUTS)
    return lib


@pytest.fixture(scope="module")
def clean(library: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return clean_build(library, tmp_path_factory.mktemp("clean") / "dist", targets=TARGETS)


def _start(lib: Path, dist: Path, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from ridec.cli import main; main()", "build", str(lib)]
    command += ["-o", str(dist), "-j", "2", "-q", "-t", ",".join(TARGETS)]
    # Output to a file, not a pipe: a worker that outlived the build would hold a pipe open.
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def _outputs(dist: Path) -> int:
    return len(list(dist.glob("*.json")))


def _wait_for(condition: str, test: Callable[[], object]) -> None:
    deadline = time.monotonic() + GIVE_UP_S
    while not test():
        assert time.monotonic() < deadline, f"gave up waiting: {condition}"
        time.sleep(0.01)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_end_with_a_killed_build_and_the_next_build_is_clean(
    library: Path, clean: dict[str, bytes], tmp_path: Path, sig: signal.Signals
) -> None:
    dist = tmp_path / "dist"
    build = _start(library, dist, tmp_path / "build.log")
    try:
        _wait_for("outputs", lambda: _outputs(dist) >= OUTPUTS_BEFORE_KILL or build.poll())
        workers = processes_with_parent(build.pid)
        assert build.poll() is None, "the build finished before it could be killed"
        assert len(workers) == 2
        os.kill(build.pid, sig)  # the main process only, not its process group
        build.wait(timeout=GIVE_UP_S)
    finally:
        build.kill()
        build.wait()
    assert build.returncode == -sig
    assert _outputs(dist) < WORKOUTS, "the build was not interrupted"
    _wait_for("the workers to end", lambda: not any(running(pid) for pid in workers))

    report = run_build([library], dist, targets=TARGETS)
    assert report.ok, report.diagnostics()
    assert report.compiled > 0
    assert comparable(dist) == clean
    assert list(dist.rglob("*.tmp")) == []
