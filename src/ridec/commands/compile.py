"""`ridec compile`: sources of any supported format to ZWO, ERG, MRC, FIT and JSON."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    STDOUT,
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
    from ridec.diagnostics import Diagnostic
    from ridec.fileio import Inputs
    from ridec.pipeline import Compiled, Unit
    from ridec.targets.base import CompileOptions


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
    from ridec.targets import UnknownTargetError, parse_targets

    try:
        names = parse_targets(target)
    except UnknownTargetError as exc:
        usage_error(str(exc))
    if output == STDOUT and len(names) != 1:
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
    from ridec.fileio import Inputs

    plan = _Plan(names, _named(target), output, options, Inputs(files), strict, report)
    failed = False
    for path in files:
        failed |= plan.compile_file(path, parse_sets(sets))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _named(spec: str) -> frozenset[str]:
    """The targets the user named one by one (not through `all`)."""
    return frozenset(p.strip().lower() for p in spec.split(",")) - {"all"}


@dataclass(frozen=True, slots=True)
class _Plan:
    """What to compile every file to, and where."""

    names: list[str]
    """Every target, in order."""
    named: frozenset[str]
    """Targets asked for by name: an output of theirs that would replace an input is an error
    (under `all`, that one target is skipped with a note)."""
    output: str | None
    options: CompileOptions
    inputs: Inputs
    """The files given on the command line, which no output may replace."""
    strict: bool
    report: bool

    def compile_file(self, path: Path, overrides: dict[str, str]) -> bool:
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
            failed |= self.compile_unit(path, unit)
        return failed

    def compile_unit(self, path: Path, unit: Unit) -> bool:
        """Compile one workout to every target; True when anything failed."""
        from ridec.diagnostics import DiagnosticError, has_errors
        from ridec.pipeline import compile_timeline
        from ridec.timeline import lower

        diagnostics: list[Diagnostic] = list(promote(unit.warnings, self.strict))
        try:
            timeline = lower(unit.workout, self.options.ftp)
        except DiagnosticError as exc:
            print_diagnostics([*diagnostics, *exc.diagnostics])
            return True
        results: list[Compiled] = []
        for name in self.names:
            try:
                compiled = compile_timeline(timeline, name, self.options)
            except DiagnosticError as exc:
                diagnostics.extend(exc.diagnostics)
                continue
            losses = compiled.fidelity.diagnostics(self.strict)
            diagnostics.extend(losses)
            if not has_errors(losses):
                results.append(compiled)
        print_diagnostics(diagnostics)
        failed = has_errors(diagnostics)
        for compiled in results:
            failed |= not self.write(path, unit.stem, compiled)
        if self.report:
            _print_report(path, results)
        return failed

    def write(self, source: Path, stem: str, compiled: Compiled) -> bool:
        """Write one output (or print it for `-o -`); False when it could not be written."""
        from ridec.diagnostics import DiagnosticError, Severity
        from ridec.fileio import overwrite_error, write_output
        from ridec.targets import writer

        if self.output == STDOUT:
            stdout_bytes(compiled.data)
            return True
        folder = Path(self.output) if self.output else source.parent
        target = folder / (stem + writer(compiled.target).extension)
        if self.inputs.holds(target):
            hint = f"write it to another folder with -o DIR, or leave {compiled.target} out (-t)"
            problem = overwrite_error(target, hint)
            if compiled.target not in self.named:
                message = f"the {compiled.target} output would replace this input: not written"
                problem = dataclasses.replace(problem, severity=Severity.NOTE, message=message)
            print_diagnostics([problem])
            return problem.severity is not Severity.ERROR
        try:
            write_output(target, compiled.data)
        except DiagnosticError as exc:
            print_diagnostics(exc.diagnostics)
            return False
        return True


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
