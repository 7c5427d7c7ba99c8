"""The documents the editor has open, and their analyses, kept until their text changes.

Workout files a plan uses are read from the editor when they are open there (unsaved edits
count), else from the disk as the commands read them (regular files only, bounded), where a
file is re-read only when its size or modification time changes. Documents are keyed by
file path; an editor buffer that has no file yet is keyed by its URI and names its workouts
relative to the current folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ridec.diagnostics import DiagnosticError
from ridec.fileio import HINTS, ReadError, reason
from ridec.lsp.plan_analysis import PlanAnalysis, PlanChecker, read_workout_file
from ridec.lsp.ride_analysis import RideAnalysis, analyze_ride

Analysis = RideAnalysis | PlanAnalysis

PLAN_SUFFIX = ".plan"


def is_plan(path: str) -> bool:
    """Whether a document is a plan (by its file name; anything else is read as `.ride`)."""
    return path.lower().endswith(PLAN_SUFFIX)


@dataclass(frozen=True, slots=True)
class _DiskText:
    mtime_ns: int
    size: int
    text: str | DiagnosticError | ReadError


class Workspace:
    """Open documents by path, their latest analyses, and the files plans read."""

    def __init__(self) -> None:
        self.open: dict[str, str] = {}
        self.checker = PlanChecker()
        self._analyses: dict[str, tuple[int, str, Analysis]] = {}
        self._disk: dict[str, _DiskText] = {}
        self._generation = 0
        """Bumped whenever a workout's text may have changed: plans are then checked again."""

    def set_text(self, path: str, text: str) -> None:
        """A document was opened or edited."""
        if self.open.get(path) == text:
            return
        self.open[path] = text
        if not is_plan(path):
            self._generation += 1

    def close(self, path: str) -> None:
        """A document was closed: its file on disk counts again."""
        self.open.pop(path, None)
        self._analyses.pop(path, None)
        self._generation += 1

    def files_changed(self) -> None:
        """Files changed on disk (the editor's file watcher said so)."""
        self._disk.clear()
        self._generation += 1

    def analysis(self, path: str) -> Analysis:
        """The analysis of an open document's current text."""
        text = self.open.get(path, "")
        known = self._analyses.get(path)
        generation = self._generation if is_plan(path) else 0
        if known is not None and known[0] == generation and known[1] == text:
            return known[2]
        result: Analysis
        if is_plan(path):
            result = self.checker.analyze(text, Path(path), self.read)
        else:
            result = analyze_ride(text, path)
        self._analyses[path] = (generation, text, result)
        return result

    def open_plans(self) -> list[str]:
        """Paths of the open plans (to check again when a workout changes)."""
        return [path for path in self.open if is_plan(path)]

    def read(self, path: Path) -> str:
        """A workout's text: the editor's when it is open there, else the file's.

        ReadError when the file cannot be read (missing, not a regular file, too large),
        DiagnosticError when it is not UTF-8.
        """
        key = os.path.normpath(path)
        if key in self.open:
            return self.open[key]
        try:
            status = os.stat(path)
        except OSError as exc:
            raise ReadError(reason(exc), HINTS.get(exc.errno or 0)) from None
        known = self._disk.get(key)
        if known is None or (known.mtime_ns, known.size) != (status.st_mtime_ns, status.st_size):
            text: str | DiagnosticError | ReadError
            try:
                text = read_workout_file(path)
            except (DiagnosticError, ReadError) as exc:
                text = exc
            known = _DiskText(status.st_mtime_ns, status.st_size, text)
            self._disk[key] = known
        if isinstance(known.text, DiagnosticError | ReadError):
            raise known.text
        return known.text
