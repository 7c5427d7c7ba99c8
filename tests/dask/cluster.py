"""A real Dask cluster for the tests: `dask scheduler` and `dask worker` processes on 127.0.0.1.

Each runs as its own process group, its output in a log file (never a pipe nobody reads),
and `stop` ends them all: SIGTERM, so the workers' nannies close their worker processes,
then SIGKILL to the whole group for whatever is left. Waits are bounded by a deadline, never
by a guess at how long the machine takes.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.paths import ROOT

DASK = Path(sys.executable).with_name("dask")
START_S = 180.0
"""Deadline for the scheduler and the workers to be up on a loaded machine."""
STOP_S = 60.0
"""Deadline for them to end after SIGTERM, before SIGKILL."""


@dataclass
class Cluster:
    """A scheduler and its workers, started as subprocesses."""

    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    address: str = ""

    def start(self, workers: int) -> None:
        """A scheduler on a free port of 127.0.0.1, and `workers` worker processes of one
        thread each, behind nannies (a worker that dies is started again)."""
        scheduler_file = self.folder / "scheduler.json"
        self._spawn(
            "scheduler",
            ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"],
            scheduler_file,
        )
        self.address = _address(scheduler_file, self.processes[0])
        if not workers:
            return
        self._spawn(
            "workers",
            ["worker", "--nworkers", str(workers), "--nthreads", "1", "--host", "127.0.0.1"],
            scheduler_file,
            "--no-dashboard",
        )

    def _spawn(self, name: str, argv: list[str], scheduler_file: Path, *more: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the tests' worker plugins import
        log = (self.folder / f"{name}.log").open("wb")
        with log:
            process = subprocess.Popen(
                [str(DASK), *argv, "--scheduler-file", str(scheduler_file), *more],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.folder,
                env=env,
                start_new_session=True,
            )
        self.processes.append(process)

    def stop(self) -> None:
        """End every process started, workers first."""
        for process in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=STOP_S)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # the group: nannies' children too
            process.wait()
        self.processes.clear()


def _address(scheduler_file: Path, scheduler: subprocess.Popen[bytes]) -> str:
    """The scheduler's address, once it has written its file."""
    deadline = time.monotonic() + START_S
    while True:
        with contextlib.suppress(OSError, ValueError, KeyError):
            return str(json.loads(scheduler_file.read_text(encoding="utf-8"))["address"])
        assert scheduler.poll() is None, "the scheduler ended"
        assert time.monotonic() < deadline, "the scheduler did not start"
        time.sleep(0.05)


@contextlib.contextmanager
def running_cluster(folder: Path, workers: int) -> Iterator[Cluster]:
    """A cluster for the block, stopped however the block ends."""
    cluster = Cluster(folder)
    try:
        cluster.start(workers)
        yield cluster
    finally:
        cluster.stop()
