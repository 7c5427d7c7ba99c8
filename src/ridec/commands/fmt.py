"""`ridec fmt`: rewrite `.ride` and `.plan` sources in the canonical layout, keeping comments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from ridec.commands.common import EXIT_INPUT, Files, RidecCommand, print_diagnostics, say_line

EXAMPLE = "Example: ridec fmt --check workouts/*.ride workouts/*.plan"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=RidecCommand, epilog=EXAMPLE)(fmt)


def fmt(
    files: Files,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")
    ] = False,
) -> None:
    """Format .ride and .plan files in place (or only check them), keeping comments.

    The one command that writes over the file it read, because that is what it is for: the
    new text replaces the old atomically, and only when it differs. A symbolic link is
    written through to its target; the file keeps its owner and permissions; a file with
    several names (hard links) is left alone with an error.
    """
    from ridec.diagnostics import DiagnosticError
    from ridec.fileio import rewrite

    failed = False
    for path in files:
        try:
            original = _read(path)
            formatted = _formatter(path)(original, str(path))
        except DiagnosticError as exc:
            print_diagnostics(exc.diagnostics)
            failed = True
            continue
        if formatted == original:
            continue
        if check:
            say_line(f"would reformat {path}")
            failed = True
        else:
            try:
                rewrite(path, formatted.encode("utf-8"))
            except DiagnosticError as exc:
                print_diagnostics(exc.diagnostics)
                failed = True
                continue
            say_line(f"reformatted {path}")
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _formatter(path: Path) -> Callable[[str, str], str]:
    """The canonical layout of the file's language; another kind of file is an error."""
    from ridec.diagnostics import DiagnosticError, error

    suffix = path.suffix.lower()
    if suffix == ".plan":
        from ridec.language.plan_format import format_plan

        return format_plan
    if suffix == ".ride":
        from ridec.language import format_source

        return format_source
    hint = "fmt writes ridec's own sources; `ridec import` reads other formats into .ride"
    raise DiagnosticError([error(f"{path}: fmt formats .ride and .plan files", hint=hint)])


def _read(path: Path) -> str:
    from ridec.fileio import read_limited
    from ridec.language import decode
    from ridec.limits import MAX_INPUT_BYTES

    return decode(read_limited(path, MAX_INPUT_BYTES), str(path))
