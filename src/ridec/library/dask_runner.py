"""Running a build's jobs on a Dask cluster: `ridec build --dask ADDRESS`, `ridec.build(client=)`.

A cluster is another runner, not another build. The engine plans as always and hands over
the jobs; each Dask worker runs the compile half of its jobs (`worker.compile_chunk`) and
returns every source's checked bytes, and this process writes them into DIST with the write
half a local worker uses (`worker.write_compiled`): the same atomic files, stamps, manifest
lines, cards and claims, so the DIST is the one `-j N` gives, byte for byte. Workers never
touch DIST, so a worker that dies leaves no partial file: Dask runs its jobs again
elsewhere, or the sources fail with a diagnostic and the next build compiles them.

Memory stays as a local build's: jobs go in chunks, at most `IN_FLIGHT_PER_WORKER` chunks
per worker thread and `IN_FLIGHT_BYTES` of sources in flight; each finished chunk is
fetched alone, written source by source and dropped. The build's settings (the roster
included) travel once, as a task every chunk depends on.

dask and distributed are an optional extra, imported here only when a build asks for a
cluster: `ridec --help` and a local build never load them.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ridec.library.compiler import BuildSettings, JobResult, failed
from ridec.library.jobs import Job, Pending
from ridec.library.outdir import OutputDir
from ridec.library.problems import path_error
from ridec.library.runner import (
    IN_FLIGHT_BYTES,
    IN_FLIGHT_PER_WORKER,
    RunnerInfo,
    chunk_size,
    default_jobs,
    made,
    next_chunk,
)
from ridec.library.worker import CompiledSource, compile_chunk, write_compiled

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

EXTRA = "pip install 'ridec[dask]'"
"""How to get dask and distributed."""
DEFAULT_TIMEOUT_S = 10.0
"""How long to wait for the scheduler to answer, and for a first worker."""
LOCAL = re.compile(r"local(?::([0-9]+))?")
"""`local` or `local:N`: a LocalCluster of N worker processes on this machine."""
MAX_LOCAL_WORKERS = 256
LOCAL_HTTP = "127.0.0.1:0"
"""Where a LocalCluster's scheduler serves HTTP (distributed always does, dashboard or not):
a free port of the loopback, never the fixed 8787 another cluster on the machine may hold."""


class ClusterError(Exception):
    """The cluster cannot run the build: what happened, ready to show, and a hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    """Where `--dask` says to run: a scheduler's address, or a LocalCluster."""

    address: str | None
    """The scheduler (`tcp://host:port`); None for a LocalCluster."""
    workers: int = 0
    """Worker processes of a LocalCluster."""


def parse_spec(text: str) -> ClusterSpec:
    """`local`, `local:N` or a scheduler address (`tcp://host:port`, or `host:port`).

    Raises ValueError, with the reason, for anything else.
    """
    local = LOCAL.fullmatch(text)
    if local is not None:
        count = int(local.group(1)) if local.group(1) else default_jobs()
        if not 1 <= count <= MAX_LOCAL_WORKERS:
            raise ValueError(f"a local cluster has 1 to {MAX_LOCAL_WORKERS} workers")
        return ClusterSpec(None, count)
    address = text if "://" in text else f"tcp://{text}"
    if not re.fullmatch(r"[a-z][a-z0-9+.-]*://\S+:[0-9]+", address):
        raise ValueError("expected a scheduler address (tcp://host:port) or local[:N]")
    return ClusterSpec(address)


def require_distributed() -> None:
    """Raise ClusterError, naming the extra, when dask or distributed is missing."""
    try:
        import distributed  # noqa: F401

        import dask  # noqa: F401 -- only whether it imports
    except ImportError as exc:
        message = f"--dask needs the packages dask and distributed: {exc}"
        raise ClusterError(message, f"install them with {EXTRA}") from None


@contextlib.contextmanager
def connect(spec: ClusterSpec, timeout: float = DEFAULT_TIMEOUT_S) -> Iterator[DaskCluster]:
    """A cluster ready to build (workers there, same ridec), closed when the block ends; a
    LocalCluster is started for the block and stopped with it."""
    require_distributed()
    from distributed import Client

    if spec.address is None:
        with (
            local_cluster(spec.workers) as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            yield DaskCluster.ready(client, "local", timeout)
        return
    try:
        client = Client(spec.address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        message = f"cannot reach the Dask scheduler at {spec.address} within {timeout:g} s"
        hint = "check the address, and that `dask scheduler` runs there and is reachable"
        raise ClusterError(f"{message} ({exc})", hint) from None
    with client:
        yield DaskCluster.ready(client, spec.address, timeout)


def local_cluster(workers: int) -> LocalCluster:
    """A LocalCluster of `workers` processes of one thread each, on 127.0.0.1 only."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=LOCAL_HTTP,
        silence_logs=logging.ERROR,
    )


def worker_version() -> str:
    """The ridec version of the process this runs in (run on every worker)."""
    import ridec

    return ridec.__version__


def _settings(settings: BuildSettings) -> BuildSettings:
    """The task every chunk depends on: the settings, sent to the cluster once."""
    return settings


@dataclass
class DaskCluster:
    """A build's runner on a Dask cluster, reached through `client`."""

    client: Client
    scheduler: str
    """The scheduler as the manifest names it: its address, or `local`."""
    workers: int
    """Workers when the build started."""
    threads: int
    """Their threads: how many chunks run at once."""

    @classmethod
    def ready(cls, client: Client, scheduler: str, timeout: float) -> DaskCluster:
        """The runner, once a worker is there and every worker runs this ridec version."""
        import ridec

        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            message = f"the Dask scheduler at {scheduler} has no workers (waited {timeout:g} s)"
            raise ClusterError(message, f"start some: dask worker {scheduler}") from None
        mine = ridec.__version__
        try:
            versions: dict[str, str] = client.run(worker_version)
        except Exception as exc:
            message = f"the Dask workers cannot run ridec: {exc}"
            raise ClusterError(message, f"install ridec {mine} on every worker") from None
        _same_version(versions, mine)
        threads: dict[str, int] = client.nthreads()
        return cls(client, scheduler, len(threads), max(1, sum(threads.values())))

    def describe(self) -> RunnerInfo:
        """`{"kind": "dask", "scheduler": ADDRESS, "workers": N}`."""
        return {"kind": "dask", "scheduler": self.scheduler, "workers": self.workers}

    def run(
        self, pending: Sequence[Pending], settings: BuildSettings, out: OutputDir
    ) -> Generator[JobResult, None, None]:
        """Every job's result, in the order they finish, its files written into `out`."""
        if not pending:
            return
        client = self.client
        key = f"ridec-settings-{settings.token}"
        shared = client.submit(_settings, settings, key=key, pure=False)
        flight = _Flight(self, shared, settings.token)
        try:
            jobs = made(pending, settings.follow_symlinks)
            yield from flight.stream(jobs, chunk_size(len(pending), self.threads), out)
        except BaseException:  # Ctrl-C, or an error writing: nothing more is to run
            client.cancel([*flight.in_flight, shared], force=True)
            raise
        shared.release()


def _same_version(versions: dict[str, str], mine: str) -> None:
    """Refuse workers with another ridec version, naming it."""
    others = {address: v for address, v in sorted(versions.items()) if v != mine}
    if not others:
        return
    address, theirs = next(iter(others.items()))
    count = f"{len(others)} of {len(versions)} workers" if len(versions) > 1 else "the worker"
    message = (
        f"the Dask workers run ridec {theirs} ({count}, {address} among them) and this is "
        f"ridec {mine}: a build needs the same version everywhere"
    )
    raise ClusterError(message, f"install ridec {mine} on every worker (pip install ridec=={mine})")


@dataclass
class _Flight:
    """The chunks sent and not yet written."""

    cluster: DaskCluster
    shared: Future[BuildSettings]
    token: str
    in_flight: dict[Future[list[CompiledSource]], tuple[list[Job], int]] = field(
        default_factory=dict
    )
    """Each chunk sent, with its jobs and the bytes they carry."""
    keys: Iterator[int] = field(default_factory=itertools.count)

    def stream(
        self, jobs: Iterator[Job | JobResult], size: int, out: OutputDir
    ) -> Generator[JobResult, None, None]:
        """Send chunks while there is room; write each chunk's sources as it finishes."""
        from distributed import as_completed

        in_flight = self.in_flight
        # Its own loop given: without it, as_completed looks for a default client.
        finished = as_completed(loop=self.cluster.client.loop, raise_errors=False)
        more = True
        while True:
            while more and self._room():
                chunk, refused, more = next_chunk(jobs, size)
                yield from refused
                if chunk:
                    future = self._submit(chunk)
                    in_flight[future] = (chunk, sum(job.size for job in chunk))
                    finished.add(future)
            if not in_flight:
                return
            future = next(finished)
            chunk, _ = in_flight.pop(future)
            yield from _written(future, chunk, out)

    def _submit(self, chunk: list[Job]) -> Future[list[CompiledSource]]:
        key = f"ridec-chunk-{self.token}-{next(self.keys)}"
        client = self.cluster.client
        return client.submit(compile_chunk, chunk, self.shared, key=key, pure=False)

    def _room(self) -> bool:
        in_flight = self.in_flight
        if not in_flight:
            return True
        if len(in_flight) >= self.cluster.threads * IN_FLIGHT_PER_WORKER:
            return False
        return sum(weight for _, weight in in_flight.values()) < IN_FLIGHT_BYTES


def _written(
    future: Future[list[CompiledSource]], chunk: list[Job], out: OutputDir
) -> Iterator[JobResult]:
    """A finished chunk's sources, each written and then dropped; a failure for each of its
    jobs when the cluster could not run it."""
    try:
        compiled = future.result()
    except Exception as exc:
        yield from (_lost(job, exc) for job in chunk)
        return
    finally:
        future.release()
    compiled.reverse()
    while compiled:
        yield write_compiled(compiled.pop(), out)


def _lost(job: Job, exc: Any) -> JobResult:
    """A job the cluster failed to run (its worker died too often, say): compiled again by
    the next build."""
    what = type(exc).__name__
    detail = str(exc).strip()
    message = f"the Dask cluster could not compile this source ({what}: {detail})"
    hint = "nothing of it was written; the next build compiles it again"
    return failed(job.source, job.hash, (path_error(job.source.shown, message, hint).render(),))
