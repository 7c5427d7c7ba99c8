"""The language server: pygls wiring between the editor's messages and the feature modules.

Every request reads the document's current analysis from the `Workspace` (made once per text
version) and converts offsets with a `LineIndex` in the position encoding the client chose.
A change to a workout also re-checks the open plans that may use it.

Changes are coalesced: diagnostics are published `DEBOUNCE_S` after the last of a burst of
changes, so twenty quick edits of a large file cost one analysis, not twenty queued ones; a
request meanwhile analyses the text as it is then. Requests answer only about documents the
editor has opened (the server never reads an unopened one from the disk: it may be a FIFO);
others get a RequestFailed error. `framing.Wire` reads the messages, with bounds.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError
from pygls.lsp.server import LanguageServer

from ridec import __version__
from ridec.diagnostics import Diagnostic, DiagnosticError, Source
from ridec.fileio import ReadError
from ridec.lsp import (
    actions,
    completion,
    definition,
    diagnostics,
    hover,
    plan_completion,
    plan_hover,
    symbols,
)
from ridec.lsp.early import EarlyAnswer
from ridec.lsp.formatting import format_edits
from ridec.lsp.frames import Frame
from ridec.lsp.framing import Wire
from ridec.lsp.plan_analysis import PlanAnalysis
from ridec.lsp.positions import LineIndex
from ridec.lsp.ride_analysis import RideAnalysis, analyze_ride
from ridec.lsp.uris import to_path, to_uri
from ridec.lsp.workspace import Workspace, is_plan
from ridec.model import Param

TRIGGER_CHARACTERS = ["$", '"', "/", "@"]
"""Characters after which the editor asks for completions without a keystroke more."""
DEBOUNCE_S = 0.25
"""Quiet after a change before its diagnostics are published: a burst of keystrokes (or of
edits an editor sends at once) is analysed once, at its end."""


class NotOpenError(JsonRpcException):
    """A request about a document the editor has not opened."""

    CODE = types.LSPErrorCodes.RequestFailed


class RidecServer(LanguageServer):
    """pygls' server with ridec's workspace of analysed documents."""

    def __init__(self) -> None:
        super().__init__("ridec", __version__)
        self.documents = Workspace()
        self.uris: dict[str, str] = {}
        self._indexes: dict[str, tuple[str, LineIndex]] = {}
        self._pending: dict[str, asyncio.TimerHandle] = {}

    @property
    def encoding(self) -> str:
        """The position encoding agreed with the client."""
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def index(self, path: str, text: str) -> LineIndex:
        """The line index of a file's text (kept while the text is the same)."""
        known = self._indexes.get(path)
        if known is None or known[0] != text or known[1].encoding != self.encoding:
            known = (text, LineIndex(text, self.encoding))
            self._indexes[path] = known
        return known[1]

    def index_of_source(self, source: Source) -> LineIndex:
        """The line index of another file a diagnostic points into."""
        return self.index(source.path, source.text or "")

    def index_of_path(self, path: str) -> LineIndex:
        """The line index of a workout file as the plan reads it (editor or disk)."""
        try:
            return self.index(path, self.documents.read(Path(path)))
        except (ReadError, DiagnosticError):  # unreadable: the top of the file is all there is
            return LineIndex("")

    def document(self, uri: str) -> tuple[str, str]:
        """The path and current text of an open document (NotOpenError for another)."""
        opened = self.workspace.text_documents.get(unquote(uri))
        if opened is None:
            raise NotOpenError(
                f"{uri} is not open: ridec answers about the documents the editor has opened"
            )
        path = to_path(uri)
        text = opened.source
        self.uris[path] = uri
        self.documents.set_text(path, text)
        return path, text

    def params_of(self, path: Path) -> tuple[Param, ...] | None:
        """The parameters a workout declares, as far as it can be read."""
        try:
            text = self.documents.read(path)
        except (ReadError, DiagnosticError):  # unreadable or not UTF-8: nothing to offer
            return None
        return analyze_ride(text, str(path)).workout.params

    def publish(self, path: str) -> None:
        """Send the diagnostics of an open document."""
        uri = self.uris.get(path)
        text = self.documents.open.get(path)
        if uri is None or text is None:
            return
        analysis = self.documents.analysis(path)
        index = self.index(path, text)
        if isinstance(analysis, PlanAnalysis):
            found = diagnostics.plan_diagnostics(analysis, index, self.index_of_source, to_uri)
        else:
            found = diagnostics.ride_diagnostics(analysis, index)
        version = self.workspace.get_text_document(uri).version
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, found, version))

    def publish_with_plans(self, path: str) -> None:
        """Publish a document's diagnostics, and again those of the open plans."""
        self.cancel_pending(path)
        self.publish(path)
        for plan in self.documents.open_plans():
            if plan != path:
                self.publish(plan)

    def publish_soon(self, path: str) -> None:
        """Publish once the changes stop for `DEBOUNCE_S` (at once outside an event loop)."""
        self.cancel_pending(path)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.publish_with_plans(path)
            return
        self._pending[path] = loop.call_later(DEBOUNCE_S, self.publish_with_plans, path)

    def cancel_pending(self, path: str) -> None:
        """Forget a publication waiting for quiet (it is being made now, or not needed)."""
        pending = self._pending.pop(path, None)
        if pending is not None:
            pending.cancel()


server = RidecServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: RidecServer, params: types.DidOpenTextDocumentParams) -> None:
    """Check a document as soon as it is opened."""
    path, _ = ls.document(params.text_document.uri)
    ls.publish_with_plans(path)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: RidecServer, params: types.DidChangeTextDocumentParams) -> None:
    """Check a document again once a burst of changes ends."""
    path, _ = ls.document(params.text_document.uri)
    ls.publish_soon(path)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: RidecServer, params: types.DidCloseTextDocumentParams) -> None:
    """Forget a closed document; its file on disk counts again for plans."""
    uri = params.text_document.uri
    path = to_path(uri)
    ls.cancel_pending(path)
    ls.documents.close(path)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))
    for plan in ls.documents.open_plans():
        ls.publish(plan)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_files(ls: RidecServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Workout files changed on disk: plans are checked again."""
    ls.documents.files_changed()
    for plan in ls.documents.open_plans():
        ls.publish(plan)


def _current(ls: RidecServer, uri: str) -> tuple[str, RideAnalysis | PlanAnalysis, LineIndex]:
    path, text = ls.document(uri)
    return path, ls.documents.analysis(path), ls.index(path, text)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: RidecServer, params: types.HoverParams) -> types.Hover | None:
    """What the line under the mouse means."""
    _, analysis, index = _current(ls, params.text_document.uri)
    offset = index.offset(params.position)
    if isinstance(analysis, PlanAnalysis):
        return plan_hover.plan_hover(analysis, offset, index)
    return hover.ride_hover(analysis, offset, index)


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS)
)
def on_completion(ls: RidecServer, params: types.CompletionParams) -> types.CompletionList:
    """What may be typed at the cursor."""
    _, analysis, index = _current(ls, params.text_document.uri)
    offset = index.offset(params.position)
    if isinstance(analysis, PlanAnalysis):
        items = plan_completion.plan_completions(analysis, offset, index, ls.params_of)
    else:
        items = completion.ride_completions(analysis, offset, index)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def on_formatting(
    ls: RidecServer, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    """The canonical layout of a `.ride` or `.plan` file, as `ridec fmt` writes it."""
    path, text = ls.document(params.text_document.uri)
    return format_edits(text, path, ls.index(path, text))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_symbols(ls: RidecServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    """The outline."""
    _, analysis, index = _current(ls, params.text_document.uri)
    if isinstance(analysis, PlanAnalysis):
        return symbols.plan_symbols(analysis, index)
    return symbols.ride_symbols(analysis, index)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def on_definition(ls: RidecServer, params: types.DefinitionParams) -> types.Location | None:
    """Where a `$name` (or a plan's workout or parameter) is declared."""
    uri = params.text_document.uri
    _, analysis, index = _current(ls, uri)
    offset = index.offset(params.position)
    if isinstance(analysis, PlanAnalysis):
        return definition.plan_definition(analysis, offset, to_uri, ls.params_of, ls.index_of_path)
    return definition.ride_definition(analysis, offset, index, uri)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def on_code_action(ls: RidecServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Quick fixes for the diagnostics in the range: each one's own fix, else the
    replacements its hint names, and the conversion of a pasted intervals.icu workout. An
    edit two diagnostics share is offered once, for both."""
    uri = params.text_document.uri
    path, analysis, index = _current(ls, uri)
    start, end = index.offset(params.range.start), index.offset(params.range.end)
    found: dict[tuple[str, int, int, str], types.CodeAction] = {}
    for diagnostic, shown, file in _shown(ls, analysis, index, path):
        where = (index.offset(shown.range.start), index.offset(shown.range.end))
        if where[0] > end or where[1] < start:
            continue
        fixes = actions.fixes_for(diagnostic, lambda p, t: _check(ls, path, p, t))
        for fix in [*fixes, *actions.icu_conversion(diagnostic)]:
            target_uri = uri if file == path else to_uri(file)
            key = (target_uri, fix.edit.start, fix.edit.end, fix.edit.text)
            known = found.get(key)
            if known is not None:
                known.diagnostics = [*(known.diagnostics or []), shown]
                continue
            target_index = index if file == path else ls.index_of_source(fix.source)
            preferred = len(fixes) == 1 and fix in fixes  # a conversion is never preferred
            found[key] = actions.code_action(fix, shown, target_uri, target_index, preferred)
    return list(found.values())


def _shown(
    ls: RidecServer, analysis: RideAnalysis | PlanAnalysis, index: LineIndex, path: str
) -> list[tuple[Diagnostic, types.Diagnostic, str]]:
    """Each diagnostic that can be fixed in a real file: with the form the editor shows
    and the file its span is in."""
    if isinstance(analysis, RideAnalysis):
        shown = diagnostics.ride_diagnostics(analysis, index)
        return [(d, s, path) for d, s in zip(analysis.diagnostics, shown, strict=True)]
    shown = diagnostics.plan_diagnostics(analysis, index, ls.index_of_source, to_uri)
    found = []
    for placed, lsp in zip(analysis.placed, shown, strict=True):
        span = placed.diagnostic.span
        # A value the plan computed is checked as a made-up `name=value` text: not editable.
        if span is not None and span.source.text == analysis.text:
            found.append((placed.diagnostic, lsp, path))
        elif placed.related is not None and placed.related_file is not None:
            found.append((placed.diagnostic, lsp, str(placed.related_file)))
    return found


def _check(ls: RidecServer, document: str, path: str, text: str) -> list[Diagnostic]:
    """The diagnostics of a file's edited text: the plan's, or a workout's."""
    if path == document and is_plan(path):
        plan = ls.documents.checker.analyze(text, Path(path), ls.documents.read)
        return list(plan.diagnostics)
    return list(analyze_ride(text, path).diagnostics)


def serve(
    stdin: BinaryIO | None = None,
    stdout: BinaryIO | None = None,
    *,
    first: Frame | None = None,
    answered: EarlyAnswer | None = None,
) -> None:
    """Run the server over stdin and stdout until the client says exit or closes stdin.

    `first` is a frame read before pygls loaded, handled first; `answered`, the answer
    already sent to it when it was `initialize` (see `ridec.lsp.start`).
    """
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_one_line_refusals)
    wire = Wire(server.protocol, stdin or sys.stdin.buffer, stdout or sys.stdout.buffer, answered)
    try:
        asyncio.run(wire.serve(first))
    except BrokenPipeError:
        print("ridec lsp: the editor closed the connection", file=sys.stderr)
    except KeyboardInterrupt:
        pass


def _one_line_refusals(record: logging.LogRecord) -> bool:
    """pygls logs every error a handler raises with its traceback; a refusal (ours, or
    pygls' own: `workspace/executeCommand` of a command no one registered is InvalidParams)
    is an answer to the client, not a bug: one line says what was refused. An internal
    error, a bug, keeps its traceback."""
    refused = record.exc_info[1] if record.exc_info else None
    if isinstance(refused, JsonRpcException) and not isinstance(refused, JsonRpcInternalError):
        record.msg, record.args, record.exc_info = "ridec lsp: %s", (refused.message,), None
    return True
