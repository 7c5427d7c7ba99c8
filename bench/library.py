"""Library builds from the shell: CPU per workout, full build against the floor, no-op
rebuild, peak memory.

Each `ridec build` runs as a user runs it (its console script, `-j` workers, `-q`), into a
DIST emptied before every full build; removing it is not timed. Its CPU time (user + sys of
the parent and every worker, from `getrusage(RUSAGE_CHILDREN)`) divided by the workouts is
held against fit-tool's CPU time to encode the same workouts' FIT alone, and to build its
messages and encode them. The floor writes the
bytes of the warm-up build to the same paths (see `bench/floor.py`), ending with `os.sync()`
as `ridec build` does (neither fsyncs file by file), and its output is compared with the last
timed build's, file by file: equal trees also show the build is reproducible.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.fit_encoding import fit_tool_cpu
from bench.floor import pack
from bench.generate import generate, write_library
from bench.measure import (
    MemoryPeak,
    Pair,
    Task,
    Timing,
    command,
    measure,
    measure_rounds,
    peak_memory,
)

RIDEC = Path(sys.executable).with_name("ridec")
"""The console script installed beside this interpreter."""
FLOOR_SCRIPT = Path(__file__).with_name("floor.py")


@dataclass(frozen=True, slots=True)
class LibraryResult:
    """A full build against the floor, and a no-op rebuild against the full build."""

    workouts: int
    jobs: int
    files: int
    """Files one build writes (outputs, the index with the cards, the manifest)."""
    megabytes: float
    """Their total size."""
    cpu_vs_fit_tool: Pair
    """CPU seconds per workout of each full build (parent and workers) against fit-tool's
    CPU seconds per workout to encode the same workouts' FIT alone: issue 15's goal 2."""
    cpu_vs_fit_tool_building: Pair
    """The same builds against fit-tool's CPU seconds per workout to build the same FIT
    messages (its message objects, from their field values) and encode them: issue 23's."""
    build_vs_floor: Pair
    """Against the floor ending with `os.sync()`, as `ridec build` ends (its outputs made
    durable before the manifest vouches for them): the same fsync policy, the target's ratio."""
    floor_plain: Timing
    """The floor without the final sync, for context."""
    noop_vs_build: Pair
    differing: tuple[str, ...]
    """Paths whose bytes differ between the floor's tree and the last build's (none expected)."""
    noop_summary: str
    startup_cpu_s: float
    """CPU seconds of a full build of one workout (start-up of the parent and its workers
    included), median of a few: how much of the CPU per workout is fixed cost."""
    """What a no-op rebuild says it did (nothing compiled, every source unchanged)."""


@dataclass(frozen=True, slots=True)
class MemoryResult:
    """Peak memory of one full build."""

    workouts: int
    jobs: int
    peak: MemoryPeak


def build_command(library: Path, dist: Path, jobs: int) -> list[str]:
    """`ridec build LIBRARY -o DIST -j JOBS -q`."""
    return [str(RIDEC), "build", str(library), "-o", str(dist), "-j", str(jobs), "-q"]


def run(
    workdir: Path, workouts: int, jobs: int, runs: int, noop_runs: int, *, seed: int = 2026
) -> LibraryResult:
    """Time the full build against the floor (`runs` times), then the no-op rebuild; then
    fit-tool's CPU per workout on the same workouts."""
    library, dist, floor, payload = (workdir / n for n in ("library", "dist", "floor", "payload"))
    write_library(library, workouts, seed)
    spent: list[float] = []
    build_run = _metered(command(build_command(library, dist, jobs)), spent)
    build = Task("ridec build", build_run, _emptied(dist))
    build.once()  # the warm-up, whose files the floor writes
    files, size = pack(dist, payload)
    script = [sys.executable, str(FLOOR_SCRIPT), str(payload), str(floor)]
    floor_task = Task("floor script", command(script), _emptied(floor))
    synced = Task("floor script + sync", command([*script, "--sync"]), _emptied(floor))
    floor_task.once()
    build_t, synced_t, floor_t = measure_rounds([build, synced, floor_task], runs, warmups=0)
    full = Pair(build_t, synced_t)
    cpu = Timing(
        "ridec build, 5 formats checked + card (CPU)",
        tuple(seconds / workouts for seconds in spent[-runs:]),
    )
    reference = fit_tool_cpu(generate(workouts, seed), runs)
    startup = _startup_cpu(workdir, jobs, runs)
    differing = _differences(dist, floor)
    again = build_command(library, dist, jobs)
    summary = _summary(again[:-1])  # without -q: the warm-up, and what it says it did
    noop = measure(Task("ridec build (no-op)", command(again)), noop_runs, warmups=0)
    return LibraryResult(
        workouts=workouts,
        jobs=jobs,
        files=files,
        megabytes=size / 1024 / 1024,
        cpu_vs_fit_tool=Pair(cpu, reference.encoding),
        cpu_vs_fit_tool_building=Pair(cpu, reference.building_and_encoding),
        build_vs_floor=full,
        floor_plain=floor_t,
        noop_vs_build=Pair(noop, full.subject),
        differing=differing,
        noop_summary=summary,
        startup_cpu_s=startup,
    )


def memory(workdir: Path, workouts: int, jobs: int) -> MemoryResult:
    """Peak memory of building `workouts` generated workouts from scratch."""
    library, dist = workdir / "memory-library", workdir / "memory-dist"
    write_library(library, workouts)
    try:
        peak = peak_memory(build_command(library, dist, jobs))
    finally:
        shutil.rmtree(dist, ignore_errors=True)
        shutil.rmtree(library, ignore_errors=True)
    return MemoryResult(workouts, jobs, peak)


def _startup_cpu(workdir: Path, jobs: int, runs: int) -> float:
    """Median CPU seconds of full builds of a one-workout library."""
    library, dist = workdir / "one-library", workdir / "one-dist"
    write_library(library, 1)
    spent: list[float] = []
    task = Task("one", _metered(command(build_command(library, dist, jobs)), spent), _emptied(dist))
    for _ in range(runs):
        task.once()
    return statistics.median(spent)


def _metered(run: Callable[[], None], spent: list[float]) -> Callable[[], None]:
    """`run`, appending to `spent` the CPU seconds (user + sys) of the processes it waited
    for: a command and every descendant reaped along the way (the build's workers)."""

    def metered() -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

    return metered


def _emptied(folder: Path) -> Callable[[], None]:
    """Remove `folder`, then flush: every timed run starts with nothing left to write back
    (without it, one run's pending writes and deletions slow the next, by up to a second)."""

    def empty() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        os.sync()

    return empty


def _summary(argv: list[str]) -> str:
    """The summary line `ridec build` prints."""
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def _differences(left: Path, right: Path) -> tuple[str, ...]:
    """Relative paths present in only one tree, or with different bytes."""
    ours, theirs = _digests(left), _digests(right)
    keys = sorted(set(ours) | set(theirs))
    return tuple(key for key in keys if ours.get(key) != theirs.get(key))


PRIVATE = (".ridec/stamps.json",)
"""The build's record of its files' metadata (sizes, times, inodes): true of one folder only."""


def _digests(folder: Path) -> dict[str, bytes]:
    found = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*")}
    return {
        name: hashlib.sha256(path.read_bytes()).digest()
        for name, path in found.items()
        if path.is_file() and name not in PRIVATE
    }
