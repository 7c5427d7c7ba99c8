"""Builds on a real Dask cluster: a `dask scheduler` and two `dask worker` processes on
127.0.0.1, shared by the module. Every file of a DIST built there equals a local `-j 2`
build's, the manifest aside from the field saying where the build ran; a worker that dies
mid-build costs nothing; a cluster that fails a chunk leaves no partial file; Ctrl-C
cancels what was submitted; workers with another ridec are refused.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from distributed import Client

import ridec
from ridec.library.compiler import JobResult
from ridec.library.dask_runner import DaskCluster
from ridec.library.engine import BuildRequest, build
from ridec.library.progress import SilentProgress
from tests.dask.cluster import Cluster, running_cluster
from tests.dask.plugins import DieOnFirstChunk
from tests.library.build_helpers import ALL_TARGETS, copy_library
from tests.paths import ROOT

WORKERS = 2
ROSTER = "name,ftp\nAna López,250\nBen,310\nChloé,195\n"
PRIVATE = ".ridec/stamps.json"
"""Sizes, times and inodes of one folder's files: true of that folder only."""
GIVE_UP_S = 120.0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with running_cluster(tmp_path_factory.mktemp("dask"), WORKERS) as started:
        with Client(started.address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(WORKERS, timeout=GIVE_UP_S)
        yield started


@pytest.fixture
def client(cluster: Cluster) -> Iterator[Client]:
    with Client(cluster.address, timeout=60, set_as_default=False) as connected:
        connected.wait_for_workers(WORKERS, timeout=GIVE_UP_S)
        yield connected


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped workouts and plan, and a roster."""
    folder = tmp_path_factory.mktemp("lib")
    copy_library(folder)
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local(library: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every file of the library built locally with two worker processes."""
    dist = tmp_path_factory.mktemp("local") / "dist"
    done = _ridec(*_build(library, dist), "-j", "2")
    assert done.returncode == 0, done.stderr
    return _files(dist)


def _build(library: Path, dist: Path) -> list[str]:
    roster = str(library / "roster.csv")
    return ["build", str(library / "workouts"), "-o", str(dist), "--athletes", roster, "-q"]


def _ridec(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from ridec.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def _files(dist: Path) -> dict[str, bytes]:
    """Every file of a DIST but the stamps, with its bytes."""
    return {
        path.relative_to(dist).as_posix(): path.read_bytes()
        for path in sorted(dist.rglob("*"))
        if path.is_file() and path.relative_to(dist).as_posix() != PRIVATE
    }


def _runner(files: dict[str, bytes]) -> tuple[dict[str, object], dict[str, bytes]]:
    """The manifest's `runner` field, and the files with that one line taken out."""
    lines = files["manifest.json"].decode("utf-8").splitlines(keepends=True)
    field = [line for line in lines if line.startswith('  "runner": ')]
    assert len(field) == 1
    rest = "".join(line for line in lines if line not in field).encode("utf-8")
    runner = json.loads("{" + field[0].strip().rstrip(",") + "}")["runner"]
    return runner, {**files, "manifest.json": rest}


def _same_as_local(dist: Path, local: dict[str, bytes]) -> dict[str, object]:
    """Assert the DIST equals the local build's, file for file; where it ran."""
    ran, files = _runner(_files(dist))
    ran_here, expected = _runner(local)
    assert ran_here == {"kind": "process-pool", "jobs": 2}
    assert sorted(files) == sorted(expected)
    assert [path for path in files if files[path] != expected[path]] == []
    return ran


def test_a_build_on_the_cluster_is_byte_for_byte_a_local_build(
    cluster: Cluster, library: Path, local: dict[str, bytes], tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    done = _ridec(*_build(library, dist), "--dask", cluster.address)
    assert done.returncode == 0, done.stderr
    assert "athletes/ana-lopez/back-pain-protocol/week-01/standing.erg" in local
    ran = _same_as_local(dist, local)
    assert ran == {"kind": "dask", "scheduler": cluster.address, "workers": WORKERS}

    again = _ridec(*_build(library, dist)[:-1], "--dask", cluster.address)
    assert again.returncode == 0, again.stderr
    assert "0 compiled, 7 unchanged, 0 failed; 0 files written" in again.stdout


def test_a_worker_that_dies_mid_build_has_its_jobs_run_again(
    client: Client, library: Path, local: dict[str, bytes], tmp_path: Path
) -> None:
    marker = tmp_path / "killed"
    client.register_plugin(DieOnFirstChunk(str(marker)))
    try:
        report = ridec.build(
            library / "workouts",
            tmp_path / "dist",
            ridec.BuildOptions(athletes=library / "roster.csv"),
            client=client,
        )
    finally:
        client.unregister_worker_plugin(DieOnFirstChunk.name)
    pid, key = marker.read_text(encoding="utf-8").split()
    assert key.startswith("ridec-chunk-")  # a worker died running one of the build's chunks
    assert report.ok, report.diagnostics()
    assert report.compiled == 7 and report.failed == 0
    _same_as_local(tmp_path / "dist", local)
    assert int(pid) not in _worker_pids(client)  # it is gone (its nanny started another)


def _worker_pids(client: Client) -> set[int]:
    import os

    pids: dict[str, int] = client.run(os.getpid)
    return set(pids.values())


def _fail_every_chunk() -> None:
    """Make the compile half raise on this worker, as a crashing library would."""
    from ridec.library import worker

    def broken(*_: object) -> None:
        raise RuntimeError("simulated failure on the worker")

    worker._compiled = broken  # type: ignore[assignment]


def _mend() -> None:
    import importlib

    from ridec.library import worker

    importlib.reload(worker)


def test_chunks_the_cluster_cannot_run_fail_cleanly_and_the_next_build_completes(
    client: Client, library: Path, local: dict[str, bytes], tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    options = ridec.BuildOptions(athletes=library / "roster.csv")
    client.run(_fail_every_chunk)
    try:
        report = ridec.build(library / "workouts", dist, options, client=client)
    finally:
        client.run(_mend)
    assert not report.ok and report.failed == 7 and report.written == 0
    problems = report.diagnostics(errors_only=True)
    assert len(problems) == 7
    standing = str(library / "workouts" / "standing.ride")
    assert (
        f"{standing}: error: the Dask cluster could not compile this source "
        "(RuntimeError: simulated failure on the worker)\n"
        "  hint: nothing of it was written; the next build compiles it again"
    ) in problems
    outputs = [p for p in _files(dist) if not p.startswith((".ridec/", "manifest", "index"))]
    assert outputs == []  # no partial file, and none stale

    report = ridec.build(library / "workouts", dist, options, client=client)
    assert report.ok and report.compiled == 7
    _same_as_local(dist, local)


class _Interrupted:
    """Progress that presses Ctrl-C when the first result arrives."""

    def start(self, total: int) -> None:
        """Nothing to show."""

    def advance(self, result: JobResult) -> None:
        """Raise KeyboardInterrupt, as a Ctrl-C would."""
        raise KeyboardInterrupt

    def finish(self) -> None:
        """Never reached."""


def _ridec_tasks(client: Client) -> list[str]:
    def tasks(dask_scheduler: object) -> list[str]:
        return [str(key) for key in getattr(dask_scheduler, "tasks", {})]

    found: list[str] = client.run_on_scheduler(tasks)
    return [key for key in found if key.startswith("ridec-")]


def _eventually(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + GIVE_UP_S
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_ctrl_c_cancels_the_submitted_chunks(
    client: Client, library: Path, local: dict[str, bytes], tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    request = BuildRequest(
        roots=(library / "workouts",),
        dist=dist,
        targets=ALL_TARGETS,
        roster=library / "roster.csv",
    )
    runner = DaskCluster.ready(client, "test", GIVE_UP_S)
    with pytest.raises(KeyboardInterrupt):
        build(request, _Interrupted(), runner)
    assert _eventually(lambda: _ridec_tasks(client) == []), _ridec_tasks(client)
    assert (dist / ".ridec" / "build-in-progress").is_file()  # as any stopped build leaves

    report = build(request, SilentProgress(), runner)
    assert report.ok, report.diagnostics()
    _same_as_local(dist, local)


def _set_version(version: str) -> None:
    import ridec as on_worker

    on_worker.__version__ = version


def test_workers_running_another_ridec_are_refused(
    cluster: Cluster, client: Client, library: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    client.run(_set_version, "0.0.9")
    try:
        done = _ridec(*_build(library, dist), "--dask", cluster.address)
    finally:
        client.run(_set_version, ridec.__version__)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "ridec: error: the Dask workers run ridec 0.0.9 (2 of 2 workers, tcp://127.0.0.1:"
    )
    assert f"and this is ridec {ridec.__version__}: a build needs the same version" in done.stderr
    assert f"hint: install ridec {ridec.__version__} on every worker" in done.stderr
    assert "Traceback" not in done.stderr
    assert not dist.exists()


def test_a_scheduler_without_workers_is_an_error_naming_it(tmp_path: Path) -> None:
    with running_cluster(tmp_path, 0) as empty:
        done = _ridec("build", "workouts", "-o", str(tmp_path / "d"), "--dask", empty.address,
                      "--dask-timeout", "0.5")  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(
        f"ridec: error: the Dask scheduler at {empty.address} has no workers"
    )
    assert not (tmp_path / "d").exists()
    shutil.rmtree(tmp_path, ignore_errors=True)
