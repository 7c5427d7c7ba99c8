"""`ridec import`: ZWO, ERG, MRC and FIT files back into readable `.ride` source."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    STDOUT,
    Files,
    Quiet,
    RidecCommand,
    Strict,
    Verbose,
    print_diagnostics,
    promote,
    stdout_text,
    verbosity,
)

if TYPE_CHECKING:
    from ridec.diagnostics import Diagnostic
    from ridec.fileio import Inputs
    from ridec.model import Workout


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("import", cls=RidecCommand, epilog=EXAMPLE)(import_command)


EXAMPLE = "Example: ridec import dist/standing.zwo -o imported/"


def import_command(
    files: Files,
    output: Annotated[
        str | None,
        typer.Option(
            "-o", "--output", metavar="DIR",
            help="Folder for the .ride files, or - for stdout (the default)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace .ride files that already exist.")
    ] = False,
    strict: Strict = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Read workouts written by other tools and print or write them as `.ride` source.

    What the language cannot say exactly is adjusted and reported: each kind of adjustment
    once per file, with how many more there were (-v lists them all, -q none). An existing
    `.ride` is never replaced without `--force`, and a file given as an input is never
    replaced at all.
    """
    from ridec.api import read_file
    from ridec.diagnostics import DiagnosticError, has_errors
    from ridec.fileio import Inputs
    from ridec.reporting import grouped

    level = verbosity(verbose, quiet)
    inputs = Inputs(files)
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
        elif output is None or output == STDOUT:
            stdout_text(source)
        else:
            failed |= not _write(Path(output), path, source, inputs, force=force)
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _write(folder: Path, path: Path, source: str, inputs: Inputs, *, force: bool) -> bool:
    """Write `<folder>/<stem>.ride`; False (the problem printed) when it cannot be."""
    from ridec.diagnostics import Diagnostic, DiagnosticError, Severity
    from ridec.fileio import exists, write_output
    from ridec.pipeline import output_name

    try:
        target = folder / output_name(path, ".ride")
        inputs.refuse(target, "write the .ride files to another folder with -o DIR")
        if not force and exists(target):
            message = "a .ride file of this name already exists; it was left as it is"
            hint = "give --force to replace it, or choose another folder with -o DIR"
            error = Diagnostic(Severity.ERROR, message, None, hint, path=str(target))
            raise DiagnosticError([error])
        write_output(target, source.encode("utf-8"))
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        return False
    return True


def to_source(workout: Workout, path: Path) -> str:
    """The workout as canonical `.ride` text, checked to compile back to the same timeline.

    The check guards the promise that an imported file compiles back unchanged: a printer
    bug shows up here as an internal error instead of as a silently different workout.
    The text is also checked against the limits ridec reads `.ride` files with, so that
    what `import` writes, `check` and `compile` read.
    """
    from ridec.diagnostics import DiagnosticError, error
    from ridec.language import bind, parse, print_workout
    from ridec.pipeline import check_output_size
    from ridec.timeline import lower

    if not workout.body:
        hint = "a .ride file needs at least one step; the file has nothing to ride"
        raise DiagnosticError([error(f"{path}: the workout has no steps", hint=hint)])
    source = print_workout(workout)
    check_output_size(".ride", len(source.encode("utf-8")), workout)
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
