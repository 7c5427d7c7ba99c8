"""`ridec lsp`'s start: `initialize` answered while pygls and lsprotocol load in a thread.

An editor waits for the answer to `initialize` before it sends anything else, and importing
the server (pygls, lsprotocol's types, ridec's language) takes most of a second on a loaded
machine. So the server is imported in a thread while the first frame is read here, with the
same bounds (`frames`), and answered when it is an `initialize` request pygls would accept
(`early`, with pygls' very bytes). Then the server, loaded, handles that frame and every
later one as it always has: what the client sees differs only in when the first answer
comes. The frame is read before the thread has anything to contend with but the import.
"""

from __future__ import annotations

import gc
import sys
import threading
from types import ModuleType
from typing import BinaryIO

from ridec.lsp.early import answer_initialize
from ridec.lsp.frames import read_frame

SERVER_MODULE = "ridec.lsp.server"
YOUNG_OBJECTS = 10_000
"""Objects allocated (net) between two collections of the youngest generation."""


class _Loading(threading.Thread):
    """Imports the server module; `module()` waits for it (and raises what the import did)."""

    def __init__(self) -> None:
        super().__init__(name="ridec-lsp-import", daemon=True)
        self._module: ModuleType | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        import importlib

        try:
            self._module = importlib.import_module(SERVER_MODULE)
        except BaseException as exc:  # handed to the main thread, which raises it
            self._error = exc

    def module(self) -> ModuleType:
        self.join()
        if self._error is not None:
            raise self._error
        assert self._module is not None
        return self._module


def run(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """Serve over stdin and stdout (the process's by default) until the client leaves."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    loading = _Loading()
    loading.start()
    try:
        first = read_frame(stdin)
        answered = None
        if first is not None and first.body is not None:
            answered = answer_initialize(first.body)
        if answered is not None:
            stdout.write(answered.frame)
            stdout.flush()
    except BrokenPipeError:
        print("ridec lsp: the editor closed the connection", file=sys.stderr)
        return
    except KeyboardInterrupt:
        return
    server = loading.module()
    collect_for_a_server()
    server.serve(stdin, stdout, first=first, answered=answered)


def collect_for_a_server() -> None:
    """Garbage collection set for a long-lived process with a large start-up heap.

    What start-up made (pygls, lsprotocol's classes, ridec's modules: most of the heap)
    lives as long as the server: frozen out of the collector's way, a full collection no
    longer walks it (about 1.5 ms of every keystroke on a 200-line plan went there). And a
    keystroke's analysis holds a few thousand young objects at its peak, most of them freed
    by their counts when it ends: at the default threshold (700) the young generation was
    collected three times a keystroke for nothing.
    """
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
