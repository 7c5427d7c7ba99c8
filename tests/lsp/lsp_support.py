"""Starting `ridec lsp` under a pytest-lsp client, and the few steps every test repeats."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

TIMEOUT_S = 60.0
"""Generous: the machine is shared, and only a hang should fail a test on time."""


def ridec_command(*args: str) -> list[str]:
    """The installed `ridec` console script beside this Python, else the same entry point."""
    script = Path(sys.executable).with_name("ridec")
    if script.exists():
        return [str(script), *args]
    found = shutil.which("ridec")
    if found:
        return [found, *args]
    return [sys.executable, "-c", "from ridec.cli import main; main()", *args]


SERVER = ClientServerConfig(server_command=ridec_command("lsp", "--stdio"))


async def open_document(
    client: LanguageClient, path: Path, text: str, language: str = "ride"
) -> Sequence[types.Diagnostic]:
    """Open a document and wait for its first diagnostics."""
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
    )
    return await diagnostics_of(client, uri)


async def change_document(
    client: LanguageClient, path: Path, version: int, text: str
) -> Sequence[types.Diagnostic]:
    """Replace a document's whole text and wait for its diagnostics."""
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    change = types.TextDocumentContentChangeWholeDocument(text=text)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri), [change]
        )
    )
    return await diagnostics_of(client, uri)


def close_document(client: LanguageClient, path: Path) -> None:
    """Close a document (its next diagnostics, the empty list, can then be awaited)."""
    client.diagnostics.pop(path.as_uri(), None)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(path.as_uri()))
    )


async def diagnostics_of(client: LanguageClient, uri: str) -> Sequence[types.Diagnostic]:
    """The next diagnostics published for `uri` (after it was popped from the client)."""

    async def arrived() -> Sequence[types.Diagnostic]:
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics[uri])

    return await asyncio.wait_for(arrived(), TIMEOUT_S)


def at(path: Path, line: int, character: int) -> types.TextDocumentPositionParams:
    """A position in a document (0-based, as LSP counts)."""
    return types.TextDocumentPositionParams(
        types.TextDocumentIdentifier(path.as_uri()), types.Position(line, character)
    )


def apply_edits(text: str, edits: Sequence[types.TextEdit], encoding: str = "utf-16") -> str:
    """The text with LSP edits made, positions counted in code units of `encoding`."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: types.Position) -> int:
        line = lines[position.line]
        return starts[position.line] + characters(line, position.character, encoding)

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def _codec(encoding: str) -> tuple[str, int]:
    """Python's codec for an LSP position encoding, and its bytes per code unit."""
    return ("utf-16-le", 2) if encoding == "utf-16" else (encoding, 1)


def characters(line: str, count: int, encoding: str = "utf-16") -> int:
    """How many characters of `line` its first `count` code units of `encoding` hold."""
    codec, width = _codec(encoding)
    return len(line.encode(codec)[: count * width].decode(codec))


def units(line: str, count: int, encoding: str = "utf-16") -> int:
    """How many code units of `encoding` the first `count` characters of `line` take."""
    codec, width = _codec(encoding)
    return len(line[:count].encode(codec)) // width
