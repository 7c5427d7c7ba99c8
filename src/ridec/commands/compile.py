"""`ridec compile`: sources of any supported format to ZWO, ERG, MRC, FIT and JSON."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    STDOUT,
    Files,
    Ftp,
    Quiet,
    RidecCommand,
    Sets,
    Strict,
    Verbose,
    parse_sets,
    print_diagnostics,
    promote,
    say_line,
    stdout_bytes,
    usage_error,
    verbosity,
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
from ridec.records import record

if TYPE_CHECKING:
    from ridec.api import Compiled, Unit
    from ridec.diagnostics import Diagnostic
    from ridec.fileio import Inputs
    from ridec.formats.base import CompileOptions
    from ridec.reporting import LossLog, Verbosity


Output = Annotated[
    str | None,
    typer.Option(
        "-o",
        "--output",
        metavar="DIR",
        help="Output folder, or - for stdout. Default: beside each source.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("compile", cls=RidecCommand, epilog=EXAMPLE)(compile_command)


EXAMPLE = "Example: ridec compile workouts/standing.ride -t zwo,fit -o out/"


@record
class Reporting:
    """What to print about losses, whether they are errors, and where outputs go."""

    verbosity: Verbosity
    """Quiet, normal (summaries and warnings) or verbose (every loss, located)."""
    report: bool
    """`--report`: list every loss per target."""
    strict: bool
    """Every loss is an error, and nothing lossy is written."""
    output: str | None
    """`-o`: a folder, `-` for stdout, or None for beside each source."""
    inputs: Inputs
    """The files given on the command line, which no output may replace."""
    named: frozenset[str]
    """Targets asked for by name: an output of theirs that would replace an input is an error
    (under `all`, that one target is not written and its summary line says why)."""


def compile_command(
    files: Files,
    target: Targets = "all",
    output: Output = None,
    ftp: Ftp = None,
    sets: Sets = None,
    strict: Strict = False,
    report: Annotated[
        bool, typer.Option("--report", help="List every loss per target, with its location.")
    ] = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
    unicode: Unicode = False,
    activation: ActivationOption = Activation.notes,
    fit_ramp: FitRamp = "step:30s",
    fit_power_band: FitPowerBand = "0%",
    fit_max_steps: FitMaxSteps = 50,
    fit_nested_repeats: FitNestedRepeats = False,
    created: Created = None,
) -> None:
    """Compile workouts to the chosen formats, checking every file before it is written.

    Prints one line per file and format saying what the format lost, then the warnings:
    losses that change what the rider experiences. -v lists every loss, --report lists them
    per format, -q prints errors only, --strict makes every loss an error.
    """
    from ridec.formats.registry import UnknownTargetError, parse_targets

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

    reporting = Reporting(
        verbosity(verbose, quiet), report, strict, output, Inputs(files), _named(target)
    )
    failed = False
    for index, path in enumerate(files):
        with _collector_paused(index == 0):
            failed |= _compile_file(path, names, options, parse_sets(sets), reporting)
    if failed:
        raise typer.Exit(EXIT_INPUT)


@contextlib.contextmanager
def _collector_paused(first: bool) -> Iterator[None]:
    """No cyclic garbage collection while the first file compiles: that run imports the
    compiler, whose thousands of new long-lived objects (modules, classes, functions) made
    the collector scan them over and over for nothing (5-10 ms of a single compile).

    Afterwards every object is moved to the oldest generation unscanned (`freeze` then
    `unfreeze`), as if it had survived the collections it skipped; so turning collection
    back on does not scan them all at once either, cycles among them are still collected
    by a later full collection, and a long list of files stays bounded in memory."""
    if not first or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def _named(spec: str) -> frozenset[str]:
    """The targets the user named one by one (not through `all`)."""
    return frozenset(p.strip().lower() for p in spec.split(",")) - {"all"}


def _compile_file(
    path: Path,
    names: list[str],
    options: CompileOptions,
    overrides: dict[str, str],
    reporting: Reporting,
) -> bool:
    """Compile one file (every week of a plan) to every target; True when anything failed."""
    from ridec.api import load_units
    from ridec.diagnostics import DiagnosticError, has_errors
    from ridec.reporting import LossLog

    try:
        units = load_units(path, overrides)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        return True
    weeks = max((u.week for u in units if u.week is not None), default=None)
    log = LossLog(str(path), weeks)
    problems: list[Diagnostic] = []
    for unit in units:
        problems += _compile_unit(path, unit, names, options, reporting, log)
    _print(problems, log, reporting)
    return has_errors(problems)


def _compile_unit(
    path: Path,
    unit: Unit,
    names: list[str],
    options: CompileOptions,
    reporting: Reporting,
    log: LossLog,
) -> list[Diagnostic]:
    """Compile one workout to every target and write what succeeded; the problems met
    (errors, and the reader's warnings for an imported input)."""
    from ridec.api import compile
    from ridec.diagnostics import DiagnosticError
    from ridec.pipeline import TargetSkippedError
    from ridec.timeline import lower

    problems: list[Diagnostic] = list(promote(unit.warnings, reporting.strict))
    try:
        timeline = lower(unit.workout, options.ftp)
    except DiagnosticError as exc:  # past a limit: nothing is unrolled
        return [*problems, *exc.diagnostics]
    for name in names:
        try:
            (compiled,) = compile(timeline, [name], options)
        except TargetSkippedError as exc:
            if reporting.strict:
                problems.extend(promote(exc.diagnostics, strict=True))
            log.skip(name, exc.reason)
            continue
        except DiagnosticError as exc:
            problems.extend(exc.diagnostics)
            continue
        if reporting.strict and compiled.fidelity.losses():
            problems.extend(compiled.fidelity.diagnostics(strict=True))
            continue
        problems += _write(path, unit.stem, compiled, reporting, log, unit.week)
    return problems


def _print(problems: list[Diagnostic], log: LossLog, reporting: Reporting) -> None:
    """Errors always; then, unless quiet, the summaries and the warnings (every loss with
    -v); then the --report listing."""
    from ridec.formats.losses import LossLevel
    from ridec.reporting import Verbosity, grouped

    print_diagnostics(grouped(problems, reporting.verbosity))
    if reporting.verbosity is not Verbosity.QUIET:
        for line in log.summaries():
            say_line(line)
        lowest = LossLevel.NOTE if reporting.verbosity is Verbosity.VERBOSE else LossLevel.WARNING
        print_diagnostics(log.diagnostics(lowest))
    if reporting.report:
        for line in log.report():
            say_line(line)


def _write(
    source: Path,
    stem: str,
    compiled: Compiled,
    reporting: Reporting,
    log: LossLog,
    week: int | None,
) -> list[Diagnostic]:
    """Write one output (or print it for `-o -`) and log its losses; the problems met."""
    from ridec.api import format_entry
    from ridec.diagnostics import DiagnosticError
    from ridec.fileio import overwrite_error, write_output

    if reporting.output == STDOUT:
        stdout_bytes(compiled.data)
        log.add(compiled.fidelity, week)
        return []
    folder = Path(reporting.output) if reporting.output else source.parent
    target = folder / (stem + format_entry(compiled.target).extension)
    if reporting.inputs.holds(target):
        if compiled.target not in reporting.named:
            log.skip(compiled.target, "it would replace this input (use -o DIR)")
            return []
        hint = f"write it to another folder with -o DIR, or leave {compiled.target} out (-t)"
        return [overwrite_error(target, hint)]
    try:
        write_output(target, compiled.data)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    log.add(compiled.fidelity, week)
    return []
