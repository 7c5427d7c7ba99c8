"""The write half of a job, and the two places a job runs: a local worker or a Dask worker.

`write_source` takes the files `compiler.compile_source` makes, in order, and writes each
into DIST atomically as it comes, so no more than one file's bytes wait to be written. A
file that cannot be written stops the source's writing there: its later files are still
compiled (their problems and losses reported) but not written, and what was written before
is reported, so the next build knows what is there.

A local build runs both halves in a worker process (`run_chunk`), which returns only small
metadata and each source's card (a few kilobytes, for the index), so the build's own
process never holds output bytes. A Dask worker cannot reach DIST: it runs the compile half
alone (`compile_chunk`) and returns each source's checked bytes, which the build's process
writes with the same `write_source` (`write_compiled`). Either way a source's files,
stamps, manifest lines and card are made by the same code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ridec.library.compiler import (
    BuildSettings,
    Compiling,
    JobResult,
    OutputFile,
    compile_source,
)
from ridec.library.jobs import Job
from ridec.library.lifeline import follow_parent
from ridec.library.manifest import OutputEntry
from ridec.library.outdir import DistError, OutputDir
from ridec.library.problems import dist_error
from ridec.library.state import IN_PROGRESS


def write_source(compiling: Compiling, out: OutputDir) -> JobResult:
    """Write a source's files into `out` as they are compiled; its result, with the files
    written (and their stamps) and any error writing them."""
    written: list[OutputEntry] = []
    failure: DistError | None = None
    while True:
        try:
            made = next(compiling)
        except StopIteration as done:
            result: JobResult = done.value
            break
        if failure is not None:
            continue  # the source stopped at a file it could not write
        try:
            stamp = out.write(made.path, made.data)
        except DistError as exc:
            failure = exc
            continue
        written.append(dataclasses.replace(made.entry, stamp=stamp))
    return _with_writes(result, tuple(written), failure)


def _with_writes(
    result: JobResult, written: tuple[OutputEntry, ...], failure: DistError | None
) -> JobResult:
    if failure is None:
        return dataclasses.replace(result, outputs=written)
    problem = dist_error(failure, f"writing for {result.shown}").render()
    # Its card would link to files not written: the index keeps the one it had, if any.
    return dataclasses.replace(
        result,
        ok=False,
        outputs=written,
        card=None,
        card_sha256=None,
        diagnostics=(*result.diagnostics, problem),
    )


def run_job(job: Job, settings: BuildSettings, out: OutputDir) -> JobResult:
    """Compile one source and write its files into `out`; any failure is reported."""
    return write_source(compile_source(job, settings), out)


# -- a local worker process: both halves ---------------------------------------------------

_worker: tuple[BuildSettings, OutputDir] | None = None


def init_worker(settings: BuildSettings) -> None:
    """Process-pool initializer: end with the build's main process, however it ends; keep the
    build's settings and DIST for every job of this worker."""
    global _worker  # noqa: PLW0603 -- one settings object per worker process, set once
    follow_parent()
    _worker = (settings, OutputDir(settings.dist, settings.token, journal=IN_PROGRESS))


def run_chunk(jobs: Sequence[Job]) -> list[JobResult]:
    """Run a chunk of jobs with the settings given to `init_worker`."""
    assert _worker is not None, "init_worker was not called"
    settings, out = _worker
    return [run_job(job, settings, out) for job in jobs]


# -- a Dask worker: the compile half; the build's process writes --------------------------


@dataclass(frozen=True, slots=True)
class CompiledSource:
    """A source compiled away from DIST: every file's checked bytes, in order, and its result."""

    files: tuple[OutputFile, ...]
    result: JobResult

    @property
    def size(self) -> int:
        """Bytes of its files."""
        return sum(len(made.data) for made in self.files)


def compile_chunk(jobs: Sequence[Job], settings: BuildSettings) -> list[CompiledSource]:
    """Compile a chunk of jobs without writing anything (run on a Dask worker)."""
    return [_compiled(job, settings) for job in jobs]


def _compiled(job: Job, settings: BuildSettings) -> CompiledSource:
    compiling = compile_source(job, settings)
    files: list[OutputFile] = []
    while True:
        try:
            files.append(next(compiling))
        except StopIteration as done:
            return CompiledSource(tuple(files), done.value)


def write_compiled(compiled: CompiledSource, out: OutputDir) -> JobResult:
    """Write a source compiled elsewhere, exactly as a local worker writes it."""
    return write_source(_replay(compiled), out)


def _replay(compiled: CompiledSource) -> Compiling:
    yield from compiled.files
    return compiled.result
