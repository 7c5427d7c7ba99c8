"""`ridec validate`: check files from any tool against each format's rules.

ZWO against `schemas/zwo.xsd` and the reader's rules, ERG/MRC against the grammar, FIT for
integrity (sizes, CRCs) and meaning, `.ride` with the language's checks, `.plan` with the
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
    RidecCommand,
    Strict,
    print_diagnostics,
    promote,
)
from ridec.escapes import escape_controls

if TYPE_CHECKING:
    from ridec.diagnostics import Diagnostic


EXAMPLE = "Example: ridec validate dist/standing.fit workouts/back-pain-protocol.plan"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=RidecCommand, epilog=EXAMPLE)(validate)


def validate(files: Files, strict: Strict = False) -> None:
    """Check ZWO, ERG, MRC, FIT, JSON, .ride and .plan files; exit 1 when any has an error."""
    from ridec.diagnostics import has_errors

    failed = False
    for path in files:
        found = promote(diagnose(path), strict)
        print_diagnostics(found)
        failed |= has_errors(found)
        if not has_errors(found):
            said = f"{path}: ok" + (" (with warnings)" if found else "")
            typer.echo(escape_controls(said, keep_lines=False))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def diagnose(path: Path) -> list[Diagnostic]:
    """Every problem found in the file at `path` by its format's checker and reader."""
    from ridec.api import validate_file

    return validate_file(path)
