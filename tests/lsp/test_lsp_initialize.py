"""`initialize` answered before pygls loads (`ridec.lsp.early`), with the bytes pygls sends:
for editors' requests, for any request lsprotocol reads, and never for one pygls would
answer otherwise; the server's session after it is the one it always was."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from tools.lsp_initialize_schema import ROOT as TOOL_ROOT
from tools.lsp_initialize_schema import schema

from ridec.lsp.early import answer_initialize
from ridec.lsp.framing import Wire
from ridec.lsp.initialize_schema import CLASSES, ROOT
from ridec.lsp.server import server
from tests.faults.lsp_client import RawClient, position
from tests.lsp.clients import EDITORS, Message, broken, initialize, requests

INVALID_PARAMS = -32602


def pygls_answer(message: Message) -> bytes:
    """What the server sends for `message` once pygls has loaded (each frame as written)."""
    out = io.BytesIO()
    Wire(server.protocol, io.BytesIO(), out).handle(json.dumps(message).encode())
    return out.getvalue()


def early_answer(message: Message) -> bytes | None:
    answered = answer_initialize(json.dumps(message).encode())
    return None if answered is None else answered.frame


def test_the_table_of_what_lsprotocol_reads_is_the_installed_lsprotocols() -> None:
    # After an lsprotocol upgrade: `python -m tools.lsp_initialize_schema`.
    assert (TOOL_ROOT, schema()) == (ROOT, CLASSES)


@pytest.mark.parametrize("editor", EDITORS)
def test_an_editors_initialize_is_answered_early_with_pygls_bytes(editor: str) -> None:
    message = EDITORS[editor]
    answer = early_answer(message)
    assert answer is not None
    assert answer == pygls_answer(message)
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["id"] == message["id"]


@pytest.mark.parametrize(
    ("capabilities", "encoding"),
    [
        ({}, "utf-16"),
        ({"general": {}}, "utf-16"),
        ({"general": {"positionEncodings": []}}, "utf-16"),
        ({"general": {"positionEncodings": ["utf-8", "utf-16"]}}, "utf-8"),
        ({"general": {"positionEncodings": ["utf-32"]}}, "utf-32"),
        ({"general": {"positionEncodings": ["utf-7"]}}, "utf-16"),  # lsprotocol takes any name
        ({"general": {"positionEncodings": ["utf-7", "utf-32"]}}, "utf-32"),
    ],
)
def test_the_position_encoding_is_the_one_pygls_chooses(
    capabilities: dict[str, Any], encoding: str
) -> None:
    message = initialize(1, capabilities)
    answer = early_answer(message)
    assert answer is not None and answer == pygls_answer(message)
    result = json.loads(answer.partition(b"\r\n\r\n")[2])["result"]
    assert result["capabilities"]["positionEncoding"] == encoding


@settings(max_examples=150)
@given(requests())
def test_any_request_lsprotocol_reads_is_answered_early_as_pygls_answers_it(
    message: Message,
) -> None:
    answer = early_answer(message)
    assert answer is not None
    assert answer == pygls_answer(message)


@settings(max_examples=300)
@given(broken())
def test_a_request_answered_early_is_never_one_pygls_answers_otherwise(message: Message) -> None:
    answer = early_answer(message)
    if answer is not None:
        assert answer == pygls_answer(message)


REFUSED = {
    "capabilities missing": {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}},
    "a negative range limit": initialize(1, {"textDocument": {"foldingRange": {"rangeLimit": -1}}}),
    "a folder without a name": initialize(1, {}, workspaceFolders=[{"uri": "file:///x"}]),
    "a root pygls cannot read": initialize(1, {}, rootUri="file://[broken"),
}
"""Requests pygls answers with an error."""
LENIENT = {
    "a string for a boolean": initialize(
        1, {"textDocument": {"hover": {"dynamicRegistration": "yes"}}}
    ),
    "a boolean for an id": initialize(True, {}),
    "a string for a number": initialize(1, {}, processId="1"),
    "a list for an object": initialize(1, {"textDocument": []}),
}
"""Requests pygls reads by converting a value (cattrs is lenient), which the strict reading
leaves to it."""


@pytest.mark.parametrize(
    "message", [*REFUSED.values(), *LENIENT.values()], ids=[*REFUSED, *LENIENT]
)
def test_a_request_outside_the_strict_reading_is_left_to_pygls(message: Message) -> None:
    assert early_answer(message) is None
    refused = json.loads(pygls_answer(message).partition(b"\r\n\r\n")[2])
    assert ("error" in refused) == (message in REFUSED.values())


def test_the_server_answers_initialize_once_then_serves_as_before(tmp_path: Path) -> None:
    message = EDITORS["terminal editor"]
    with RawClient(tmp_path) as client:
        client.send(message)
        answer = client.response(1)
        assert answer == json.loads(pygls_answer(message).partition(b"\r\n\r\n")[2])
        client.notify("initialized", {})
        path = tmp_path / "w.ride"
        client.open(path, "name: W\n10m 60%\n")
        assert client.diagnostics(path) == []
        hover = client.request("textDocument/hover", position(path, 1, 1))
        assert "**active** step" in hover["result"]["contents"]["value"]
        again = client.request("initialize", message["params"])  # pygls answers a second one
        assert again["result"] == answer["result"]
        assert not [m for m in client.notifications if m.get("id") == 1]  # one answer to id 1
    assert client.process.returncode == 0
    assert "Traceback" not in client.stderr and "early" not in client.stderr


def test_a_first_message_pygls_refuses_is_refused_as_before(tmp_path: Path) -> None:
    with RawClient(tmp_path) as client:
        client.send(REFUSED["capabilities missing"])
        answer = client.response(1)
        assert answer["error"]["code"] == INVALID_PARAMS
        assert answer["error"]["message"].endswith("required field missing @ $.params.capabilities")
        client.write(b"Content-Length: 99999999999999\r\n\r\n")
        refused = client.response(None)
        assert "99,999,999,999,999 bytes" in refused["error"]["message"]


def test_an_oversized_first_frame_is_refused_before_pygls_loads(tmp_path: Path) -> None:
    with RawClient(tmp_path) as client:
        client.write(b"Content-Length: 99999999999999\r\n\r\n")
        refused = client.response(None)
        assert "99,999,999,999,999 bytes" in refused["error"]["message"]
        client.process.stdin.close()  # type: ignore[union-attr]  # the body never comes
        assert client.process.wait() == 0
    assert "Traceback" not in client.stderr


def test_the_server_process_freezes_its_start_up_heap_and_collects_young_objects_less_often() -> (
    None
):
    script = (
        "import gc\n"
        "from ridec.lsp.start import YOUNG_OBJECTS, collect_for_a_server\n"
        "before = gc.get_threshold()\n"
        "collect_for_a_server()\n"
        "assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()\n"
        "assert gc.get_threshold() == (YOUNG_OBJECTS, *before[1:]), gc.get_threshold()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)  # not in this test process
