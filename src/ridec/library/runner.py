"""Running build jobs in parallel across processes, streaming each result as it arrives.

Jobs go to a `ProcessPoolExecutor` in chunks (one round trip per chunk, not per file). Each
finished chunk is handed on and forgotten, so the parent's memory does not grow with the
library. One job, or `-j 1`, runs in this process: no pool to start.

Workers end with the main process however it ends (see `lifeline`). When the main process
stops the build itself (Ctrl-C, an error while merging results), it kills the workers rather
than wait for every queued chunk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ridec.library.outdir import OutputDir
from ridec.library.worker import (
    BuildSettings,
    Job,
    JobResult,
    failed,
    init_worker,
    run_chunk,
    run_job,
)

CHUNKS_PER_WORKER = 8
"""Enough chunks per worker to even out fast and slow sources."""
MAX_CHUNK = 32
"""Cap, so progress moves regularly and a failed worker loses little."""


def chunk_size(jobs: int, workers: int) -> int:
    """How many jobs go to a worker at once."""
    return max(1, min(MAX_CHUNK, jobs // (workers * CHUNKS_PER_WORKER)))


def run_jobs(
    jobs: Sequence[Job], settings: BuildSettings, workers: int, out: OutputDir
) -> Iterator[JobResult]:
    """Every job's result, in the order they finish (`out`: DIST, for jobs run here)."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield run_job(job, settings, out)
        return
    size = chunk_size(len(jobs), workers)
    chunks = [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)), initializer=init_worker, initargs=(settings,)
    )
    try:
        pending: dict[Future[list[JobResult]], list[Job]] = {
            pool.submit(run_chunk, chunk): chunk for chunk in chunks
        }
        del chunks
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from _results(future, pending.pop(future))
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


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
        return [failed(job, (f"{job.source.shown}: {message}",)) for job in chunk]
