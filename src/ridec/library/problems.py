"""Build diagnostics about paths rather than positions in a source: `path: error: what`."""

from __future__ import annotations

from pathlib import Path

from ridec.diagnostics import Diagnostic, Severity
from ridec.library.outdir import DistError


def path_error(path: Path | str, message: str, hint: str | None = None) -> Diagnostic:
    """An error located at a file or folder."""
    return Diagnostic(Severity.ERROR, message, hint=hint, path=str(path))


def dist_error(exc: DistError, context: str = "") -> Diagnostic:
    """An error about a path of DIST; `context` says what the build was doing there."""
    message = f"{exc.problem} ({context})" if context else exc.problem
    return path_error(exc.path, message, exc.hint)
