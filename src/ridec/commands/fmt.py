"""`ridec fmt`: rewrite `.ride` sources in the canonical layout, keeping comments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ridec.commands.common import EXIT_INPUT, Files, print_diagnostics
from ridec.escapes import escape_controls


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command()(fmt)


def fmt(
    files: Files,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")
    ] = False,
) -> None:
    """Format `.ride` files in place (or only check them).

    The one command that writes over the file it read, because that is what it is for: the
    new text replaces the old atomically, and only when it differs.
    """
    from ridec.diagnostics import DiagnosticError
    from ridec.fileio import write_output
    from ridec.language import format_source

    failed = False
    for path in files:
        try:
            original = _read(path)
            formatted = format_source(original, str(path))
        except DiagnosticError as exc:
            print_diagnostics(exc.diagnostics)
            failed = True
            continue
        if formatted == original:
            continue
        if check:
            typer.echo(escape_controls(f"would reformat {path}"), err=True)
            failed = True
        else:
            try:
                write_output(path, formatted.encode("utf-8"))
            except DiagnosticError as exc:
                print_diagnostics(exc.diagnostics)
                failed = True
                continue
            typer.echo(escape_controls(f"reformatted {path}"), err=True)
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _read(path: Path) -> str:
    from ridec.fileio import read_limited
    from ridec.language import decode
    from ridec.limits import MAX_INPUT_BYTES

    return decode(read_limited(path, MAX_INPUT_BYTES), str(path))
