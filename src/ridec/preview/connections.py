"""The preview's HTTP server under load: a fixed number of threads, silent connections closed.

`ThreadingHTTPServer` starts a thread for each connection the moment it is accepted, and
that thread waits for the request line without a timeout: a hundred connections that send
nothing hold a hundred threads for ever, and errors on a connection print a traceback.
Here an accepted connection waits in one selector (the waiting room) until its first bytes
arrive; only then is it queued for one of `MAX_WORKERS` threads. A connection that sends
nothing for `REQUEST_TIMEOUT_S` is closed, and past `MAX_WAITING` silent connections the
oldest is closed to make room; when the workers and the queue are full, a request gets
503 at once. Every read and write of a request times out too (the handler's `timeout`).
A connection that fails (reset, timed out, gone) ends quietly: no traceback on the terminal.
Each connection serves one request (`Connection: close`), so a kept-alive connection never
holds a worker while it idles.
"""

from __future__ import annotations

import contextlib
import queue
import selectors
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import HTTPServer
from typing import Any

REQUEST_TIMEOUT_S = 10.0
"""How long a connection may stay silent, before its request and within it."""
MAX_WORKERS = 16
"""Threads serving requests. Each open page holds one for its event stream."""
MAX_QUEUED = 32
"""Requests waiting for a worker; past this a request is answered 503 at once."""
MAX_WAITING = 64
"""Connections that have not sent a byte yet; past this the oldest is closed."""
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 31\r\n"
    b"Connection: close\r\nRetry-After: 1\r\n\r\nthe preview is busy: try again\n"
)

Address = Any
"""What `accept` gives with the socket (a host and port pair)."""


class WaitingRoom:
    """Accepted connections that have not sent anything yet, watched by one thread."""

    def __init__(self, ready: Callable[[socket.socket, Address], None]) -> None:
        self._ready = ready
        self._selector = selectors.DefaultSelector()
        self._arrivals: queue.SimpleQueue[tuple[socket.socket, Address]] = queue.SimpleQueue()
        self._bell, self._ring = socket.socketpair()
        for end in (self._bell, self._ring):
            end.setblocking(False)
        self._selector.register(self._bell, selectors.EVENT_READ)
        self._waiting: dict[socket.socket, tuple[Address, float]] = {}
        """Oldest first (a dict keeps the order of insertion)."""
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="ridec-preview-wait")
        self._thread.daemon = True
        self._thread.start()

    def add(self, connection: socket.socket, address: Address) -> None:
        """Wait for `connection` to send its request (called by the accepting thread)."""
        self._arrivals.put((connection, address))
        self._wake()

    def close(self) -> None:
        """Close every waiting connection and end the thread."""
        self._closed = True
        self._wake()
        self._thread.join(REQUEST_TIMEOUT_S)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # full: a wake-up is already pending
            self._ring.send(b"\0")

    def _run(self) -> None:
        try:
            while not self._closed:
                for key, _ in self._selector.select(self._next_deadline()):
                    if key.fileobj is self._bell:
                        with contextlib.suppress(OSError):
                            self._bell.recv(4096)
                        continue
                    connection = key.fileobj
                    assert isinstance(connection, socket.socket)
                    self._selector.unregister(connection)
                    address, _ = self._waiting.pop(connection)
                    try:
                        self._ready(connection, address)
                    except Exception:  # this thread must go on serving the others
                        _close(connection)
                self._admit()
                self._expire()
        finally:
            for connection in list(self._waiting):
                self._drop(connection)
            self._selector.close()
            self._bell.close()
            self._ring.close()

    def _next_deadline(self) -> float | None:
        if not self._waiting:
            return None
        first = next(iter(self._waiting.values()))[1]  # the oldest has the nearest deadline
        return max(0.0, first - time.monotonic())

    def _admit(self) -> None:
        while True:
            try:
                connection, address = self._arrivals.get_nowait()
            except queue.Empty:
                return
            if len(self._waiting) >= MAX_WAITING:
                self._drop(next(iter(self._waiting)))
            self._waiting[connection] = (address, time.monotonic() + REQUEST_TIMEOUT_S)
            self._selector.register(connection, selectors.EVENT_READ)

    def _expire(self) -> None:
        now = time.monotonic()
        for connection, (_, deadline) in list(self._waiting.items()):
            if deadline > now:
                return
            self._drop(connection)

    def _drop(self, connection: socket.socket) -> None:
        self._waiting.pop(connection, None)
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(connection)
        _close(connection)


class BoundedHTTPServer(HTTPServer):
    """An HTTP server whose threads are `MAX_WORKERS` plus two (accepting and waiting)."""

    request_queue_size = MAX_WAITING
    """The listen backlog: a burst of connections waits in the kernel, not refused."""

    def __init__(self, address: tuple[str, int], handler: Any) -> None:
        self._room: WaitingRoom | None = None
        self._workers: list[threading.Thread] = []
        self._jobs: queue.SimpleQueue[tuple[socket.socket, Address] | None] = queue.SimpleQueue()
        super().__init__(address, handler)  # binds: started only once listening
        self._slots = threading.BoundedSemaphore(MAX_WORKERS + MAX_QUEUED)
        self._workers = [
            threading.Thread(target=self._work, name=f"ridec-preview-http-{n}", daemon=True)
            for n in range(MAX_WORKERS)
        ]
        for worker in self._workers:
            worker.start()
        self._room = WaitingRoom(self._dispatch)

    def process_request(self, request: Any, client_address: Address) -> None:
        """Called by `serve_forever` for each accepted connection: it waits for its bytes."""
        assert self._room is not None
        self._room.add(request, client_address)

    def _dispatch(self, connection: socket.socket, address: Address) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                connection.settimeout(1.0)
                connection.sendall(BUSY)
            _close(connection)
            return
        self._jobs.put((connection, address))

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            connection, address = job
            try:
                connection.settimeout(REQUEST_TIMEOUT_S)
                self.finish_request(connection, address)
            except Exception:
                self.handle_error(connection, address)
            finally:
                self.shutdown_request(connection)
                self._slots.release()

    def handle_error(self, request: Any, client_address: Address) -> None:
        """A connection that fails ends quietly; an error of ridec's is one line."""
        failure = sys.exc_info()[1]
        if failure is None or isinstance(failure, OSError):
            return  # reset, timed out, gone: nothing the terminal needs to hear
        print(
            f"ridec preview: a request failed: {type(failure).__name__}: {failure}",
            file=sys.stderr,
            flush=True,
        )

    def server_close(self) -> None:
        """Stop listening, close the waiting connections and let the workers end."""
        super().server_close()
        if self._room is not None:
            self._room.close()
        for _ in self._workers:
            self._jobs.put(None)


def _close(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()
