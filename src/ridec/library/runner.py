"""Running build jobs in parallel across processes, streaming each result as it arrives.

A runner is how a build's jobs run: `ProcessPool` here, `DaskCluster` (`dask_runner`) on a
Dask cluster. The engine hands a runner the sources to compile and takes back each result as
it arrives; the runner decides nothing else, so every runner gives the same DIST.

Each job is made (its files read, once) in this process just before it is sent, so only the
jobs in flight hold source bytes: a few chunks per worker, `IN_FLIGHT_BYTES` at most beyond
one chunk. Jobs go to a `ProcessPoolExecutor` in chunks (one round trip per chunk, not per
file). Each finished chunk is handed on and forgotten, so the parent's memory does not grow
with the library. One job, or `-j 1`, runs in this process: no pool to start.

Workers end with the main process however it ends (see `lifeline`). When the main process
stops the build itself (Ctrl-C, an error while merging results), it kills the workers rather
than wait for every queued chunk.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Protocol

from ridec.library.compiler import BuildSettings, JobResult, failed
from ridec.library.discover import SourceKind
from ridec.library.hashing import UnreadableSourceError
from ridec.library.jobs import Job, Pending, load
from ridec.library.outdir import OutputDir
from ridec.library.problems import path_error
from ridec.library.worker import init_worker, run_chunk, run_job

CHUNKS_PER_WORKER = 8
"""Enough chunks per worker to even out fast and slow sources."""
MAX_CHUNK = 32
"""Cap, so progress moves regularly and a failed worker loses little."""
CHUNK_BYTES = 8 * 1024 * 1024
"""A chunk is closed once its jobs carry this many bytes."""
IN_FLIGHT_PER_WORKER = 2
"""Chunks sent ahead per worker: one running, one waiting, so no worker idles."""
IN_FLIGHT_BYTES = 64 * 1024 * 1024
"""Bytes of jobs sent and not yet done, past which no more chunk is sent until one is."""


RunnerInfo = dict[str, str | int]
"""Where a build ran, as the manifest records it (`"runner"`)."""


class Runner(Protocol):
    """A way to run a build's jobs."""

    def run(
        self, pending: Sequence[Pending], settings: BuildSettings, out: OutputDir
    ) -> Generator[JobResult, None, None]:
        """Every job's result, in the order they finish; each source's files are in `out`
        when its result is yielded."""
        ...

    def describe(self) -> RunnerInfo:
        """Where the jobs run, for the manifest."""
        ...


@dataclass(frozen=True, slots=True)
class ProcessPool:
    """Worker processes on this machine (`-j N`); one job, or `-j 1`, runs in this process."""

    jobs: int

    def run(
        self, pending: Sequence[Pending], settings: BuildSettings, out: OutputDir
    ) -> Generator[JobResult, None, None]:
        """Every job's result, in the order they finish."""
        return run_jobs(pending, settings, self.jobs, out)

    def describe(self) -> RunnerInfo:
        """`{"kind": "process-pool", "jobs": N}`."""
        return {"kind": "process-pool", "jobs": self.jobs}


def default_jobs() -> int:
    """Cores this process may use (the affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def chunk_size(jobs: int, workers: int) -> int:
    """How many jobs go to a worker at once."""
    return max(1, min(MAX_CHUNK, jobs // (workers * CHUNKS_PER_WORKER)))


def run_jobs(
    pending: Sequence[Pending], settings: BuildSettings, workers: int, out: OutputDir
) -> Generator[JobResult, None, None]:
    """Every job's result, in the order they finish (`out`: DIST, for jobs run here)."""
    jobs = made(pending, settings.follow_symlinks)
    if workers <= 1 or len(pending) <= 1:
        for job in jobs:
            yield job if isinstance(job, JobResult) else run_job(job, settings, out)
        return
    size = chunk_size(len(pending), workers)
    chunks = -(-len(pending) // size)
    pool = ProcessPoolExecutor(
        max_workers=min(workers, chunks), initializer=init_worker, initargs=(settings,)
    )
    try:
        yield from _pooled(pool, jobs, size, workers)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def made(pending: Sequence[Pending], follow_links: bool) -> Iterator[Job | JobResult]:
    """Each job, made when asked for; a source that cannot be read is its failure."""
    for item in pending:
        try:
            yield load(item, follow_links=follow_links)
        except UnreadableSourceError as exc:
            problem = path_error(item.source.shown, str(exc)).render()
            yield failed(item.source, "", (problem,))


def _pooled(
    pool: ProcessPoolExecutor, jobs: Iterator[Job | JobResult], size: int, workers: int
) -> Iterator[JobResult]:
    """Send chunks while there is room in flight; results as chunks finish."""
    in_flight: dict[Future[list[JobResult]], tuple[list[Job], int]] = {}
    more = True
    while True:
        while more and _room(in_flight, workers):
            chunk, refused, more = next_chunk(jobs, size)
            yield from refused
            if chunk:
                weight = sum(job.size for job in chunk)
                in_flight[pool.submit(run_chunk, chunk)] = (chunk, weight)
        if not in_flight:
            return
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            yield from _results(future, in_flight.pop(future)[0])


def _room(in_flight: dict[Future[list[JobResult]], tuple[list[Job], int]], workers: int) -> bool:
    if not in_flight:
        return True
    if len(in_flight) >= workers * IN_FLIGHT_PER_WORKER:
        return False
    return sum(weight for _, weight in in_flight.values()) < IN_FLIGHT_BYTES


def next_chunk(
    jobs: Iterator[Job | JobResult], size: int
) -> tuple[list[Job], list[JobResult], bool]:
    """The next chunk, the failures met making it, and whether jobs may remain.

    A plan is a chunk of its own: it is the longest job, and its files the most.
    """
    chunk: list[Job] = []
    refused: list[JobResult] = []
    weight = 0
    for job in jobs:
        if isinstance(job, JobResult):
            refused.append(job)
            continue
        chunk.append(job)
        weight += job.size
        alone = job.source.kind is SourceKind.PLAN
        if len(chunk) >= size or weight >= CHUNK_BYTES or alone:
            return chunk, refused, True
    return chunk, refused, False


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now: queued chunks are dropped, running ones killed."""
    processes = list((pool._processes or {}).values())  # no public way to reach them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join()


def _results(future: Future[list[JobResult]], chunk: list[Job]) -> list[JobResult]:
    """A chunk's results; when its worker died, a failure for each of its jobs."""
    try:
        return future.result()
    except BrokenProcessPool:
        message = "error: a build worker process stopped before finishing this source"
        return [failed(job.source, job.hash, (f"{job.source.shown}: {message}",)) for job in chunk]
