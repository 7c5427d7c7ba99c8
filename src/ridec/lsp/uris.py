"""File paths and the editor's document URIs."""

from __future__ import annotations

from pygls import uris


def to_path(uri: str) -> str:
    """The file path of a `file:` URI; other URIs (unsaved buffers) stand for themselves."""
    if uris.uri_scheme(uri) == "file":
        path = uris.to_fs_path(uri)
        if path is not None:
            return path
    return uri


def to_uri(path: str) -> str:
    """The URI of a path (or the URI a document already was)."""
    if ":" in path and not path.startswith("/") and uris.uri_scheme(path) not in ("", None):
        return path
    uri: str = uris.from_fs_path(path)
    return uri
