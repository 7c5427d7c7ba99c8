"""`ridec validate`: check files from any tool against each format's rules.

ZWO against `schemas/zwo.xsd` and the reader's rules, ERG/MRC against the grammar, FIT for
integrity (sizes, CRCs) and meaning, `.ride` with the language's checks, JSON with its own.
Text formats are located by line and column, FIT by byte offset.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ridec.commands.common import EXIT_INPUT, Files, Strict, print_diagnostics, promote
from ridec.escapes import escape_controls

if TYPE_CHECKING:
    from ridec.diagnostics import Diagnostic


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command()(validate)


def validate(files: Files, strict: Strict = False) -> None:
    """Check ZWO, ERG, MRC, FIT, JSON and .ride files; exit 1 when any has an error."""
    from ridec.diagnostics import has_errors

    failed = False
    for path in files:
        found = promote(diagnose(path), strict)
        print_diagnostics(found)
        failed |= has_errors(found)
        if not has_errors(found):
            said = f"{path}: ok" + (" (with warnings)" if found else "")
            typer.echo(escape_controls(said))
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
    """What the reader finds beyond the structure (unknown blocks, impossible values)."""
    from ridec.diagnostics import DiagnosticError
    from ridec.pipeline import load_with_warnings
    from ridec.timeline import lower

    try:
        loaded = load_with_warnings(path)
        lower(loaded.workout)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    return list(loaded.warnings)


def _checkers() -> dict[str, Callable[[bytes, str], list[Diagnostic]]]:
    return {
        ".zwo": _zwo,
        ".erg": _course,
        ".mrc": _course,
        ".fit": _fit,
        ".json": _json,
        ".ride": lambda data, path: [],
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
