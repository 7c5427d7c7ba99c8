"""`initialize` requests as editors send them, and random ones built from what lsprotocol
accepts (`ridec.lsp.initialize_schema`), for the tests of the early answer."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ridec.lsp.initialize_schema import CLASSES, ROOT

Message = dict[str, Any]

_NEOVIM_LIKE: Message = {
    "general": {"positionEncodings": ["utf-8", "utf-16", "utf-32"]},
    "textDocument": {
        "synchronization": {"didSave": True, "willSave": True, "willSaveWaitUntil": True},
        "completion": {
            "completionItem": {
                "snippetSupport": False,
                "documentationFormat": ["markdown", "plaintext"],
                "tagSupport": {"valueSet": [1]},
            },
            "completionItemKind": {"valueSet": list(range(1, 26))},
            "contextSupport": False,
        },
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "publishDiagnostics": {"relatedInformation": True, "tagSupport": {"valueSet": [1, 2]}},
        "documentSymbol": {
            "hierarchicalDocumentSymbolSupport": True,
            "symbolKind": {"valueSet": list(range(1, 27))},
        },
        "codeAction": {
            "codeActionLiteralSupport": {
                "codeActionKind": {"valueSet": ["", "quickfix", "refactor", "source"]}
            },
            "isPreferredSupport": True,
            "dataSupport": True,
            "resolveSupport": {"properties": ["edit"]},
        },
        "semanticTokens": {
            "requests": {"range": False, "full": {"delta": True}},
            "tokenTypes": ["namespace", "type", "class"],
            "tokenModifiers": ["declaration"],
            "formats": ["relative"],
            "multilineTokenSupport": False,
        },
    },
    "window": {"workDoneProgress": True, "showDocument": {"support": True}},
    "workspace": {
        "applyEdit": True,
        "workspaceFolders": True,
        "configuration": True,
        "didChangeWatchedFiles": {"dynamicRegistration": True, "relativePatternSupport": True},
        "workspaceEdit": {"resourceOperations": ["rename", "create", "delete"]},
        "semanticTokens": {"refreshSupport": True},
    },
}
"""Capabilities shaped as a terminal editor's: UTF-8 first, a few features each."""

_IDE_LIKE: Message = {
    "general": {
        "positionEncodings": ["utf-16"],
        "staleRequestSupport": {
            "cancel": True,
            "retryOnContentModified": ["textDocument/semanticTokens/full"],
        },
        "regularExpressions": {"engine": "ECMAScript", "version": "ES2020"},
        "markdown": {"parser": "marked", "version": "1.1.0"},
    },
    "notebookDocument": {"synchronization": {"dynamicRegistration": True}},
    "textDocument": {
        "foldingRange": {"rangeLimit": 5000, "lineFoldingOnly": True},
        "rename": {"prepareSupport": True, "prepareSupportDefaultBehavior": 1},
        "inlayHint": {"resolveSupport": {"properties": ["tooltip", "label.command"]}},
        "diagnostic": {"dynamicRegistration": True, "relatedDocumentSupport": False},
    },
    "workspace": {
        "fileOperations": {"didCreate": True, "willRename": True, "didDelete": True},
        "symbol": {"tagSupport": {"valueSet": [1]}, "resolveSupport": {"properties": ["location"]}},
        "workspaceEdit": {"documentChanges": True, "failureHandling": "textOnlyTransactional"},
    },
    "experimental": {"anything": ["goes", 1, None]},
}
"""Capabilities shaped as a graphical editor's: notebooks, file operations, UTF-16 only."""


def initialize(message_id: int | str, capabilities: Message, **params: Any) -> Message:
    """An `initialize` request."""
    body: Message = {"processId": 4242, "rootUri": "file:///home/coach/plans", **params}
    return {
        "jsonrpc": "2.0",
        "id": message_id,
        "method": "initialize",
        "params": {**body, "capabilities": capabilities},
    }


EDITORS: dict[str, Message] = {
    "nothing": initialize(1, {}),
    "terminal editor": initialize(1, _NEOVIM_LIKE, clientInfo={"name": "vim", "version": "0.10"}),
    "graphical editor": initialize(
        "init-1",
        _IDE_LIKE,
        locale="fr",
        trace="off",
        workspaceFolders=[{"uri": "file:///home/coach/plans", "name": "plans"}],
        initializationOptions={"theme": "dark"},
    ),
    "an old editor": {
        "jsonrpc": "2.0",
        "id": 7,
        "method": "initialize",
        "params": {"processId": None, "rootPath": "/home/coach/plans", "capabilities": {}},
    },
    "UTF-32 first": initialize(3, {"general": {"positionEncodings": ["utf-32", "utf-8"]}}),
    "unknown fields": initialize(4, {"newThing": {"x": 1}, "textDocument": {"future": True}}),
}
"""Requests the early answer must answer, as pygls does."""

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Any JSON value."""
_SIMPLE = {
    "bool": st.booleans(),
    "str": st.text(max_size=8),
    "null": st.none(),
    "any": _JSON,
    "int": st.integers(-(2**31), 2**31 - 1),
    "uint": st.integers(0, 2**31 - 1),
}
MAX_DEPTH = 5
"""Below this many classes, only required fields are made (capabilities nest deeply)."""


def of_kind(kind: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values lsprotocol reads as `kind`."""
    if isinstance(kind, str):
        return _SIMPLE[kind]
    tag, argument = kind
    if tag == "union":
        return st.one_of([of_kind(one, depth) for one in argument])
    if tag == "list":
        return st.lists(of_kind(argument, depth), max_size=2)
    if tag == "enum":
        return st.sampled_from(argument)
    fields = CLASSES[argument]
    required = {name: of_kind(field, depth + 1) for name, needed, field in fields if needed}
    optional = {} if depth >= MAX_DEPTH else {
        name: of_kind(field, depth + 1) for name, needed, field in fields if not needed
    }  # fmt: skip
    return st.fixed_dictionaries(required, optional=optional)


def requests() -> st.SearchStrategy[Message]:
    """`initialize` requests lsprotocol reads, with a root pygls reads."""
    return of_kind(("class", ROOT)).map(_plain_root)


def _plain_root(message: Message) -> Message:
    params = message["params"]
    params.pop("rootPath", None)
    params["rootUri"] = "file:///home/coach/plans"
    return {**message, "jsonrpc": "2.0", "method": "initialize"}


@st.composite
def broken(draw: st.DrawFn) -> Message:
    """A request lsprotocol reads, with one value somewhere replaced by any JSON value."""
    message = draw(requests())
    where: Any = message
    while isinstance(where, dict | list) and where:
        keys = list(where) if isinstance(where, dict) else list(range(len(where)))
        key = draw(st.sampled_from(keys))
        if not isinstance(where[key], dict | list) or not where[key] or draw(st.booleans()):
            where[key] = draw(_JSON)
            break
        where = where[key]
    return message
