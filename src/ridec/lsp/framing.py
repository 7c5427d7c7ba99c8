"""The server's end of the wire: LSP's Content-Length frames over stdin, read with bounds.

pygls' own reader trusts its client: it reads a header line of any length, allocates
whatever Content-Length says (`Content-Length: 99999999999999` ended in a MemoryError and a
traceback), and when a request's parameters do not fit their type (a hover without its
position) it logs a traceback and answers nothing, so the editor waits for ever. This loop
reads the same frames, then hands each message to pygls' protocol unchanged, with three
differences:

- a header line is at most `frames.MAX_HEADER_LINE_BYTES`, a body at most `MAX_LSP_MESSAGE_BYTES`;
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
from pygls.protocol import JsonRPCNotification, JsonRPCRequestMessage, default_converter
from pygls.protocol.json_rpc import JsonRPCProtocol

from ridec.lsp.early import EarlyAnswer
from ridec.lsp.frames import Frame, read_frame, skip

_converter = default_converter()  # type: ignore[no-untyped-call]  # pygls leaves it untyped
"""pygls' converter, as the protocol makes its own: the same message types and hooks."""


class Wire:
    """One client's stdin and stdout: frames in, frames and refusals out."""

    def __init__(
        self,
        protocol: JsonRPCProtocol,
        stdin: BinaryIO,
        stdout: BinaryIO,
        answered: EarlyAnswer | None = None,
    ) -> None:
        """`answered`: the `initialize` request already answered (`ridec.lsp.early`): pygls
        still handles it, and its answer is checked against that one, not sent again."""
        self.protocol = protocol
        self.stdin = stdin
        self.writer = _Stdout(stdout)
        protocol.set_writer(self.writer if answered is None else _Unless(self.writer, answered))

    async def _run(self, call: Any, *args: Any) -> Any:
        """A blocking read in a worker thread, so timers (the debounce) run meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(None, call, *args)

    async def serve(self, first: Frame | None = None) -> None:
        """Read and handle frames until the client closes stdin, starting with `first` when
        it was read before the server was ready (`ridec.lsp.early`)."""
        frame = first
        while True:
            if frame is None:
                frame = await self._run(read_frame, self.stdin)
                if frame is None:
                    return
            body, length, problem = frame.body, frame.length, frame.problem
            frame = None
            if problem is not None:
                self.refuse(None, types.ErrorCodes.InvalidRequest, f"refused {problem}")
                if length is not None and not await self._run(skip, self.stdin, length):
                    return  # the body of a refused frame is dropped unread, to stay in step
                continue
            if body is None:
                return  # the client went away in the middle of a message
            self.handle(body)

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


class _Stdout:
    """pygls' writer over stdout, which `exit` closes: it is flushed and left open, for the
    command to flush as it ends (a closed stdout made that flush a traceback and exit 1)."""

    def __init__(self, stdout: BinaryIO) -> None:
        self.stdout = stdout

    def write(self, data: bytes) -> None:
        self.stdout.write(data)
        self.stdout.flush()

    def close(self) -> None:
        self.stdout.flush()


class _Unless:
    """pygls' writer, except for its answer to a request answered early: that one is only
    compared with what was sent (the same bytes, as tests hold; a difference is logged)."""

    def __init__(self, writer: _Stdout, answered: EarlyAnswer) -> None:
        self.writer = writer
        self.answered: EarlyAnswer | None = answered

    def write(self, data: bytes) -> None:
        answered = self.answered
        if answered is not None and _answers(data, answered.message_id):
            self.answered = None
            if data != answered.frame:
                _log(f"initialize was answered early with {answered.frame!r}, pygls says {data!r}")
            return
        self.writer.write(data)

    def close(self) -> None:
        self.writer.close()


def _answers(data: bytes, message_id: int | str) -> bool:
    """Whether a frame pygls writes is its response to the request `message_id`."""
    _, _, body = data.partition(b"\r\n\r\n")
    try:
        message = json.loads(body)
    except ValueError:
        return False
    return isinstance(message, dict) and "method" not in message and message.get("id") == message_id


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
