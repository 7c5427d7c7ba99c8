"""What an editor never sends, and the language server answers anyway: a JSON-RPC error,
one line on stderr, and the next message read in step. Never a traceback, never silence.

Each server runs in a child under the memory cap of `bounded` (512 MB). Before: a
Content-Length of 99,999,999,999,999 ended the server in a MemoryError with a traceback; a
hover without its position was logged with a traceback and never answered (the editor waits
for ever); a hover on a file the editor had not opened read it from the disk, unbounded (a
FIFO there hung the server).
"""

from __future__ import annotations

import os
from pathlib import Path

from ridec.limits import MAX_LSP_MESSAGE_BYTES
from tests.faults.lsp_client import Message, RawClient, position

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
REQUEST_FAILED = -32803
WORKOUT = "name: W\n10m 60%\n"


def still_answers(client: RawClient, tmp_path: Path) -> None:
    """A normal request after the bad one is answered: the stream is still in step."""
    path = tmp_path / "after.ride"
    client.open(path, WORKOUT)
    client.diagnostics(path)
    answer = client.request("textDocument/hover", position(path, 1, 1))
    assert "**active** step" in answer["result"]["contents"]["value"]


def error_of(answer: Message) -> tuple[int, str]:
    assert "result" not in answer, answer
    return answer["error"]["code"], answer["error"]["message"]


def test_a_huge_content_length_is_refused_without_allocating_it(tmp_path: Path) -> None:
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        client.write(b"Content-Length: 99999999999999\r\n\r\n")
        code, message = error_of(client.response(None))
        assert code == INVALID_REQUEST
        assert message == (
            "refused a message of 99,999,999,999,999 bytes: the most the server reads is 64 MiB"
        )
        client.process.stdin.close()  # type: ignore[union-attr]  # the body never comes
        assert client.process.wait() == 0
        assert "Traceback" not in client.stderr and "MemoryError" not in client.stderr
        assert f"ridec lsp: {message}\n" in client.stderr


def test_a_body_over_the_limit_is_skipped_and_the_next_message_is_read(tmp_path: Path) -> None:
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        length = MAX_LSP_MESSAGE_BYTES + 1
        client.write(b"Content-Length: %d\r\n\r\n" % length)
        chunk = b"x" * (1 << 20)
        for start in range(0, length, len(chunk)):
            client.write(chunk[: length - start])
        code, message = error_of(client.response(None))
        assert code == INVALID_REQUEST and "refused a message of 67,108,865 bytes" in message
        still_answers(client, tmp_path)
        assert "Traceback" not in client.stderr


def test_an_overlong_header_line_and_a_missing_length_are_refused(tmp_path: Path) -> None:
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        client.write(b"X-Padding: " + b"a" * 100_000 + b"\r\nContent-Length: 2\r\n\r\n{}")
        code, message = error_of(client.response(None))
        assert (code, message) == (INVALID_REQUEST, "refused a header line longer than 4,096 bytes")
        client.write(b"Content-Type: x\r\n\r\n")
        code, message = error_of(client.response(None))
        assert message == "refused a message without a Content-Length header"
        client.write(b"Content-Length: -3\r\n\r\n")
        code, message = error_of(client.response(None))
        assert message == "refused a Content-Length that is not a number: b'-3'"
        still_answers(client, tmp_path)
        assert "Traceback" not in client.stderr


def test_a_body_that_is_not_json_is_a_parse_error(tmp_path: Path) -> None:
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        for body in (b"{not json", b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b"[1, 2]"):
            client.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            code, _ = error_of(client.response(None))
            assert code in (PARSE_ERROR, INVALID_REQUEST)
        still_answers(client, tmp_path)
        assert "Traceback" not in client.stderr


def test_a_request_without_its_position_gets_invalid_params(tmp_path: Path) -> None:
    path = tmp_path / "w.ride"
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        client.open(path, WORKOUT)
        client.diagnostics(path)
        document = {"textDocument": {"uri": path.as_uri()}}
        answer = client.request("textDocument/hover", document)
        assert error_of(answer) == (
            INVALID_PARAMS,
            "textDocument/hover: required field missing @ $.params.position",
        )
        answer = client.request("textDocument/completion", {"position": {"line": 0}})
        code, message = error_of(answer)
        assert code == INVALID_PARAMS and "$.params.textDocument" in message
        still_answers(client, tmp_path)
        assert "Traceback" not in client.stderr


def test_a_request_about_an_unopened_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "f.ride"
    os.mkfifo(fifo)  # read, it would block the server for ever
    on_disk = tmp_path / "d.ride"
    on_disk.write_text(WORKOUT, encoding="utf-8")
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        for path in (fifo, on_disk):
            for method, params in (
                ("textDocument/hover", position(path, 1, 1)),
                ("textDocument/documentSymbol", {"textDocument": {"uri": path.as_uri()}}),
                ("textDocument/formatting", _formatting(path)),
            ):
                code, message = error_of(client.request(method, params))
                assert code == REQUEST_FAILED
                assert message == (
                    f"{path.as_uri()} is not open: "
                    "ridec answers about the documents the editor has opened"
                )
        still_answers(client, tmp_path)
        assert "Traceback" not in client.stderr


def test_an_unknown_command_gets_invalid_params_and_one_line_on_stderr(tmp_path: Path) -> None:
    # pygls refused it rightly but logged its own refusal with a full traceback.
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        answer = client.request("workspace/executeCommand", {"command": "x", "arguments": []})
        refused = "Invalid Params: Command name 'x' is not defined"
        assert error_of(answer) == (INVALID_PARAMS, refused)
        still_answers(client, tmp_path)
        assert "Traceback" not in client.stderr
        refusals = [line for line in client.stderr.splitlines() if "Command name" in line]
        assert refusals == [f"ridec lsp: {refused}"]


def _formatting(path: Path) -> Message:
    options = {"tabSize": 2, "insertSpaces": True}
    return {"textDocument": {"uri": path.as_uri()}, "options": options}


def test_exit_ends_the_server_with_the_protocols_code_and_no_traceback(tmp_path: Path) -> None:
    # pygls closes its writer on `exit`: that closed the process's stdout, and the command's
    # last flush of it ended in a traceback and exit status 1.
    for shut_down, code in ((True, 0), (False, 1)):
        with RawClient(tmp_path) as client:
            client.initialize(tmp_path)
            if shut_down:
                assert client.request("shutdown")["result"] is None
            client.notify("exit", None)
            assert client.process.wait() == code
        assert "Traceback" not in client.stderr, client.stderr
