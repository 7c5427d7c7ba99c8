"""Shared helpers for the build tests: run a build in-process, snapshot an output folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from ridec.formats.base import CompileOptions
from ridec.formats.registry import ALL
from ridec.library.engine import BuildReport, BuildRequest, build
from ridec.library.outdir import is_temporary
from ridec.library.progress import SilentProgress
from tests.paths import WORKOUTS

ALL_TARGETS = ALL
"""What `ridec build` writes by default (`-t all`)."""


def run_build(
    roots: list[Path],
    dist: Path,
    *,
    targets: tuple[str, ...] = ALL_TARGETS,
    jobs: int = 1,
    roster: Path | None = None,
    options: CompileOptions | None = None,
) -> BuildReport:
    """Build quietly, in this process unless `jobs` > 1."""
    request = BuildRequest(
        roots=tuple(roots),
        dist=dist,
        targets=targets,
        options=options or CompileOptions(),
        jobs=jobs,
        roster=roster,
    )
    return build(request, SilentProgress())


def snapshot(dist: Path) -> dict[str, bytes]:
    """Every file under `dist` (temporary files included) by relative path, with its bytes."""
    return {
        path.relative_to(dist).as_posix(): path.read_bytes()
        for path in sorted(dist.rglob("*"))
        if path.is_file()
    }


def stamps(dist: Path) -> dict[str, int]:
    """Every file's modification time (ns), to see which files a build rewrote."""
    return {
        path.relative_to(dist).as_posix(): path.stat().st_mtime_ns
        for path in dist.rglob("*")
        if path.is_file()
    }


def temporaries(dist: Path) -> list[str]:
    """Temporary files left under `dist`."""
    return [p.relative_to(dist).as_posix() for p in dist.rglob("*") if is_temporary(p.name)]


def copy_library(folder: Path) -> Path:
    """A private copy of the shipped library, so tests can edit and delete sources."""
    target = folder / "workouts"
    shutil.copytree(WORKOUTS, target)
    return target
