"""How soon `ridec preview` shows a save: from the file replaced to the page's event received.

The preview runs as a coach starts it, on a copy of the shipped library; a small client
reads its event stream as the page does. Each save replaces the workout (a new file renamed
over the old one, as editors save) with one parameter changed.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from bench.library import RIDEC

WORKOUTS = Path(__file__).resolve().parents[1] / "workouts"
WORKOUT = "standing.ride"
UPDATE_TARGET_S = 1.0
"""The issue's bound: the page follows a save within a second."""
TIMEOUT_S = 60.0


class _Events:
    """The page's event stream: the version of each `view` event, in order."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
        self.connection.request("GET", "/events")
        self.response = self.connection.getresponse()

    def next_view(self) -> str:
        event = ""
        deadline = time.monotonic() + TIMEOUT_S  # keep-alive lines come every 15 s
        while True:
            if time.monotonic() > deadline:
                raise RuntimeError("the preview did not follow a save")
            line = self.response.readline().decode("utf-8")
            if not line:
                raise RuntimeError("the preview closed its event stream")
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: ") and event == "view":
                return line


def _save(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def run(workdir: Path, saves: int) -> tuple[float, ...]:
    """Seconds from each save to the page's new view."""
    folder = workdir / "preview"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(WORKOUTS, folder)
    path = folder / WORKOUT
    original = path.read_text(encoding="utf-8")
    versions = [original, original.replace("let reps = 3", "let reps = 4")]
    argv = [str(RIDEC), "preview", str(path), "--port", "0", "--no-browser"]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline().strip().rstrip("/").rsplit(":", 1)[1])
        events = _Events(port)
        events.next_view()  # the view as it opened
        times = []
        for index in range(saves):
            started = time.perf_counter()
            _save(path, versions[(index + 1) % 2])
            events.next_view()
            times.append(time.perf_counter() - started)
            time.sleep(0.2)  # a coach saves seconds apart, never within one debounce
        events.connection.close()
        return tuple(times)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
