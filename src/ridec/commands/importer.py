"""`ridec import`: ZWO, ERG, MRC and FIT files back into readable `.ride` source."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    Files,
    Quiet,
    RidecCommand,
    Strict,
    Verbose,
    print_diagnostics,
    promote,
    verbosity,
)

if TYPE_CHECKING:
    from ridec.diagnostics import Diagnostic
    from ridec.model import Workout


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("import", cls=RidecCommand, epilog=EXAMPLE)(import_command)


EXAMPLE = "Example: ridec import dist/standing.zwo -o imported/"


def import_command(
    files: Files,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="DIR", help="Folder for the .ride files; default: stdout."
        ),
    ] = None,
    strict: Strict = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Read workouts written by other tools and print or write them as `.ride` source.

    What the language cannot say exactly is adjusted and reported: each kind of adjustment
    once per file, with how many more there were (-v lists them all, -q none).
    """
    from ridec.api import read_file
    from ridec.diagnostics import DiagnosticError, has_errors
    from ridec.fileio import write_atomic
    from ridec.reporting import grouped

    level = verbosity(verbose, quiet)
    failed = False
    for path in files:
        try:
            loaded = read_file(path)
            source = to_source(loaded.workout, path)
        except DiagnosticError as exc:
            print_diagnostics(exc.diagnostics)
            failed = True
            continue
        warnings = promote(loaded.warnings, strict)
        print_diagnostics(grouped(warnings, level))
        if has_errors(warnings):
            failed = True
        elif output is None:
            typer.echo(source, nl=False)
        else:
            write_atomic(output / f"{path.stem}.ride", source.encode("utf-8"))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def to_source(workout: Workout, path: Path) -> str:
    """The workout as canonical `.ride` text, checked to compile back to the same timeline.

    The check guards the promise that an imported file compiles back unchanged: a printer
    bug shows up here as an internal error instead of as a silently different workout.
    """
    from ridec.diagnostics import DiagnosticError, error
    from ridec.language import bind, parse, print_workout
    from ridec.timeline import lower

    if not workout.body:
        hint = "a .ride file needs at least one step; the file has nothing to ride"
        raise DiagnosticError([error(f"{path}: the workout has no steps", hint=hint)])
    source = print_workout(workout)
    try:
        again = bind(parse(source, f"{path.stem}.ride"))
    except DiagnosticError as exc:
        first = exc.diagnostics[0].render()
        raise DiagnosticError(
            [_internal(path, f"the .ride text does not parse: {first}")]
        ) from None
    if lower(again).steps != lower(workout).steps:
        raise DiagnosticError([_internal(path, "the .ride text compiles to a different timeline")])
    return source


def _internal(path: Path, what: str) -> Diagnostic:
    from ridec.diagnostics import error

    return error(f"{path}: internal error: {what}", hint="this is a bug in ridec: please report it")
