"""`ridec fmt`: rewrite `.ride` sources in the canonical layout, keeping comments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ridec.commands.common import EXIT_INPUT, Files, print_diagnostics


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command()(fmt)


def fmt(
    files: Files,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")
    ] = False,
) -> None:
    """Format `.ride` files in place (or only check them)."""
    from ridec.diagnostics import DiagnosticError
    from ridec.fileio import write_atomic
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
            typer.echo(f"would reformat {path}", err=True)
            failed = True
        else:
            write_atomic(path, formatted.encode("utf-8"))
            typer.echo(f"reformatted {path}", err=True)
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _read(path: Path) -> str:
    from ridec.diagnostics import DiagnosticError, error

    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise DiagnosticError([error(f"cannot read {path}: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise DiagnosticError([error(f"{path}: the file is not valid UTF-8")]) from None
