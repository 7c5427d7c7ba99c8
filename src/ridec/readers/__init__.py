"""Readers: third-party workout files (ZWO, ERG/MRC, FIT) back into the workout model.

Every reader has the form `read_<format>(data: bytes, path: str) -> ReadResult`: the
workout, and the warnings met on the way; errors raise DiagnosticError.
"""

from __future__ import annotations

from dataclasses import dataclass

from ridec.diagnostics import Diagnostic
from ridec.model import Workout


@dataclass(frozen=True, slots=True)
class ReadResult:
    """A workout read from a file, with what the reader had to approximate."""

    workout: Workout
    """The model, repeats recovered."""
    diagnostics: tuple[Diagnostic, ...]
    """Warnings and notes (never errors: those raise)."""
