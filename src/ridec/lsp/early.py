"""`initialize` answered before pygls and lsprotocol have loaded, with pygls' very answer.

Importing pygls and lsprotocol's types takes most of a second on a loaded machine; an editor
waits for the answer to `initialize` before it sends anything else. `ridec.lsp.start` loads
them in a thread and meanwhile answers `initialize` from here, with the bytes pygls would
send: the capabilities the server's features advertise (`CAPABILITIES`, the position
encoding chosen as pygls chooses it) and the server's name and version, framed as pygls
frames. The request is then handed to pygls as usual, and its own answer is checked against
this one and not sent again (`framing.Wire`).

Only a request pygls would accept is answered here: one that fits what lsprotocol's classes
accept (`initialize_schema`, read from them), checked strictly (a JSON boolean where a
boolean goes, an integer where an integer goes, every required field present; fields
lsprotocol does not know are ignored, as it ignores them), whose root URI pygls' own URI
functions read. Anything else waits for pygls, which answers it as it always has (an
InvalidParams error naming the field, say). Tests compare the two answers over many clients'
capabilities, byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pygls.uris import from_fs_path, to_fs_path, uri_scheme  # the standard library only

from ridec import __version__
from ridec.lsp.initialize_schema import CLASSES, ROOT
from ridec.records import record

SERVER_NAME = "ridec"
ENCODINGS = ("utf-8", "utf-16", "utf-32")
"""The position encodings pygls supports; it takes the client's first supported one."""
DEFAULT_ENCODING = "utf-16"
CONTENT_TYPE = "application/vscode-jsonrpc; charset=utf-8"
CAPABILITIES: dict[str, Any] = {
    "positionEncoding": DEFAULT_ENCODING,
    "textDocumentSync": {"openClose": True, "change": 2, "save": False},  # see text_document_sync
    "completionProvider": {"triggerCharacters": ["$", '"', "/", "@"]},
    "hoverProvider": True,
    "definitionProvider": True,
    "documentSymbolProvider": True,
    "codeActionProvider": {"codeActionKinds": ["quickfix"]},
    "documentFormattingProvider": True,
    "executeCommandProvider": {"commands": []},
    "workspace": {
        "workspaceFolders": {"supported": True, "changeNotifications": True},
        "fileOperations": {},
    },
}
"""What pygls advertises for the features `ridec.lsp.server` registers, in its order (a test
compares it with pygls' answer: a feature added there must be added here)."""

INT_RANGE = (-(2**31), 2**31 - 1)
UINT_RANGE = (0, 2**31 - 1)
_SIMPLE: dict[str, Callable[[object], bool]] = {
    "bool": lambda value: type(value) is bool,
    "str": lambda value: type(value) is str,
    "null": lambda value: value is None,
    "any": lambda value: True,
    "int": lambda value: type(value) is int and INT_RANGE[0] <= value <= INT_RANGE[1],
    "uint": lambda value: type(value) is int and UINT_RANGE[0] <= value <= UINT_RANGE[1],
}


@record
class EarlyAnswer:
    """The answer to an `initialize` request, sent before pygls loaded."""

    message_id: int | str
    frame: bytes
    """Headers and body, as pygls would have written them."""


def answer_initialize(body: bytes) -> EarlyAnswer | None:
    """The answer to the message `body` when it is an `initialize` request pygls would
    accept; None for anything else (pygls answers it once loaded)."""
    try:
        message = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not (
        isinstance(message, dict)
        and message.get("jsonrpc") == "2.0"
        and message.get("method") == "initialize"
        and fits(message, ("class", ROOT))
        and _uris_read(message["params"])
    ):
        return None
    params = message["params"]
    capabilities = {
        **CAPABILITIES,
        "positionEncoding": position_encoding(params),
        "textDocumentSync": text_document_sync(params),
    }
    server = {"name": SERVER_NAME, "version": __version__}
    result = {"capabilities": capabilities, "serverInfo": server}
    reply = json.dumps({"id": message["id"], "jsonrpc": "2.0", "result": result})
    header = f"Content-Length: {len(reply)}\r\nContent-Type: {CONTENT_TYPE}\r\n\r\n"
    return EarlyAnswer(message["id"], (header + reply).encode("utf-8"))


def position_encoding(params: dict[str, Any]) -> str:
    """The client's first position encoding pygls supports, else UTF-16 (as pygls chooses)."""
    general = params["capabilities"].get("general")
    encodings = general.get("positionEncodings") if general is not None else None
    for encoding in encodings or ():
        if encoding in ENCODINGS:
            return str(encoding)
    return DEFAULT_ENCODING


def text_document_sync(params: dict[str, Any]) -> dict[str, Any]:
    """`textDocumentSync`: pygls says `willSave` (and `willSaveWaitUntil`) false when the
    client says anything about it, and nothing when it does not (the server handles neither)."""
    text_document = params["capabilities"].get("textDocument") or {}
    client = text_document.get("synchronization") or {}
    sync = {"openClose": True, "change": 2}
    for key in ("willSave", "willSaveWaitUntil"):
        if client.get(key) is not None:
            sync[key] = False
    return {**sync, "save": False}


def fits(value: object, kind: Any) -> bool:
    """Whether a JSON value is one lsprotocol reads as `kind` (see `initialize_schema`)."""
    if isinstance(kind, str):
        return _SIMPLE[kind](value)
    tag, argument = kind
    if tag == "union":
        return any(fits(value, one) for one in argument)
    if tag == "list":
        return type(value) is list and all(fits(item, argument) for item in value)
    if tag == "enum":  # neither a boolean (True == 1) nor a float (1.0 == 1) is a member
        return type(value) in (str, int) and value in argument
    assert tag == "class", tag
    return type(value) is dict and _fits_class(value, argument)


def _fits_class(value: dict[str, object], name: str) -> bool:
    """Every field of the class that is there fits, and every required one is there."""
    for key, required, field in CLASSES[name]:
        if key in value:
            if not fits(value[key], field):
                return False
        elif required:
            return False
    return True


def _uris_read(params: dict[str, Any]) -> bool:
    """Whether pygls' workspace reads the root as given (its URI functions do not fail)."""
    try:
        root = params.get("rootUri")
        if root is None and params.get("rootPath") is not None:
            root = from_fs_path(params["rootPath"])
        if root is not None:
            uri_scheme(root)
            to_fs_path(root)
    except Exception:  # any failure there is pygls' to report, once it has loaded
        return False
    return True
