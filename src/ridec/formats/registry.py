"""The target registry: one line per output format, driving both the API and the CLI.

Entries name the writer by import path so that compiling to JSON never imports lxml, and
`ridec --help` imports no writer at all.
"""

from __future__ import annotations

import importlib

from ridec.diagnostics import did_you_mean
from ridec.formats.base import Writer

REGISTRY: dict[str, str] = {
    "zwo": "ridec.formats.zwo.writer:ZwoWriter",
    "erg": "ridec.formats.ergmrc.writer:ErgWriter",
    "mrc": "ridec.formats.ergmrc.writer:MrcWriter",
    "fit": "ridec.formats.fit.writer:FitWriter",
    "json": "ridec.formats.json.writer:JsonWriter",
}
"""Format name -> `module:Class` of its writer, in the order `-t all` writes them."""

_loaded: dict[str, Writer] = {}


class UnknownTargetError(ValueError):
    """A `-t` value names no format."""

    def __init__(self, name: str) -> None:
        hint = did_you_mean(name, REGISTRY) or f"choose from {', '.join(REGISTRY)} or all"
        super().__init__(f"unknown target '{name}': {hint}")


def writer(name: str) -> Writer:
    """The writer registered as `name`, imported on first use."""
    if name not in REGISTRY:
        raise UnknownTargetError(name)
    if name not in _loaded:
        module_name, class_name = REGISTRY[name].split(":")
        cls: type[Writer] = getattr(importlib.import_module(module_name), class_name)
        _loaded[name] = cls()
    return _loaded[name]


def parse_targets(spec: str) -> list[str]:
    """Format names from a `-t` value: `all`, or a comma-separated list (order kept, no repeats)."""
    names: list[str] = []
    for part in (p.strip().lower() for p in spec.split(",")):
        if part == "all":
            names.extend(REGISTRY)
        elif part in REGISTRY:
            names.append(part)
        else:
            raise UnknownTargetError(part)
    return list(dict.fromkeys(names))
