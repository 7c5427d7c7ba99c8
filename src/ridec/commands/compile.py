"""`ridec compile`: sources of any supported format to ZWO, ERG, MRC, FIT and JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    Files,
    Ftp,
    Sets,
    Strict,
    parse_sets,
    print_diagnostics,
    promote,
    stdout_bytes,
    usage_error,
)
from ridec.commands.format_options import (
    Activation,
    ActivationOption,
    Created,
    FitMaxSteps,
    FitNestedRepeats,
    FitPowerBand,
    FitRamp,
    Targets,
    Unicode,
    compile_options,
)

if TYPE_CHECKING:
    from ridec.api import Compiled, Unit
    from ridec.diagnostics import Diagnostic
    from ridec.formats.base import CompileOptions


Output = Annotated[
    str | None,
    typer.Option(
        "-o", "--output", help="Output folder, or - for stdout. Default: beside each source."
    ),
]


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("compile")(compile_command)


def compile_command(
    files: Files,
    target: Targets = "all",
    output: Output = None,
    ftp: Ftp = None,
    sets: Sets = None,
    strict: Strict = False,
    report: Annotated[
        bool, typer.Option("--report", help="Print a per-target fidelity table.")
    ] = False,
    unicode: Unicode = False,
    activation: ActivationOption = Activation.notes,
    fit_ramp: FitRamp = "step:30s",
    fit_power_band: FitPowerBand = "0%",
    fit_max_steps: FitMaxSteps = 50,
    fit_nested_repeats: FitNestedRepeats = False,
    created: Created = None,
) -> None:
    """Compile workouts to the chosen formats, checking every file before it is written."""
    from ridec.formats.registry import UnknownTargetError, parse_targets

    try:
        names = parse_targets(target)
    except UnknownTargetError as exc:
        usage_error(str(exc))
    if output == "-" and len(names) != 1:
        usage_error("-o - writes to stdout and needs exactly one target (-t json, say)")
    options = compile_options(
        ftp=ftp,
        unicode=unicode,
        activation=activation,
        fit_ramp=fit_ramp,
        fit_power_band=fit_power_band,
        fit_max_steps=fit_max_steps,
        fit_nested_repeats=fit_nested_repeats,
        created=created,
    )
    failed = False
    for path in files:
        failed |= _compile_file(path, names, output, options, parse_sets(sets), strict, report)
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _compile_file(
    path: Path,
    names: list[str],
    output: str | None,
    options: CompileOptions,
    overrides: dict[str, str],
    strict: bool,
    report: bool,
) -> bool:
    """Compile one file to every target; True when anything failed."""
    from ridec.api import load_units
    from ridec.diagnostics import DiagnosticError

    try:
        units = load_units(path, overrides)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        return True
    failed = False
    for unit in units:
        failed |= _compile_unit(path, unit, names, output, options, strict=strict, report=report)
    return failed


def _compile_unit(
    path: Path,
    unit: Unit,
    names: list[str],
    output: str | None,
    options: CompileOptions,
    *,
    strict: bool,
    report: bool,
) -> bool:
    """Compile one workout to every target; True when anything failed."""
    from ridec.api import compile
    from ridec.diagnostics import DiagnosticError, has_errors
    from ridec.timeline import lower

    timeline = lower(unit.workout, options.ftp)
    results: list[Compiled] = []
    diagnostics: list[Diagnostic] = list(promote(unit.warnings, strict))
    for name in names:
        try:
            (compiled,) = compile(timeline, [name], options)
        except DiagnosticError as exc:
            diagnostics.extend(exc.diagnostics)
            continue
        losses = compiled.fidelity.diagnostics(strict)
        diagnostics.extend(losses)
        if not has_errors(losses):
            results.append(compiled)
    print_diagnostics(diagnostics)
    for compiled in results:
        _write(path, unit.stem, compiled, output)
    if report:
        _print_report(path, results)
    return has_errors(diagnostics)


def _write(source: Path, stem: Path, compiled: Compiled, output: str | None) -> None:
    from ridec.api import format_entry
    from ridec.fileio import write_atomic

    if output == "-":
        stdout_bytes(compiled.data)
        return
    folder = Path(output) if output else source.parent
    extension = format_entry(compiled.target).extension
    write_atomic(folder / stem.with_name(stem.name + extension), compiled.data)


def _print_report(source: Path, results: list[Compiled]) -> None:
    from rich.console import Console
    from rich.table import Table

    from ridec.formats.base import LossKind

    table = Table(title=f"Fidelity: {source}")
    for column in ("target", "exact", "degraded", "dropped", "details"):
        table.add_column(column)
    for compiled in results:
        entries = compiled.fidelity.entries
        counts = [str(sum(e.kind is kind for e in entries)) for kind in LossKind]
        details = "; ".join(
            sorted({_detail(e.feature, e.became) for e in compiled.fidelity.losses()})
        )
        table.add_row(compiled.target, *counts, details or "-")
    Console(stderr=True, width=140).print(table)


def _detail(feature: str, became: str | None) -> str:
    return f"{feature} -> {became}" if became else f"{feature} dropped"
