"""`ridec import`: ZWO, ERG, MRC, FIT and intervals.icu files back into readable `.ride`
source; `--from FORMAT` reads any name (and `-`, standard input) as that format."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    STDIN_STEM,
    STDOUT,
    Files,
    From,
    Quiet,
    RidecCommand,
    Strict,
    Verbose,
    input_format,
    is_stdin,
    load_input,
    print_diagnostics,
    promote,
    stdout_text,
    verbosity,
)

if TYPE_CHECKING:
    from ridec.batchwrite import Batch
    from ridec.diagnostics import Diagnostic
    from ridec.fileio import Inputs
    from ridec.model import Workout
    from ridec.reporting import Verbosity


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("import", cls=RidecCommand, epilog=EXAMPLE)(import_command)


EXAMPLE = (
    "Example: ridec import dist/standing.zwo -o imported/; "
    "pbpaste | ridec import - --from icu"
)


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
    from_: From = None,
    strict: Strict = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Read workouts written by other tools and print or write them as `.ride` source.

    The extension says the format (.zwo, .erg, .mrc, .fit, .icu); --from says it for any
    other name and for `-`, standard input (`ridec import - --from icu` takes a pasted
    intervals.icu workout).

    What the language cannot say exactly is adjusted and reported: each kind of adjustment
    once per file, with how many more there were (-v lists them all, -q none). An existing
    `.ride` is never replaced without `--force`, and a file given as an input is never
    replaced at all.
    """
    from ridec.batchwrite import Batch
    from ridec.fileio import Inputs

    level = verbosity(verbose, quiet)
    fmt = input_format(from_, files)
    inputs = Inputs(path for path in files if not is_stdin(path))
    failed = False
    with Batch() as batch:  # files written unflushed, one flush per batch (batchwrite)
        for path in files:
            failed |= not _import_one(path, fmt, output, inputs, batch, strict, level, force)
            if batch.full:
                failed |= _committed(batch)
        failed |= _committed(batch)
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _import_one(
    path: Path,
    fmt: str | None,
    output: str | None,
    inputs: Inputs,
    batch: Batch,
    strict: bool,
    level: Verbosity,
    force: bool,
) -> bool:
    """Read one file and print or write its source; False when something failed (printed)."""
    from ridec.diagnostics import DiagnosticError, has_errors
    from ridec.fileio import STDIN_NAME
    from ridec.reporting import grouped

    named = Path(STDIN_NAME) if is_stdin(path) else path
    try:
        loaded = load_input(path, fmt)
        source = to_source(loaded.workout, named)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        return False
    warnings = promote(loaded.warnings, strict)
    print_diagnostics(grouped(warnings, level))
    if has_errors(warnings):
        return False
    if output is None or output == STDOUT:
        stdout_text(source)
        return True
    made = Path(STDIN_STEM) if is_stdin(path) else path
    return _write(Path(output), made, source, inputs, batch, force=force)


def _committed(batch: Batch) -> bool:
    """Flush and rename the batch's files; whether any failed (the problems printed)."""
    problems = batch.commit()
    print_diagnostics(problems)
    return bool(problems)


def _write(
    folder: Path, path: Path, source: str, inputs: Inputs, batch: Batch, *, force: bool
) -> bool:
    """Write `<folder>/<stem>.ride` (renamed into place when the batch is committed); False
    (the problem printed) when it cannot be."""
    from ridec.diagnostics import Diagnostic, DiagnosticError, Severity
    from ridec.fileio import exists
    from ridec.pipeline import output_name

    try:
        target = folder / output_name(path, ".ride")
        inputs.refuse(target, "write the .ride files to another folder with -o DIR")
        message = "a .ride file of this name already exists; it was left as it is"
        hint = "give --force to replace it, or choose another folder with -o DIR"
        there = Diagnostic(Severity.ERROR, message, None, hint, path=str(target))
        if not force and (exists(target) or batch.holds(target)):
            raise DiagnosticError([there])
        batch.write(target, source.encode("utf-8"), unless_there=None if force else there)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        return False
    return True


def to_source(workout: Workout, path: Path) -> str:
    """The workout as canonical `.ride` text that parses back to the same workout.

    The printer writes a model back exactly (a property test over generated models and
    texts), so the text is not read again: what parsing would still refuse (the line count,
    values out of range, `{i}` outside a repeat ...) is checked on the model
    (`ridec.language.printed`), and a problem there is an internal error (a bug in a reader
    or the printer) instead of a file that does not compile. The text is also checked
    against the size ridec reads `.ride` files up to, so that what `import` writes, `check`
    and `compile` read.
    """
    from ridec.diagnostics import DiagnosticError, error
    from ridec.language import print_workout
    from ridec.language.printed import printed_problems
    from ridec.pipeline import check_output_size

    if not workout.body:
        hint = "a .ride file needs at least one step; the file has nothing to ride"
        raise DiagnosticError([error(f"{path}: the workout has no steps", hint=hint)])
    source = print_workout(workout)
    check_output_size(".ride", len(source.encode("utf-8")), workout)
    problems = printed_problems(workout, source)
    if problems:
        first = problems[0].render()
        raise DiagnosticError([_internal(path, f"the .ride text does not parse: {first}")])
    return source


def _internal(path: Path, what: str) -> Diagnostic:
    from ridec.diagnostics import error

    return error(f"{path}: internal error: {what}", hint="this is a bug in ridec: please report it")
