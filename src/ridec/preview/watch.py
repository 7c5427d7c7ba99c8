"""Following the file: watchfiles reports saves; each one re-renders the preview.

The folders holding the file (and, for a plan, the workouts it uses) are watched, not the
files themselves, so an editor that saves by writing a new file and renaming it over the old
one is followed too. When a plan starts naming other workouts, the watched set follows it.
Twice a second the files' stamps are also compared with those of the last render, which
catches a save made before the watch was in place.

Nothing ends the watcher but `stop`: an exception while following (a reader that fails on
a strange byte, a folder removed under the watch) is shown on the page, and the watcher
tries again every `RETRY_S`; the page shows the file again once it renders.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable

from ridec.preview.files import file_key, followed_files, stamp
from ridec.preview.render import View
from ridec.preview.server import Preview

DEBOUNCE_MS = 300
"""Changes within this time are one save (editors write a file in several steps)."""
STEP_MS = 50
"""How long the file must stay unchanged before the change is reported."""
CHECK_MS = 500
"""How often the files' stamps are compared even when the OS reports nothing."""
RETRY_S = 1.0
"""How long to wait before watching again when the folder is missing."""


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
            try:
                self._follow()
            except Exception as exc:  # shown on the page; the watcher must outlive anything
                view = self.preview.failed(exc)
                if view is not None:
                    with contextlib.suppress(Exception):  # the page says it; stderr may be gone
                        self.report(view)
                self.stop.wait(RETRY_S)

    def _follow(self) -> None:
        """Watch the files' folders until the set of files changes (or wait for a folder)."""
        files = followed_files(self.preview.path)
        folders = sorted({os.path.dirname(f) for f in files if os.path.isdir(os.path.dirname(f))})
        if not folders:
            self._check(files)
            self.stop.wait(RETRY_S)
            return
        try:
            self._watch(files, folders)
        except OSError:
            if self.polling:  # polling failed too: shown, and tried again
                raise
            self.polling = True  # no inotify watch left, say: poll instead

    def _check(self, files: set[str], changed: bool = False) -> None:
        """Render again when the OS reported a change or the stamps differ."""
        if changed or stamp(files) != self.preview.stamp:
            self.report(self.preview.refresh())

    def _watch(self, files: set[str], folders: list[str]) -> None:
        from watchfiles import watch

        for changes in watch(
            *folders,
            watch_filter=lambda _change, name: file_key(name) in files,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self.stop,
            rust_timeout=CHECK_MS,
            yield_on_timeout=True,
            recursive=False,
            raise_interrupt=False,
            force_polling=self.polling or None,
        ):
            self._check(files, bool(changes))
            if followed_files(self.preview.path) != files:
                return  # the plan names other workouts now: watch their folders
