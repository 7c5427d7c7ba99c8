"""Atomicity: a killed or failing build leaves every earlier output intact and no partial file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bench.generate import write_library

from ridec.formats.base import FormatEntry
from ridec.formats.registry import REGISTRY
from ridec.library.engine import IN_PROGRESS, LOCK
from ridec.library.outdir import is_temporary
from tests.library.build_helpers import run_build, snapshot, temporaries
from tests.paths import ROOT

EARLIER = 12
"""Workouts built before the build that is killed."""
LATER = 160
"""Workouts the killed build was compiling (enough that it cannot finish before the kill)."""
KILL_AFTER = 15
"""New JSON outputs to wait for before the kill: the build is well under way, far from done."""
POLL_S = 0.01
GIVE_UP_S = 300.0


def _new_outputs(dist: Path, earlier: dict[str, bytes]) -> int:
    return sum(1 for p in dist.glob("*.json") if p.name not in earlier and not is_temporary(p.name))


def _start_build(lib: Path, dist: Path) -> subprocess.Popen[bytes]:
    code = "from ridec.cli import main; main()"
    command = [sys.executable, "-c", code, "build", str(lib), "-o", str(dist), "-j", "2", "-q"]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )


def _kill_part_way(build: subprocess.Popen[bytes], dist: Path, earlier: dict[str, bytes]) -> None:
    deadline = time.monotonic() + GIVE_UP_S
    while _new_outputs(dist, earlier) < KILL_AFTER:
        assert build.poll() is None, "the build finished before it could be killed"
        assert time.monotonic() < deadline, "the build never got under way"
        time.sleep(POLL_S)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()


def test_a_build_killed_part_way_leaves_earlier_outputs_and_no_partial_file(
    tmp_path: Path,
) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_library(lib, EARLIER)
    assert run_build([lib], dist).ok
    earlier = snapshot(dist)
    write_library(lib, EARLIER + LATER)  # the first EARLIER files are unchanged

    build = _start_build(lib, dist)
    _kill_part_way(build, dist, earlier)

    assert build.returncode == -signal.SIGKILL
    assert (dist / IN_PROGRESS).exists(), "the build was not interrupted"
    after_kill = snapshot(dist)
    for path, data in earlier.items():
        assert after_kill[path] == data, f"{path} changed"
    written = {p: d for p, d in after_kill.items() if p not in earlier}
    partial = [p for p in written if not is_temporary(Path(p).name) and p != IN_PROGRESS]
    assert len(partial) >= KILL_AFTER

    # Finishing the build rewrites every new output: each one seen after the kill was whole.
    report = run_build([lib], dist)
    assert (report.compiled, report.unchanged, report.failed) == (LATER, EARLIER, 0)
    final = snapshot(dist)
    for path in partial:
        assert final[path] == written[path], f"{path} was truncated"
    assert temporaries(dist) == []
    assert not (dist / IN_PROGRESS).exists()


@pytest.fixture
def boom(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = FormatEntry(
        "boom",
        (".boom",),
        writer="tests.library.boom_writer:BoomWriter",
        checker="ridec.formats.json.checker:check_file",
    )
    monkeypatch.setitem(REGISTRY, "boom", entry)


@pytest.mark.usefixtures("boom")
def test_a_target_that_raises_mid_file_leaves_no_file(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_library(lib, 3)
    assert run_build([lib], dist, targets=("json",)).ok
    earlier = snapshot(dist)
    report = run_build([lib], dist, targets=("json", "boom"))
    assert (report.compiled, report.failed) == (0, 3)
    assert all("the boom target failed mid-file" in text for text in report.diagnostics())
    assert not list(dist.rglob("*.boom*"))
    assert temporaries(dist) == []
    after = snapshot(dist)
    outputs = [p for p in earlier if p.endswith(".json") and "/" not in p and p != "manifest.json"]
    assert {p: after[p] for p in outputs} == {p: earlier[p] for p in outputs}


def test_a_write_that_fails_keeps_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_library(lib, 2)
    assert run_build([lib], dist, targets=("json",)).ok
    earlier = (dist / "synthetic-00000.json").read_bytes()
    source = lib / "synthetic-00000.ride"
    source.write_text(source.read_text("utf-8").replace("author: bench", "author: edited"))
    real_replace = os.replace

    def failing_replace(src: str, dst: str | Path, **where: int | None) -> None:
        if str(dst).endswith("synthetic-00000.json"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst, **where)

    monkeypatch.setattr("ridec.library.outdir.os.replace", failing_replace)
    report = run_build([lib], dist, targets=("json",))
    assert report.failed == 1
    assert "no space left on device" in report.diagnostics()[0]
    assert (dist / "synthetic-00000.json").read_bytes() == earlier
    assert temporaries(dist) == []


HOLD_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


def test_a_second_build_into_the_same_folder_waits_its_turn(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_library(lib, 1)
    assert run_build([lib], dist, targets=("json",)).ok
    # Another process holds the lock (a lock belongs to a process: this one could not).
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(dist / LOCK)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline() == b"held\n"
        report = run_build([lib], dist, targets=("json", "zwo"))
        holder.stdin.close()
    assert not report.ok
    assert report.diagnostics() == [
        f"ridec: error: another ridec build is writing {dist}; wait for it"
    ]
    assert not list(dist.glob("*.zwo"))
    assert run_build([lib], dist, targets=("json", "zwo")).ok
