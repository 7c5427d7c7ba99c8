"""`ridec compile`: sources of any supported format to ZWO, ERG, MRC, FIT and JSON."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
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

if TYPE_CHECKING:
    from ridec.diagnostics import Diagnostic
    from ridec.pipeline import Compiled, Unit
    from ridec.targets.base import CompileOptions


class Activation(StrEnum):
    """Where the activation routine goes (mirrors targets.base.ActivationMode)."""

    notes = "notes"
    steps = "steps"


Targets = Annotated[
    str, typer.Option("-t", "--target", help="Formats: zwo,erg,mrc,fit,json or all.")
]
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
    unicode: Annotated[
        bool, typer.Option("--unicode", help="Keep non-ASCII text in ZWO (Zwift may ignore it).")
    ] = False,
    activation: Annotated[
        Activation, typer.Option(help="Activation routine as description notes or FIT lap steps.")
    ] = Activation.notes,
    fit_ramp: Annotated[
        str, typer.Option(help="FIT ramps: step:30s (short steps) or range (one step).")
    ] = "step:30s",
    fit_power_band: Annotated[
        str, typer.Option(help="Widen single FIT power values to +/- this band, e.g. 3%.")
    ] = "0%",
    fit_max_steps: Annotated[int, typer.Option(min=1, help="Warn above this many FIT steps.")] = 50,
    fit_nested_repeats: Annotated[
        bool, typer.Option(help="Keep inner repeats as FIT repeat steps.")
    ] = False,
    created: Annotated[
        str | None, typer.Option(help="FIT time_created (ISO 8601) for reproducible builds.")
    ] = None,
) -> None:
    """Compile workouts to the chosen formats, checking every file before it is written."""
    from ridec.targets import UnknownTargetError, parse_targets

    try:
        names = parse_targets(target)
    except UnknownTargetError as exc:
        usage_error(str(exc))
    if output == "-" and len(names) != 1:
        usage_error("-o - writes to stdout and needs exactly one target (-t json, say)")
    options = _options(ftp, unicode, activation, fit_ramp, fit_power_band, fit_max_steps)
    options = _with(options, fit_nested_repeats, created)
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
    from ridec.diagnostics import DiagnosticError
    from ridec.pipeline import load_units

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
    from ridec.diagnostics import DiagnosticError, has_errors
    from ridec.pipeline import compile_timeline
    from ridec.timeline import lower

    timeline = lower(unit.workout, options.ftp)
    results: list[Compiled] = []
    diagnostics: list[Diagnostic] = list(promote(unit.warnings, strict))
    for name in names:
        try:
            compiled = compile_timeline(timeline, name, options)
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
    from ridec.fileio import write_atomic
    from ridec.targets import writer

    if output == "-":
        stdout_bytes(compiled.data)
        return
    folder = Path(output) if output else source.parent
    extension = writer(compiled.target).extension
    write_atomic(folder / stem.with_name(stem.name + extension), compiled.data)


def _print_report(source: Path, results: list[Compiled]) -> None:
    from rich.console import Console
    from rich.table import Table

    from ridec.targets.base import LossKind

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


_RAMP = re.compile(r"^(?:(range)|step(?::(\d+)(s|m)?)?)$", re.IGNORECASE)
_BAND = re.compile(r"^(\d+(?:\.\d+)?)%?$")


def _options(
    ftp: int | None,
    unicode: bool,
    activation: Activation,
    fit_ramp: str,
    fit_power_band: str,
    fit_max_steps: int,
) -> CompileOptions:
    from ridec.targets.base import ActivationMode, CompileOptions, RampMode

    ramp = _RAMP.match(fit_ramp.strip())
    if not ramp:
        usage_error(f"--fit-ramp expects step, step:30s or range, got {fit_ramp!r}")
    band = _BAND.match(fit_power_band.strip())
    if not band:
        usage_error(f"--fit-power-band expects a percentage such as 3%, got {fit_power_band!r}")
    step_s = int(ramp.group(2) or 30) * (60 if (ramp.group(3) or "s").lower() == "m" else 1)
    if step_s < 1:
        usage_error("--fit-ramp step length must be at least 1 s")
    return CompileOptions(
        ftp=ftp,
        ascii_text=not unicode,
        activation=ActivationMode(activation.value),
        fit_ramp=RampMode.RANGE if ramp.group(1) else RampMode.STEP,
        fit_ramp_step_s=step_s,
        fit_power_band_pct=float(band.group(1)),
        fit_max_steps=fit_max_steps,
    )


def _with(options: CompileOptions, nested: bool, created: str | None) -> CompileOptions:
    import dataclasses

    when = None
    if created is not None:
        try:
            when = dt.datetime.fromisoformat(created)
        except ValueError:
            usage_error(
                f"--created expects an ISO 8601 time such as 2026-01-01T00:00:00Z, got {created!r}"
            )
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
    return dataclasses.replace(options, fit_nested_repeats=nested, created=when)
