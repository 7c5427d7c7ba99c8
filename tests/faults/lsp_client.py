"""A raw JSON-RPC client for `ridec lsp`, run in a child under the memory cap of `bounded`.

pytest-lsp's client sends only well-formed messages; the fault tests need to send what an
editor never would (a huge Content-Length, a request without its position) and to see
exactly what comes back, stderr included. A reader thread parses the server's frames into
a queue; every wait is bounded by the hang timeout, which only a hang reaches.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from tests.faults.bounded import HANG_TIMEOUT_S, MEMORY_LIMIT

Message = dict[str, Any]

_CAPPED_MAIN = (
    "import resource\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
    "from ridec.cli import main\n"
    "main()\n"
)
"""The child caps its own memory before ridec loads (no `preexec_fn`: the client has threads)."""
SERVER = [sys.executable, "-c", _CAPPED_MAIN, "lsp", "--stdio"]


class Frames:
    """One end of an LSP connection: frames written to `sink`, frames read from `source`
    by a thread into a queue."""

    def __init__(self, sink: IO[bytes], source: IO[bytes]) -> None:
        self.sink = sink
        self.source = source
        self.received: queue.Queue[Message | None] = queue.Queue()
        self.notifications: list[Message] = []
        self._ids = itertools.count(1)
        self._reader = threading.Thread(target=self._read, args=(source,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.received.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.received.put(json.loads(stream.read(length)))

    @property
    def stderr(self) -> str:
        """What the server wrote on stderr so far (nothing to show in this base)."""
        return ""

    def write(self, data: bytes) -> None:
        """Send raw bytes (a frame, or something that is not one)."""
        self.sink.write(data)
        self.sink.flush()

    def send(self, message: Message) -> None:
        """Send one framed message."""
        body = json.dumps(message).encode("utf-8")
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method: str, params: Any = None) -> Message:
        """Send a request and return its response (notifications meanwhile are kept)."""
        number = next(self._ids)
        message: Message = {"jsonrpc": "2.0", "id": number, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.response(number)

    def response(self, number: int | None) -> Message:
        """The response with this id (None: an error about a message without one)."""
        while True:
            message = self.next_message()
            if "method" in message:
                self.notifications.append(message)
            elif message.get("id") == number:
                return message

    def next_message(self) -> Message:
        """The next message the server sends; AssertionError when it exits instead."""
        message = self.received.get(timeout=HANG_TIMEOUT_S)
        if message is None:
            raise AssertionError(f"the server ended: {self.stderr}")
        return message

    def notify(self, method: str, params: Any) -> None:
        """Send a notification."""
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def initialize(self, root: Path) -> None:
        """The handshake every session starts with."""
        answer = self.request(
            "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}
        )
        assert "result" in answer, answer
        self.notify("initialized", {})

    def open(self, path: Path, text: str, language: str = "ride") -> None:
        """Open a document (its diagnostics arrive as a notification)."""
        item = {"uri": path.as_uri(), "languageId": language, "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})

    def diagnostics(self, path: Path) -> list[Message]:
        """The next diagnostics published for `path`."""
        return list(self.published(path)["diagnostics"])

    def published(self, path: Path) -> Message:
        """The params of the next publishDiagnostics for `path` (uri, version, diagnostics)."""
        uri = path.as_uri()
        while True:
            message = self.next_message()
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params: Message = message["params"]
            if params["uri"] == uri:
                return params

    def change(self, path: Path, version: int, text: str) -> None:
        """Replace a document's whole text."""
        document = {"uri": path.as_uri(), "version": version}
        self.notify(
            "textDocument/didChange",
            {"textDocument": document, "contentChanges": [{"text": text}]},
        )


class RawClient(Frames):
    """`ridec lsp` in a child process capped in memory, and the messages it sent."""

    def __init__(self, cwd: Path, env: Mapping[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            SERVER,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env) if env is not None else None,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        assert self.process.stderr is not None
        super().__init__(self.process.stdin, self.process.stdout)
        self._stderr: list[bytes] = []
        self._errors = threading.Thread(target=self._drain, args=(self.process.stderr,))
        self._errors.daemon = True
        self._errors.start()

    def _drain(self, stream: IO[bytes]) -> None:
        for line in stream:
            self._stderr.append(line)

    @property
    def stderr(self) -> str:
        """What the server wrote on stderr so far."""
        return b"".join(self._stderr).decode("utf-8", "replace")

    def close(self) -> None:
        """Shut the server down as an editor does; kill it if it does not end."""
        try:
            if self.process.poll() is None:
                self.request("shutdown")
                self.notify("exit", None)
                self.process.wait(timeout=HANG_TIMEOUT_S)
        except (AssertionError, OSError, queue.Empty, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self._errors.join(timeout=HANG_TIMEOUT_S)
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                if stream is not None:
                    stream.close()

    def __enter__(self) -> RawClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class InProcessClient(Frames):
    """`ridec.lsp.server.serve` in a thread of this process, over two pipes: for tests that
    count what the server does (analyses) or change its settings (the debounce)."""

    def __init__(self) -> None:
        from ridec.lsp.server import serve

        to_server, self._client_end = os.pipe()
        from_server_read, from_server = os.pipe()
        self._server_in = os.fdopen(to_server, "rb")
        self._server_out = os.fdopen(from_server, "wb")
        super().__init__(os.fdopen(self._client_end, "wb"), os.fdopen(from_server_read, "rb"))
        self.thread = threading.Thread(target=serve, args=(self._server_in, self._server_out))
        self.thread.daemon = True
        self.thread.start()

    def close(self) -> None:
        """Close the server's input: it ends as when an editor goes away."""
        self.sink.close()
        self.thread.join(HANG_TIMEOUT_S)
        assert not self.thread.is_alive(), "the server did not end at the end of its input"
        self._server_in.close()
        self._server_out.close()
        self._reader.join(HANG_TIMEOUT_S)
        self.source.close()

    def __enter__(self) -> InProcessClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def position(path: Path, line: int, character: int) -> Message:
    """The params of a request at a position of a document."""
    where = {"line": line, "character": character}
    return {"textDocument": {"uri": path.as_uri()}, "position": where}
