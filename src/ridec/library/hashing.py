"""Hashes that decide whether a source must be compiled again.

A workout's hash covers its bytes; a plan's covers its bytes and the bytes of every workout it
references, so editing `standing.ride` rebuilds the plan that uses it. The options
fingerprint covers everything else that changes the bytes of an output.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

MISSING = b"\0missing\0"
"""Stands for a referenced file that does not exist, so creating it changes the hash."""


def file_digest(path: Path) -> bytes:
    """SHA-256 of a file's bytes, or of the MISSING marker when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return hashlib.sha256(MISSING).digest()


def source_hash(path: Path, deps: Iterable[str] = ()) -> str:
    """The hex hash of a source and the files it references (given as POSIX paths)."""
    digest = hashlib.sha256(file_digest(path))
    for dep in sorted(deps):
        digest.update(dep.encode("utf-8") + b"\0" + file_digest(Path(dep)))
    return digest.hexdigest()


def bytes_hash(data: bytes) -> str:
    """The hex SHA-256 of an output's bytes."""
    return hashlib.sha256(data).hexdigest()


def fingerprint(settings: Mapping[str, object]) -> str:
    """A short stable hash of JSON-ready build settings."""
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
