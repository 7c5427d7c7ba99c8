"""Where the installed package finds its schemas.

A wheel carries `schemas/` inside the package as `ridec/_schemas`; an editable install
(the development set-up) reads the repository's `schemas/` directly.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def schema_path(name: str) -> Path:
    """The path of a schema file such as `zwo.xsd`."""
    for folder in (_PACKAGE / "_schemas", _PACKAGE.parents[1] / "schemas"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"schema {name} is not installed with ridec")
