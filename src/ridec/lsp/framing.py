"""The server's end of the wire: LSP's Content-Length frames over stdin, read with bounds.

pygls' own reader trusts its client: it reads a header line of any length, allocates
whatever Content-Length says (`Content-Length: 99999999999999` ended in a MemoryError and a
traceback), and when a request's parameters do not fit their type (a hover without its
position) it logs a traceback and answers nothing, so the editor waits for ever. This loop
reads the same frames, then hands each message to pygls' protocol unchanged, with three
differences:

- a header line is at most `MAX_HEADER_LINE_BYTES`, a body at most `MAX_LSP_MESSAGE_BYTES`;
  a larger body is refused (a JSON-RPC error, `id` null as the spec says when the id cannot
  be read) and skipped a chunk at a time, never held in memory, so the next frame is read
  in step;
- a body that is not JSON, or not a JSON-RPC message, is answered with the spec's parse or
  invalid-request error;
- a request whose parameters do not fit (a missing position, a wrong type) is answered
  with InvalidParams, naming the field, under the request's own id.

Each refusal is also one line on stderr (the editor's log), never a traceback.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from typing import Any, BinaryIO

import cattrs
from lsprotocol import types
from pygls.io_ import StdoutWriter
from pygls.protocol import JsonRPCNotification, JsonRPCRequestMessage, default_converter
from pygls.protocol.json_rpc import JsonRPCProtocol

from ridec.fileio import describe_bytes
from ridec.limits import MAX_LSP_MESSAGE_BYTES

MAX_HEADER_LINE_BYTES = 4096
"""Bytes of one header line (`Content-Length: 1234` and `Content-Type: ...` take 60)."""
SKIP_CHUNK_BYTES = 1 << 20
"""Bytes of a refused body read (and dropped) at a time."""

_converter = default_converter()  # type: ignore[no-untyped-call]  # pygls leaves it untyped
"""pygls' converter, as the protocol makes its own: the same message types and hooks."""


class Wire:
    """One client's stdin and stdout: frames in, frames and refusals out."""

    def __init__(self, protocol: JsonRPCProtocol, stdin: BinaryIO, stdout: BinaryIO) -> None:
        self.protocol = protocol
        self.stdin = stdin
        self.writer = StdoutWriter(stdout)
        protocol.set_writer(self.writer)

    async def _run(self, call: Any, *args: Any) -> Any:
        """A blocking read in a worker thread, so timers (the debounce) run meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(None, call, *args)

    async def serve(self) -> None:
        """Read and handle frames until the client closes stdin."""
        while True:
            frame = await self._run(self._read_frame)
            if frame is None:
                return
            body, length, problem = frame
            if problem is not None:
                self.refuse(None, types.ErrorCodes.InvalidRequest, f"refused {problem}")
                if length is not None and not await self._run(self._skip, length):
                    return  # the body of a refused frame is dropped unread, to stay in step
                continue
            if body is None:
                return  # the client went away in the middle of a message
            self.handle(body)

    def _read_frame(self) -> tuple[bytes | None, int | None, str | None] | None:
        """The next frame, read in one go (one trip to the worker thread a message): its
        body, or its Content-Length and what is wrong with it; None at the end of the input.
        A body cut short by the end of the input comes back as None."""
        headers = self._headers()
        if headers is None:
            return None
        length, problem = headers
        if problem is None and length is not None and length > MAX_LSP_MESSAGE_BYTES:
            limit = describe_bytes(MAX_LSP_MESSAGE_BYTES)
            problem = f"a message of {length:,} bytes: the most the server reads is {limit}"
        if problem is not None:
            return None, length, problem
        assert length is not None
        body = self.stdin.read(length)
        return (body if len(body) == length else None), length, None

    def _headers(self) -> tuple[int | None, str | None] | None:
        """The next frame's Content-Length and what is wrong with its headers, if anything;
        None at the end of the input."""
        length: int | None = None
        problem = None
        seen = False
        while True:
            line = self.stdin.readline(MAX_HEADER_LINE_BYTES)
            if not line:
                return None
            if not line.endswith(b"\n"):
                problem = f"a header line longer than {MAX_HEADER_LINE_BYTES:,} bytes"
                if not self._skip_line():
                    return None
                seen = True
                continue
            text = line.strip()
            if not text:
                if not seen:
                    continue  # blank lines between frames
                break
            seen = True
            name, _, value = text.partition(b":")
            if name.strip().lower() == b"content-length":
                digits = value.strip()
                if digits.isdigit():
                    length = int(digits)
                else:
                    problem = f"a Content-Length that is not a number: {digits[:40]!r}"
        if problem is None and length is None:
            problem = "a message without a Content-Length header"
        return length, problem

    def _skip(self, count: int) -> bool:
        """Read and drop `count` bytes, a chunk at a time; False at the end of the input."""
        while count > 0:
            chunk = self.stdin.read(min(count, SKIP_CHUNK_BYTES))
            if not chunk:
                return False
            count -= len(chunk)
        return True

    def _skip_line(self) -> bool:
        """Read and drop the rest of an overlong line; False at the end of the input."""
        while True:
            chunk = self.stdin.readline(SKIP_CHUNK_BYTES)
            if not chunk:
                return False
            if chunk.endswith(b"\n"):
                return True

    def handle(self, body: bytes) -> None:
        """Parse one body and give it to pygls, or answer why it cannot be."""
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:  # not UTF-8 or not JSON; nested too deep
            why = str(exc) if isinstance(exc, ValueError) else "nested too deep"
            self.refuse(None, types.ErrorCodes.ParseError, f"the message is not JSON: {why}")
            return
        if not isinstance(data, dict) or data.get("jsonrpc") != "2.0":
            self.refuse(None, types.ErrorCodes.InvalidRequest, "not a JSON-RPC 2.0 message")
            return
        method = data.get("method")
        try:
            message = self._structure(data, method)
        except Exception as exc:  # cattrs says what did not fit; anything else is as bad
            why = _why(exc)
            if method is not None and "id" in data:
                self.refuse(data["id"], types.ErrorCodes.InvalidParams, f"{method}: {why}")
            else:
                _log(f"ignored a {method or 'response'} message: {why}")
            return
        self.protocol.handle_message(message)

    def _structure(self, data: dict[str, Any], method: object) -> Any:
        if not isinstance(method, str):
            return self.protocol.structure_message(data)  # a response to the server
        kind = self.protocol.get_message_type(method)
        if kind is None:
            kind = JsonRPCRequestMessage if "id" in data else JsonRPCNotification
        return _converter.structure(data, kind)

    def refuse(self, message_id: object, code: int, message: str) -> None:
        """Answer with a JSON-RPC error (and say so on stderr)."""
        _log(message)
        error = {"code": int(code), "message": message}
        body = json.dumps({"jsonrpc": "2.0", "id": message_id, "error": error})
        data = body.encode("utf-8")
        self.writer.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)


def _why(exc: Exception) -> str:
    """What did not fit, in cattrs' words with the fields as the client spells them:
    `required field missing @ $.params.textDocument`."""
    if isinstance(exc, cattrs.ClassValidationError | cattrs.IterableValidationError):
        found = [_camel_path(line) for line in cattrs.transform_error(exc)]
        return "; ".join(found) or str(exc)
    return f"{type(exc).__name__}: {exc}"


def _camel_path(line: str) -> str:
    """`... @ $.params.text_document` as `... @ $.params.textDocument` (lsprotocol's Python
    names are the protocol's camelCase ones in snake case)."""
    what, at, where = line.rpartition(" @ ")
    if not at:
        return line
    return what + at + _SNAKE.sub(lambda match: match.group(1).upper(), where)


_SNAKE = re.compile(r"_([a-z])")


def _log(message: str) -> None:
    print(f"ridec lsp: {message}", file=sys.stderr, flush=True)
