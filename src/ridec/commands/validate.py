"""`ridec validate`: check files from any tool against each format's rules.

ZWO against `schemas/zwo.xsd` and the reader's rules, ERG/MRC against the grammar, FIT for
integrity (sizes, CRCs) and meaning, `.ride` with the language's checks, `.plan` with the
plan's and every week's workout's, JSON with its own. Text formats are located by line and
column, FIT by byte offset.
"""

from __future__ import annotations

from collections.abc import Callable
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
            typer.echo(f"{path}: ok" + (" (with warnings)" if found else ""))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def diagnose(path: Path) -> list[Diagnostic]:
    """Every problem found in the file at `path` by its format's checker and reader."""
    from ridec.diagnostics import DiagnosticError, error
    from ridec.pipeline import SOURCE_EXTENSIONS, read_input

    suffix = path.suffix.lower()
    checkers = _checkers()
    if suffix not in checkers:
        known = ", ".join((*SOURCE_EXTENSIONS, ".json"))
        return [error(f"{path}: cannot validate '{suffix}' files", hint=f"ridec checks {known}")]
    try:
        data = read_input(path)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    structural = checkers[suffix](data, str(path))
    if any(d.severity == "error" for d in structural) or suffix == ".json":
        return structural
    return structural + _reader_diagnostics(path)


def _reader_diagnostics(path: Path) -> list[Diagnostic]:
    """What the reader finds beyond the structure (unknown blocks, impossible values).

    Not what `import` changes to write the workout as `.ride` (texts at one second joined
    into one cue): that is the language's limit, not a fault of the file.
    """
    from ridec.diagnostics import DiagnosticError
    from ridec.pipeline import load_with_warnings, read_as_written
    from ridec.timeline import lower

    try:
        if path.suffix.lower() == ".plan":
            return _plan_diagnostics(path)
        if path.suffix.lower() == ".ride":
            loaded = load_with_warnings(path)
        else:
            loaded = read_as_written(path)
        lower(loaded.workout)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    return list(loaded.warnings)


def _plan_diagnostics(path: Path) -> list[Diagnostic]:
    """A plan, then each week of each workout it names, bound with the week's values."""
    from ridec.pipeline import load_units
    from ridec.timeline import lower

    for unit in load_units(path):
        lower(unit.workout)
    return []


def _checkers() -> dict[str, Callable[[bytes, str], list[Diagnostic]]]:
    return {
        ".zwo": _zwo,
        ".erg": _course,
        ".mrc": _course,
        ".fit": _fit,
        ".json": _json,
        ".ride": lambda data, path: [],
        ".plan": lambda data, path: [],
    }


def _zwo(data: bytes, path: str) -> list[Diagnostic]:
    from ridec.validate.zwo import diagnostics, validate_bytes

    return diagnostics(validate_bytes(data), path, data)


def _course(data: bytes, path: str) -> list[Diagnostic]:
    from ridec.validate.ergmrc import check

    return [problem.diagnostic for problem in check(data, path)]


def _fit(data: bytes, path: str) -> list[Diagnostic]:
    from ridec.validate.fit import diagnostics

    return diagnostics(data, path)


def _json(data: bytes, path: str) -> list[Diagnostic]:
    from ridec.diagnostics import error
    from ridec.validate.json import problems

    return [error(f"{path}: {problem}") for problem in problems(data)]
