"""A raw JSON-RPC client for `ridec lsp`, run in a child under the memory cap of `bounded`.

pytest-lsp's client sends only well-formed messages; the fault tests need to send what an
editor never would (a huge Content-Length, a request without its position) and to see
exactly what comes back, stderr included. A reader thread parses the server's frames into
a queue; every wait is bounded by the hang timeout, which only a hang reaches.
"""

from __future__ import annotations

import itertools
import json
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


class RawClient:
    """`ridec lsp` in a child process, and the messages it sent."""

    def __init__(self, cwd: Path, env: Mapping[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            SERVER,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env) if env is not None else None,
        )
        self.received: queue.Queue[Message | None] = queue.Queue()
        self.notifications: list[Message] = []
        self._ids = itertools.count(1)
        self._stderr: list[bytes] = []
        self._reader = threading.Thread(target=self._read, args=(self._out,), daemon=True)
        self._reader.start()
        self._errors = threading.Thread(target=self._drain, args=(self._err,), daemon=True)
        self._errors.start()

    @property
    def _in(self) -> IO[bytes]:
        assert self.process.stdin is not None
        return self.process.stdin

    @property
    def _out(self) -> IO[bytes]:
        assert self.process.stdout is not None
        return self.process.stdout

    @property
    def _err(self) -> IO[bytes]:
        assert self.process.stderr is not None
        return self.process.stderr

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

    def _drain(self, stream: IO[bytes]) -> None:
        for line in stream:
            self._stderr.append(line)

    def write(self, data: bytes) -> None:
        """Send raw bytes (a frame, or something that is not one)."""
        self._in.write(data)
        self._in.flush()

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
        uri = path.as_uri()
        while True:
            message = self.next_message()
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            if message["params"]["uri"] == uri:
                return list(message["params"]["diagnostics"])

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


def position(path: Path, line: int, character: int) -> Message:
    """The params of a request at a position of a document."""
    where = {"line": line, "character": character}
    return {"textDocument": {"uri": path.as_uri()}, "position": where}
