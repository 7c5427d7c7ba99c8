"""Checks a ridec JSON document: the shipped JSON Schema, then what the schema cannot say.

`check_file` (what `ridec validate` runs on any `.json`) reads the document strictly (UTF-8,
no `NaN` or `Infinity`, no number too large for a float nor an integer of more digits than
Python converts, no key twice in an object, at most MAX_JSON_DEPTH levels),
applies `schemas/ridec-workout.schema.json` with ridec's own validator
(`formats/json/schema.py`; jsonschema is only the tests' oracle), then checks the meaning:
steps in time order with no gaps, cues inside their steps, a total that adds up. Every
problem is located at the value (or key) in the file, line and column.

`problems` is the writer's own check of what it just wrote: its documents follow the schema
by construction (the tests hold them against jsonschema), so only the meaning is checked;
`document_problems` checks it on the document the writer dumped those bytes from (see
`JsonWriter.validate`).
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from ridec.diagnostics import Diagnostic, Severity, Source, Span, error
from ridec.formats.json import locate, schema
from ridec.limits import MAX_JSON_DEPTH

REQUIRED = ("format", "version", "name", "duration_s", "timeline")
MAX_PROBLEMS = 100
"""Problems reported per document; a note counts the rest as "more"."""

Located = tuple[locate.Path, str]


class _NotJsonError(ValueError):
    """A value JSON does not allow, met while parsing: NaN, Infinity, a float overflow."""

    def __init__(self, message: str, literal: str | None = None) -> None:
        super().__init__(message)
        self.literal = literal
        """The number as written, for a float that overflows."""


class _DuplicateKeyError(ValueError):
    """An object names a key twice: json.loads would keep the last value silently."""


def problems(data: bytes) -> list[str]:
    """What is wrong with a ridec JSON document ridec wrote; empty when nothing is."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return [f"not JSON: {exc}"]
    return document_problems(doc)


def document_problems(doc: Any) -> list[str]:
    """`problems` of the document `doc`, already parsed (or the very one the writer dumped)."""
    if not isinstance(doc, dict):
        return ["the document is not an object"]
    missing = [key for key in REQUIRED if key not in doc]
    if missing:
        return [f"missing key {key!r}" for key in missing]
    return [f"{dotted(path)}: {message}" for path, message in _meaning(doc)]


def check_file(data: bytes, path: str) -> list[Diagnostic]:
    """Every problem in a ridec JSON document, located (the registry's checker)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        span = Span(Source(path), exc.start, exc.start + 1)
        return [error("not UTF-8 text: JSON files are UTF-8", span)]
    source = Source(path, text)
    try:
        doc = _parse(text)
    except (ValueError, RecursionError) as exc:  # json.JSONDecodeError is a ValueError
        return [_not_parsed(source, text, exc)]
    return _schema_problems(doc, source) or _located(source, _meaning(doc), [])


def _not_parsed(source: Source, text: str, exc: ValueError | RecursionError) -> Diagnostic:
    """Why the text did not parse, located."""
    if isinstance(exc, json.JSONDecodeError):
        return error(f"not JSON: {exc.msg}", Span(source, exc.pos, exc.pos + 1))
    if isinstance(exc, RecursionError):
        message = f"nested more than {MAX_JSON_DEPTH} levels deep"
        return _at(source, locate.too_deep(text, MAX_JSON_DEPTH), message)
    if isinstance(exc, _NotJsonError):
        found = locate.first_literal(text) if exc.literal is None else None
        if exc.literal is not None:
            found = locate.number_at(text, exc.literal)
        return _at(source, found, str(exc))
    if isinstance(exc, _DuplicateKeyError):
        return _duplicate_key(source, text)
    return _long_number(source, text)  # an integer of more digits than Python converts


def _duplicate_key(source: Source, text: str) -> Diagnostic:
    """The second of two equal keys of an object, located at it."""
    found = locate.duplicate_key(text)
    if found is None:  # the parser saw one the scan cannot: say so without a place
        return _at(source, 0, "duplicate key: an object names each key once")
    path, offset = found
    message = f"{dotted(path)}: duplicate key: an object names each key once"
    width = locate.scalar_width(text, offset)
    return error(message, Span(source, offset, offset + max(1, width)))


def _long_number(source: Source, text: str) -> Diagnostic:
    """The integer too long for Python to convert (json.loads' own message names Python's
    `sys.set_int_max_str_digits`, which means nothing to the file's author)."""
    limit = sys.get_int_max_str_digits()
    offset = locate.long_integer(text, limit)
    if offset is None:
        return _at(source, 0, f"a number is out of range: more than {limit:,} digits")
    digits = locate.scalar_width(text, offset) - text.startswith("-", offset)
    shown = text[offset : offset + 20]
    message = f"the number {shown}... is out of range: it has {digits:,} digits"
    return error(message, Span(source, offset, offset + 1))


def _parse(text: str) -> Any:
    """json.loads, refusing what JSON does not allow but Python reads."""

    def constant(name: str) -> float:
        raise _NotJsonError(f"`{name}` is not a JSON number: write a number, or null")

    def finite(number: str) -> float:
        value = float(number)
        if not math.isfinite(value):
            raise _NotJsonError(f"the number {number[:40]} is too large", number)
        return value

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(pairs)
        if len(found) < len(pairs):
            raise _DuplicateKeyError
        return found

    return json.loads(text, parse_constant=constant, parse_float=finite, object_pairs_hook=unique)


def _schema_problems(doc: Any, source: Source) -> list[Diagnostic]:
    found = schema.problems(doc, limit=MAX_PROBLEMS + 1)
    shown = found[:MAX_PROBLEMS]
    keys = [p.path for p in shown if p.at_key]
    diagnostics = _located(source, [(p.path, p.message) for p in shown], keys)
    if len(found) > MAX_PROBLEMS:
        more = f"more problems are not shown: the first {MAX_PROBLEMS} are above"
        diagnostics.append(Diagnostic(Severity.NOTE, more, None, path=source.path))
    return diagnostics


def _located(source: Source, found: list[Located], keys: list[locate.Path]) -> list[Diagnostic]:
    """Each problem as an error at its value, or at its key for the paths in `keys`."""
    if not found:
        return []
    text = source.text or ""
    key_paths = set(keys)
    values = [path for path, _ in found if path not in key_paths]
    offsets = locate.positions(text, values, key_paths)
    diagnostics = []
    for path, message in found:
        offset = offsets.get(path, 0)
        width = locate.scalar_width(text, offset)
        span = Span(source, offset, offset + max(1, width))
        diagnostics.append(error(f"{dotted(path)}: {message}", span))
    return diagnostics


def _at(source: Source, offset: int | None, message: str) -> Diagnostic:
    at = offset or 0
    return error(message, Span(source, at, at + 1))


def dotted(path: locate.Path) -> str:
    """`timeline[3].cues[0].at_s`; `the document` for the root."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the document"


def _meaning(doc: dict[str, Any]) -> list[Located]:
    """What the schema cannot say, on a document of the schema's shape."""
    found: list[Located] = []
    clock = 0
    for position, step in enumerate(doc["timeline"]):
        here: locate.Path = ("timeline", position)
        if step["index"] != position:
            message = f"{step['index']} is out of order: this is step {position}"
            found.append(((*here, "index"), message))
        if step["start_s"] != clock:
            message = f"the step starts at {step['start_s']} s, expected {clock} s"
            found.append(((*here, "start_s"), message))
        clock += step["duration_s"] or 0
        found.extend(_cue_problems(here, step))
    if clock != doc["duration_s"]:
        message = f"the steps add up to {clock} s, not {doc['duration_s']}"
        found.append((("duration_s",), message))
    return found


def _cue_problems(here: locate.Path, step: dict[str, Any]) -> list[Located]:
    start, length = step["start_s"], step["duration_s"]
    end = start + length if length is not None else None
    return [
        ((*here, "cues", number, "at_s"), f"the cue at {cue['at_s']} s falls outside its step")
        for number, cue in enumerate(step["cues"])
        if cue["at_s"] < start or (end is not None and cue["at_s"] >= max(end, start + 1))
    ]
