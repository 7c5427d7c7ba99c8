"""A minimal blocking LSP client over a child's stdin and stdout, for timing `ridec lsp`.

It shares no code with the server (nor with pygls): Content-Length framing, JSON bodies,
requests answered by id, and a null reply to any request the server makes of the client.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Message = dict[str, Any]


class LspClient:
    """One server process and the messages it has sent."""

    def __init__(self, argv: Sequence[str | Path]) -> None:
        self.process = subprocess.Popen(
            [str(a) for a in argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._next_id = 0

    def send(self, message: Message) -> None:
        """Write one message."""
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: object) -> None:
        """Send a notification."""
        self.send({"method": method, "params": params})

    def request(self, method: str, params: object) -> Any:
        """Send a request and return its result (other messages meanwhile are dropped)."""
        self._next_id += 1
        ident = self._next_id
        self.send({"id": ident, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == ident and "method" not in m)
        if "error" in reply:
            raise RuntimeError(f"{method} failed: {reply['error']}")
        return reply.get("result")

    def wait(self, wanted: Callable[[Message], bool]) -> Message:
        """Read messages until one is `wanted`."""
        while True:
            message = self._read()
            if "method" in message and "id" in message:  # a request of the client
                self.send({"id": message["id"], "result": None})
            if wanted(message):
                return message

    def _read(self) -> Message:
        stream = self.process.stdout
        assert stream is not None
        length = 0
        while True:
            line = stream.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        message: Message = json.loads(stream.read(length))
        return message

    def close(self) -> None:
        """Shut the server down as an editor does, and wait for it to exit."""
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


def diagnostics_for(uri: str, version: int) -> Callable[[Message], bool]:
    """Matches the diagnostics published for one version of one document."""

    def wanted(message: Message) -> bool:
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message["params"]
        return bool(params["uri"] == uri and params.get("version") == version)

    return wanted
