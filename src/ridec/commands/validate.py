"""`ridec validate`: check files from any tool against each format's rules.

ZWO against `schemas/zwo.xsd` and the reader's rules, ERG/MRC against the grammar, FIT for
integrity (sizes, CRCs) and meaning, intervals.icu text with its reader's grammar, `.ride`
with the language's checks, `.plan` with the
plan's and every week's workout's, JSON with its own: each format's checker as the registry
names it (`ridec.api.validate_file`). Text formats are located by line and column, FIT by
byte offset.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    Files,
    From,
    RidecCommand,
    Strict,
    input_format,
    is_stdin,
    print_diagnostics,
    promote,
    read_stdin_as,
)
from ridec.escapes import escape_controls

if TYPE_CHECKING:
    from ridec.diagnostics import Diagnostic


EXAMPLE = "Example: ridec validate dist/standing.fit workouts/back-pain-protocol.plan"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=RidecCommand, epilog=EXAMPLE)(validate)


def validate(files: Files, strict: Strict = False, from_: From = None) -> None:
    """Check ZWO, ERG, MRC, FIT, JSON, intervals.icu, .ride and .plan files; exit 1 when any
    has an error. --from checks every input as that format (`-` is standard input)."""
    from ridec.diagnostics import has_errors
    from ridec.fileio import STDIN_NAME

    fmt = input_format(from_, files)
    failed = False
    for path in files:
        found = promote(diagnose(path, fmt), strict)
        print_diagnostics(found)
        failed |= has_errors(found)
        if not has_errors(found):
            name = STDIN_NAME if is_stdin(path) else str(path)
            said = f"{name}: ok" + (" (with warnings)" if found else "")
            typer.echo(escape_controls(said, keep_lines=False))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def diagnose(path: Path, fmt: str | None = None) -> list[Diagnostic]:
    """Every problem found in the file at `path` (or standard input, `-`) by its format's
    checker and reader; the format is `fmt`'s when given, else the extension's."""
    from ridec.api import validate, validate_file
    from ridec.diagnostics import DiagnosticError
    from ridec.fileio import STDIN_NAME

    if is_stdin(path):
        assert fmt is not None, "input_format requires --from for standard input"
        try:
            data = read_stdin_as(fmt)
        except DiagnosticError as exc:
            return list(exc.diagnostics)
        return validate(data, STDIN_NAME, format=fmt)
    return validate_file(path, format=fmt)
