"""A disk that fills up at any write of a build: a located diagnostic, never a traceback.

The build runs in this process (`-j 1`) with ENOSPC injected at its Nth write to the file
system (a file created, bytes written, a file flushed or renamed, a folder made), for every
N the incremental build makes: outputs, the journal, the manifest's spool (lines and cards),
the index, the manifest, the stamps, the lock and the in-progress record. Each time the build
must return (no exception), report `DIST/...: error: ... no space left on device` at a path
in DIST, leave no temporary file, and, once the disk has room again, the next build must
equal a clean build.
"""

from __future__ import annotations

import contextlib
import errno
import os
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ridec.library import manifest
from ridec.library.outdir import OutputDir
from tests.faults.build_support import (
    TARGETS,
    VERSION_1,
    VERSION_2,
    clean_build,
    comparable,
    copy_dist,
    write_files,
)
from tests.library.build_helpers import run_build, temporaries

FULL = "no space left on device"
WRITES = ("open", "write", "fsync", "replace", "mkdir")
"""The calls that can meet a full disk (`open` only when it creates)."""


class DiskFull:
    """Counts the build's writes, and fails the `at`-th with ENOSPC (0: never)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.at = 0
        self.count = 0
        for name in WRITES:
            monkeypatch.setattr(os, name, self._wrap(getattr(os, name), name))

    def _wrap(self, real: Callable[..., Any], name: str) -> Callable[..., Any]:
        def writing(*args: Any, **kwargs: Any) -> Any:
            if _needs_space(name, args, kwargs.get("dir_fd")):
                self.count += 1
                if self.count == self.at:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(*args, **kwargs)

        return writing

    @contextlib.contextmanager
    def failing(self, at: int) -> Iterator[None]:
        """Fail the `at`-th write from now on."""
        self.count, self.at = 0, at
        try:
            yield
        finally:
            self.at = 0


def _needs_space(name: str, args: tuple[Any, ...], dir_fd: int | None) -> bool:
    """Whether the call may need a new block: not the creation of what already exists."""
    if name not in ("open", "mkdir"):
        return True
    if name == "open" and not args[1] & os.O_CREAT:
        return False
    try:
        os.lstat(args[0], dir_fd=dir_fd)
    except OSError:
        return True
    return False


def test_a_full_disk_at_any_write_is_a_located_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib, before, dist = tmp_path / "lib", tmp_path / "before", tmp_path / "dist"
    write_files(lib, VERSION_1)
    assert run_build([lib], before, targets=TARGETS).ok
    write_files(lib, VERSION_2)
    clean = clean_build(lib, tmp_path / "clean", targets=TARGETS)
    monkeypatch.setattr(manifest, "SPOOL_BUFFER", 0)  # every line of the spool is written
    disk = DiskFull(monkeypatch)

    copy_dist(before, dist)
    with disk.failing(0):
        assert run_build([lib], dist, targets=TARGETS).ok
    writes = disk.count
    assert writes > 30, "the incremental build should write many times"

    failures: list[str] = []
    for point in range(1, writes + 1):
        copy_dist(before, dist)
        try:
            with disk.failing(point):
                report = run_build([lib], dist, targets=TARGETS)
        except Exception as exc:  # what the test is about: a traceback is a failure
            failures.append(f"write {point}: raised {traceback.format_exception_only(exc)}")
            continue
        problems = report.diagnostics()
        located = [p for p in problems if p.startswith(f"{dist}") and FULL in p.split("\n")[0]]
        if report.ok or not located:
            failures.append(f"write {point}: not reported at a path of DIST: {problems}")
        if temporaries(dist):
            failures.append(f"write {point}: left {temporaries(dist)}")
        if not run_build([lib], dist, targets=TARGETS).ok or comparable(dist) != clean:
            failures.append(f"write {point}: the next build is not a clean build")
    assert failures == [], "\n".join(failures)


def test_a_full_disk_under_the_manifests_spool_is_located_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The spool's descriptor is made to point at /dev/full, which fails every write with
    # ENOSPC in the kernel, whatever layer of Python writes.
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, VERSION_1)
    assert run_build([lib], dist, targets=TARGETS).ok
    write_files(lib, VERSION_2)
    clean = clean_build(lib, tmp_path / "clean", targets=TARGETS)
    monkeypatch.setattr(manifest, "SPOOL_BUFFER", 0)
    real_scratch = OutputDir.scratch

    def full_scratch(self: OutputDir, folder: str) -> Any:
        made = real_scratch(self, folder)
        handle = made[0]
        fd = handle if isinstance(handle, int) else handle.fileno()
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, fd)
        os.close(full)
        return made

    monkeypatch.setattr(OutputDir, "scratch", full_scratch)
    report = run_build([lib], dist, targets=TARGETS)
    monkeypatch.undo()
    assert report.diagnostics(errors_only=True) == [
        f"{dist}/manifest.json: error: cannot write: {FULL} "
        f"(keeping its new lines in {dist}/.ridec/)"
    ]
    assert temporaries(dist) == []
    # No manifest vouches for what it wrote: it leaves its record, as a killed build does.
    assert (dist / ".ridec/build-in-progress").is_file()
    assert run_build([lib], dist, targets=TARGETS).ok
    assert comparable(dist) == clean
    assert not (dist / ".ridec/build-in-progress").exists()
