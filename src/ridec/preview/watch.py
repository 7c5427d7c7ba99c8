"""Following the file: watchfiles reports saves; each one re-renders the preview.

The folders holding the file (and, for a plan, the workouts it uses) are watched, not the
files themselves, so an editor that saves by writing a new file and renaming it over the old
one is followed too. When a plan starts naming other workouts, the watched set follows it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

from ridec.preview.render import View
from ridec.preview.server import Preview

DEBOUNCE_MS = 300
"""Changes within this time are one save (editors write a file in several steps)."""
STEP_MS = 50
"""How long the file must stay unchanged before the change is reported."""
RETRY_S = 1.0
"""How long to wait before watching again when the folder is missing."""


def _key(path: str | Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def followed_files(path: Path) -> set[str]:
    """The file, and for a plan every workout file it names (as far as it reads)."""
    files = {_key(path)}
    if path.suffix.lower() == ".plan":
        from ridec.diagnostics import DiagnosticError
        from ridec.language.plan import load_plan, plan_dependencies

        # A plan with errors: its own file is what to follow until it reads.
        with contextlib.suppress(DiagnosticError):
            files |= {_key(p) for p in plan_dependencies(load_plan(path))}
    return files


class Watcher(threading.Thread):
    """Re-renders the preview whenever a followed file changes, until `stop` is set."""

    def __init__(
        self, preview: Preview, stop: threading.Event, report: Callable[[View], None]
    ) -> None:
        super().__init__(name="ridec-preview-watch", daemon=True)
        self.preview = preview
        self.stop = stop
        self.report = report
        self.polling = False

    def run(self) -> None:
        while not self.stop.is_set():
            files = followed_files(self.preview.path)
            folders = sorted(
                {os.path.dirname(f) for f in files if os.path.isdir(os.path.dirname(f))}
            )
            if not folders:
                self.stop.wait(RETRY_S)
                continue
            try:
                self._watch(files, folders)
            except OSError:
                if self.polling:  # polling failed too: nothing is left to try
                    raise
                self.polling = True  # no inotify watch left, say: poll instead

    def _watch(self, files: set[str], folders: list[str]) -> None:
        from watchfiles import watch

        for changes in watch(
            *folders,
            watch_filter=lambda _change, name: _key(name) in files,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self.stop,
            recursive=False,
            raise_interrupt=False,
            force_polling=self.polling or None,
        ):
            if changes:
                self.report(self.preview.refresh())
            if followed_files(self.preview.path) != files:
                return  # the plan names other workouts now: watch their folders
