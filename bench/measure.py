"""Timing and memory primitives: warm-ups, medians, paired runs, process-tree RSS.

Every comparison runs its two sides alternately (subject, baseline, subject, ...), so a
change in the machine's load during a benchmark moves both sides, not one: the machine is
shared, and a ratio of two figures measured minutes apart would measure the load as well.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
MEGABYTE = 1024 * 1024
_BYTECODE_VARIABLES = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
SAMPLE_INTERVAL_S = 0.05
"""How often the process tree's memory is sampled while a build runs."""


@dataclass(frozen=True, slots=True)
class Timing:
    """Wall-clock seconds of every measured run of one thing (warm-ups not included)."""

    label: str
    """What ran, as the report names it."""
    seconds: tuple[float, ...]
    """One figure per run, in run order."""

    @property
    def median(self) -> float:
        """The median run: robust to the odd run slowed by another process."""
        return statistics.median(self.seconds)


@dataclass(frozen=True, slots=True)
class Task:
    """Something to time: `setup` runs untimed before every run (a fresh folder, say)."""

    label: str
    run: Callable[[], object]
    setup: Callable[[], object] | None = None

    def once(self) -> float:
        """Seconds of one run, setup excluded."""
        if self.setup is not None:
            self.setup()
        started = time.perf_counter()
        self.run()
        return time.perf_counter() - started


def measure(task: Task, runs: int, warmups: int = 1) -> Timing:
    """`runs` timed runs of `task` after `warmups` untimed ones."""
    for _ in range(warmups):
        task.once()
    return Timing(task.label, tuple(task.once() for _ in range(runs)))


@dataclass(frozen=True, slots=True)
class Pair:
    """A subject and its baseline, measured in the same run, alternately."""

    subject: Timing
    baseline: Timing

    @property
    def ratio(self) -> float:
        """Subject's median over the baseline's: below 1 the subject is faster."""
        return self.subject.median / self.baseline.median


def measure_pair(subject: Task, baseline: Task, runs: int, warmups: int = 1) -> Pair:
    """Both tasks, warmed up, then run alternately `runs` times each."""
    ours, theirs = measure_rounds([subject, baseline], runs, warmups)
    return Pair(ours, theirs)


def measure_rounds(tasks: Sequence[Task], runs: int, warmups: int = 1) -> list[Timing]:
    """Every task warmed up, then `runs` rounds running each task once, in turn."""
    for _ in range(warmups):
        for task in tasks:
            task.once()
    rounds = [[task.once() for task in tasks] for _ in range(runs)]
    return [Timing(task.label, tuple(times[i] for times in rounds)) for i, task in enumerate(tasks)]


@contextlib.contextmanager
def cached_bytecode(folder: Path) -> Iterator[None]:
    """Processes started inside the block cache compiled bytecode under `folder`.

    An installed ridec runs from cached bytecode, as its dependencies do; an environment that
    sets PYTHONDONTWRITEBYTECODE (some sandboxes do) would make every `ridec` process compile
    ridec's sources anew, while typer and lxml come precompiled from their wheels.
    """
    saved = {name: os.environ.get(name) for name in _BYTECODE_VARIABLES}
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def isolated(function: Callable[..., T], *args: object) -> T:
    """`function(*args)` run in a fresh interpreter, its result sent back.

    Each benchmark runs this way, so what one leaves in memory (fit-tool's message objects
    take gigabytes) neither slows the process starts of the next nor shows in its peak RSS:
    a child's peak resident set starts from its parent's size when it was forked.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def command(argv: Sequence[str | Path], ok: Sequence[int] = (0,)) -> Callable[[], None]:
    """A callable running `argv` to completion, output captured; other exit codes raise."""
    arguments = [str(a) for a in argv]

    def run() -> None:
        done = subprocess.run(arguments, capture_output=True, check=False)
        if done.returncode not in ok:
            stderr = done.stderr.decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"{arguments[:3]} exited {done.returncode}:\n{stderr}")

    return run


@dataclass(frozen=True, slots=True)
class MemoryPeak:
    """Peak memory of a command and every process it started."""

    tree_pss_mb: float
    """Largest sum of the proportional sets (PSS) of the process and its descendants, sampled:
    each shared page counted once in all, so the sum is the memory the tree really holds."""
    tree_rss_mb: float
    """Largest sum of their resident sets: pages forked workers share count once per process."""
    largest_process_mb: float
    """The kernel's peak resident set of the largest single process (wait4's ru_maxrss)."""
    seconds: float
    """Wall-clock time of the command."""
    samples: int
    """How many samples the tree figure is the largest of."""


def peak_memory(argv: Sequence[str | Path], ok: Sequence[int] = (0,)) -> MemoryPeak:
    """Run `argv`, sampling the resident memory of its whole process tree until it ends."""
    started = time.perf_counter()
    arguments = [str(a) for a in argv]
    with subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        sampler = _TreeSampler(process.pid)
        sampler.start()
        stderr = process.stderr.read() if process.stderr else b""
        # wait4, not wait: it also returns the child's resource usage, peak RSS included.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        raise RuntimeError(f"{arguments[:3]} exited {process.returncode}: {stderr[-2000:]!r}")
    largest = usage.ru_maxrss * 1024 / MEGABYTE  # Linux reports kilobytes
    return MemoryPeak(
        sampler.peak_pss / MEGABYTE,
        sampler.peak_rss / MEGABYTE,
        largest,
        seconds,
        sampler.samples,
    )


class _TreeSampler(threading.Thread):
    """Samples the summed memory of a process and its descendants from /proc until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_pss = self.peak_rss = 0
        self.samples = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            pss, rss = tree_memory(self.root)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_rss = max(self.peak_rss, rss)
            self.samples += 1
            self._done.wait(SAMPLE_INTERVAL_S)

    def stop(self) -> None:
        self._done.set()
        self.join()


def tree_memory(root: int) -> tuple[int, int]:
    """(PSS, RSS) bytes of `root` and all its descendants now (0 for what has ended)."""
    parents = _parents()
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    sizes = [_memory(pid) for pid in tree]
    return sum(pss for pss, _ in sizes), sum(rss for _, rss in sizes)


def _parents() -> dict[int, int]:
    """Every live process and its parent, from /proc/<pid>/stat."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields resume after the last ')'.
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) bytes of one process, from /proc/<pid>/smaps_rollup."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    fields = dict(line.split(":", 1) for line in text.splitlines()[1:] if ":" in line)
    return _kilobytes(fields.get("Pss", "0")), _kilobytes(fields.get("Rss", "0"))


def _kilobytes(value: str) -> int:
    return int(value.split(maxsplit=1)[0]) * 1024
