"""Worker plugins the Dask tests register on the cluster (imported by the workers too)."""

from __future__ import annotations

import os
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

KILLED_EXIT = 17


class DieOnFirstChunk(WorkerPlugin):
    """Ends its worker's process (`os._exit`, as a crash would) the first time a worker of the
    cluster starts to run one of a build's chunks. Once: the marker file is created with
    O_EXCL, so only one worker ever wins it, and the worker started again in its place
    finds it there."""

    name = "ridec-die-on-first-chunk"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        """Called by the worker on each change of a task's state."""
        if finish != "executing" or not str(key).startswith("ridec-chunk-"):
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, f"{os.getpid()} {key}\n".encode())
        os.close(fd)
        os._exit(KILLED_EXIT)
