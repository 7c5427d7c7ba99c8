"""`ridec check`: report every problem in the given sources, write nothing."""

from __future__ import annotations

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    Files,
    From,
    Ftp,
    RidecCommand,
    Sets,
    input_format,
    is_stdin,
    load_input,
    parse_sets,
    print_diagnostics,
)

EXAMPLE = "Example: ridec check workouts/standing.ride workouts/back-pain-protocol.plan"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=RidecCommand, epilog=EXAMPLE)(check)


def check(files: Files, ftp: Ftp = None, sets: Sets = None, from_: From = None) -> None:
    """Check .ride and .plan sources (and other formats) for errors; exit 0 clean, 1 errors.

    A source's warnings (a step without a target rides free, a range on a warm-up is no ramp)
    are printed too and leave the exit status alone; another tool's file is reported by
    `validate` and `import`, which group its reader's warnings. --from reads every input as
    that format (`-` is standard input).
    """
    from ridec.api import load_units
    from ridec.diagnostics import DiagnosticError
    from ridec.timeline import lower

    overrides = parse_sets(sets)
    fmt = input_format(from_, files)
    failed = False
    for path in files:
        try:
            if is_stdin(path):
                lower(load_input(path, fmt, overrides).workout, ftp)
                continue
            units = load_units(path, overrides, format=fmt)
            if path.suffix.lower() in (".ride", ".plan"):
                print_diagnostics(d for unit in units for d in unit.warnings)
            for unit in units:
                lower(unit.workout, ftp)
        except DiagnosticError as exc:
            print_diagnostics(exc.diagnostics)
            failed = True
    if failed:
        raise typer.Exit(EXIT_INPUT)
