"""The `.ride` language front end: source text in, a checked workout model out, and back.

`parse` reads a source into the model (references to `let` parameters kept as `Ref`s) and
runs every check, the value-dependent ones with the defaults bound, raising one
`DiagnosticError` that holds all the problems. `bind` substitutes parameters (`--set`, plans);
`print_workout` and `format_source` write the canonical layout.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from ridec.diagnostics import DiagnosticError, Source, Span, error, has_errors
from ridec.language import checks
from ridec.language.bind import bind, parse_value
from ridec.language.parser import Document, parse_document
from ridec.model import Workout

if TYPE_CHECKING:
    from ridec.language.printer import format_source, print_workout

__all__ = [
    "Document",
    "bind",
    "decode",
    "format_source",
    "parse",
    "parse_checked",
    "parse_file",
    "parse_value",
    "print_workout",
]


def __getattr__(name: str) -> object:
    """The printer's functions, imported on first use: a compile never prints source."""
    if name in ("format_source", "print_workout"):
        from ridec.language import printer

        return getattr(printer, name)
    raise AttributeError(f"module 'ridec.language' has no attribute {name!r}")


def parse(text: str, path: str = "<input>") -> Workout:
    """Parse and check a `.ride` source; the name defaults to the file's stem."""
    return parse_checked(text, path).workout


def parse_checked(text: str, path: str = "<input>") -> Document:
    """Parse a source and run every check; raise DiagnosticError with all the errors."""
    document = parse_document(Source(path, text), PurePath(path).stem or path)
    workout = document.workout
    problems = [*document.problems, *checks.check_alternates(workout.body)]
    # Nodes under a broken block line are not in the model, but their own errors still count.
    everything = replace(workout, body=workout.body + document.orphans)
    problems += checks.check_references(everything, document.broken_names)
    defaults = {param.name: param.value for param in workout.params}
    problems += checks.check_bound(everything, defaults, empty=False)
    if not has_errors(problems):
        problems += checks.check_bound(workout, defaults)
    if has_errors(problems):
        raise DiagnosticError(checks.sorted_problems(problems))
    return document


def parse_file(path: Path) -> Workout:
    """Read, decode and parse a `.ride` file."""
    from ridec.fileio import read_limited
    from ridec.limits import MAX_INPUT_BYTES

    return parse(decode(read_limited(path, MAX_INPUT_BYTES), str(path)), str(path))


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a byte-order mark dropped); bad bytes are a located error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8-sig", "replace")
        text = before + data[exc.start :].decode("utf-8", "replace")
        span = Span(Source(path, text), len(before), len(before) + 1)
        hint = "save the file as UTF-8"
        message = f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        raise DiagnosticError([error(message, span, hint)]) from None
