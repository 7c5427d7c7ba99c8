"""A preview server on a free port over a copy of the shipped library, and an event reader."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ridec.preview.render import View
from ridec.preview.server import Preview, PreviewServer
from ridec.preview.watch import Watcher
from tests.paths import WORKOUTS

TIMEOUT_S = 30.0
"""Only a hang fails on time; the machine is shared."""


@dataclass
class Running:
    """A preview being served and watched."""

    server: PreviewServer
    preview: Preview
    reports: list[View]

    def get(self, route: str, host: str | None = None) -> tuple[int, str, str]:
        """Status, content type and body of a GET."""
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=TIMEOUT_S)
        headers = {"Host": host} if host else {}
        connection.request("GET", route, headers=headers)
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        connection.close()
        return response.status, response.getheader("Content-Type") or "", body


def copy_library(folder: Path) -> Path:
    """A copy of the shipped workouts and plan that a test may edit."""
    shutil.copytree(WORKOUTS, folder)
    return folder


@contextmanager
def serving(path: Path) -> Iterator[Running]:
    """Serve and watch `path` until the block ends."""
    preview = Preview(path)
    server = PreviewServer(preview, 0)
    stop = threading.Event()
    reports: list[View] = []
    watcher = Watcher(preview, stop, reports.append)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    watcher.start()
    try:
        yield Running(server, preview, reports)
    finally:
        stop.set()
        preview.close()
        server.shutdown()
        server.server_close()
        watcher.join(TIMEOUT_S)


class EventStream:
    """The page's event stream, read one `view` event at a time."""

    def __init__(self, running: Running) -> None:
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", running.server.port, timeout=TIMEOUT_S
        )
        self.connection.request("GET", "/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next_view(self) -> dict[str, Any]:
        """The data of the next `view` event (keep-alive comments skipped)."""
        event = None
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            assert time.monotonic() < deadline, "no new view: the save was not followed"
            line = self.response.readline().decode("utf-8")
            assert line, "the stream ended"
            if line.startswith("event: "):
                event = line[len("event: ") :].strip()
            elif line.startswith("data: ") and event == "view":
                data: dict[str, Any] = json.loads(line[len("data: ") :])
                return data

    def close(self) -> None:
        """Leave, as a closed page does."""
        self.connection.close()
