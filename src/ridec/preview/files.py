"""The files a preview follows, and a stamp that tells when any of them changed."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

Stamp = tuple[tuple[str, int, int], ...]


def file_key(path: str | Path) -> str:
    """A path as the watcher compares them: absolute, normalised."""
    return os.path.normcase(os.path.abspath(path))


def followed_files(path: Path) -> set[str]:
    """The file, and for a plan every workout file it names (as far as it reads)."""
    files = {file_key(path)}
    if path.suffix.lower() == ".plan":
        from ridec.diagnostics import DiagnosticError
        from ridec.language.plan import load_plan, plan_dependencies

        # A plan with errors: its own file is what to follow until it reads.
        with contextlib.suppress(DiagnosticError):
            files |= {file_key(p) for p in plan_dependencies(load_plan(path))}
    return files


def stamp(files: set[str]) -> Stamp:
    """Each file's modification time and size (-1 when it is missing), in a fixed order."""
    found = []
    for name in sorted(files):
        try:
            status = os.stat(name)
        except OSError:
            found.append((name, -1, -1))
        else:
            found.append((name, status.st_mtime_ns, status.st_size))
    return tuple(found)
