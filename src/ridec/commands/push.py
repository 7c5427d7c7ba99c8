"""`ridec push`: workouts compiled and delivered to a Garmin, Zwift's folder or intervals.icu.

The destination is opened first (a wrong folder is reported before anything compiles),
then every input is compiled or validated as `ridec compile` and `ridec validate` would,
and only when none has an error is anything written or sent. The report of what was
delivered goes to stdout; losses and problems to stderr, as `compile` prints them.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    Files,
    Ftp,
    RidecCommand,
    Sets,
    parse_sets,
    print_diagnostics,
    print_losses,
    stdout_text,
    usage_error,
)
from ridec.commands.format_options import (
    DEFAULT_ACTIVATION,
    DEFAULT_FIT_RAMP,
    ActivationOption,
    FitMaxSteps,
    FitNestedRepeats,
    FitPowerBand,
    FitRamp,
    Unicode,
    compile_options,
)
from ridec.delivery.accepts import INTERVALS_DEFAULT_FORMAT, intervals_formats

if TYPE_CHECKING:
    from ridec.delivery.base import Destination
    from ridec.delivery.intervals import IntervalsCalendar
    from ridec.delivery.sources import Collected
    from ridec.diagnostics import DiagnosticError
    from ridec.formats.base import CompileOptions

EXAMPLE = "Example: ridec push workouts/standing.ride --garmin /media/$USER/GARMIN --dry-run"

Garmin = Annotated[
    Path | None,
    typer.Option(
        "--garmin", metavar="MOUNT", help="A Garmin mounted over USB: the folder holding GARMIN/."
    ),
]
Zwift = Annotated[
    Path | None,
    typer.Option("--zwift", metavar="FOLDER", help="Zwift's Documents/Zwift/Workouts folder."),
]
ZwiftUser = Annotated[
    str | None,
    typer.Option(
        "--zwift-user", metavar="ID", help="With --zwift: the Zwift user, when there are several."
    ),
]
Intervals = Annotated[
    str | None,
    typer.Option(
        "--intervals",
        metavar="ATHLETE_ID",
        help="An intervals.icu athlete's calendar; the key comes from INTERVALS_ICU_API_KEY.",
    ),
]
Start = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="YYYY-MM-DD",
        help="With --intervals: the day a workout (a plan's first week) lands on. Default: today.",
    ),
]
AsFormat = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="FORMAT",
        help=f"With --intervals: the format sent, {'|'.join(intervals_formats())} "
        f"(default {INTERVALS_DEFAULT_FORMAT}).",
    ),
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Print what would be written or sent; change nothing.")
]


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("push", cls=RidecCommand, epilog=EXAMPLE)(push_command)


def push_command(
    files: Files,
    garmin: Garmin = None,
    zwift: Zwift = None,
    zwift_user: ZwiftUser = None,
    intervals: Intervals = None,
    start: Start = None,
    as_format: AsFormat = None,
    ftp: Ftp = None,
    sets: Sets = None,
    dry_run: DryRun = False,
    unicode: Unicode = False,
    activation: ActivationOption = DEFAULT_ACTIVATION,
    fit_ramp: FitRamp = DEFAULT_FIT_RAMP,
    fit_power_band: FitPowerBand = "0%",
    fit_max_steps: FitMaxSteps = 50,
    fit_nested_repeats: FitNestedRepeats = False,
) -> None:
    """Deliver workouts: FIT to a Garmin over USB, ZWO into Zwift's folder, or planned
    workouts onto an intervals.icu calendar (a plan week by week from --start).

    Sources are .ride and .plan files (compiled with every check `compile` makes) or files
    already in the destination's format (validated, then sent as they are). Nothing is
    delivered when any input has an error; a workout already there is not copied twice.
    The output options are `compile`'s.
    """
    _check_usage(garmin, zwift, zwift_user, intervals, start, as_format)
    overrides = parse_sets(sets)
    options = compile_options(
        ftp=ftp,
        unicode=unicode,
        activation=activation,
        fit_ramp=fit_ramp,
        fit_power_band=fit_power_band,
        fit_max_steps=fit_max_steps,
        fit_nested_repeats=fit_nested_repeats,
        created=None,
    )
    from ridec.diagnostics import DiagnosticError

    try:
        destination = _open(garmin, zwift, zwift_user, intervals, start, as_format, dry_run)
    except DiagnosticError as exc:
        _stop(exc)
    collected = _collect(files, destination.format, options, overrides)
    try:
        prepared = destination.prepare(collected.deliveries)
    except DiagnosticError as exc:
        _stop(exc)
    if dry_run:
        stdout_text(destination.dry_run(prepared))
        return
    _send(destination, prepared)


def _check_usage(
    garmin: Path | None,
    zwift: Path | None,
    zwift_user: str | None,
    intervals: str | None,
    start: str | None,
    as_format: str | None,
) -> None:
    """Exactly one destination, and each option only with the destination it belongs to."""
    chosen = [name for name, value in (("--garmin", garmin), ("--zwift", zwift)) if value]
    chosen += ["--intervals"] if intervals is not None else []
    if len(chosen) != 1:
        given = f" (given: {', '.join(chosen)})" if chosen else ""
        where = "--garmin MOUNT, --zwift FOLDER or --intervals ATHLETE_ID"
        usage_error(f"push needs one destination: {where}{given}")
    if zwift_user is not None and zwift is None:
        usage_error("--zwift-user chooses a user of --zwift FOLDER")
    for option, value in (("--start", start), ("--as", as_format)):
        if value is not None and intervals is None:
            usage_error(f"{option} goes with --intervals")


def _open(
    garmin: Path | None,
    zwift: Path | None,
    zwift_user: str | None,
    intervals: str | None,
    start: str | None,
    as_format: str | None,
    dry_run: bool,
) -> Destination[Any]:
    """The destination, opened: the device read, the user folder found, the settings read."""
    if garmin is not None:
        from ridec.delivery.garmin import GarminDevice

        return GarminDevice.open(garmin)
    if zwift is not None:
        from ridec.delivery.zwift import ZwiftFolder

        return ZwiftFolder.open(zwift, zwift_user)
    assert intervals is not None
    return _intervals(intervals, start, as_format, dry_run)


def _intervals(
    athlete: str, start: str | None, as_format: str | None, dry_run: bool
) -> IntervalsCalendar:
    from ridec.delivery.intervals import ATHLETE_ID, IntervalsCalendar, settings_from

    if not ATHLETE_ID.fullmatch(athlete):
        usage_error(f"--intervals expects an athlete id such as i12345 (or 0), not {athlete!r}")
    chosen = (as_format or INTERVALS_DEFAULT_FORMAT).strip().lower()
    if chosen not in intervals_formats():
        usage_error(f"--as expects one of {', '.join(intervals_formats())}, not {as_format!r}")
    calendar = IntervalsCalendar(settings_from(os.environ, athlete, _day(start)), chosen)
    if not dry_run:
        calendar.require_key()  # before compiling: the run could not end well without it
    return calendar


def _day(start: str | None) -> dt.date:
    if start is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(start)
    except ValueError:
        usage_error(f"--start expects a day written YYYY-MM-DD, not {start!r}")


def _collect(
    files: list[Path], target: str, options: CompileOptions, overrides: dict[str, str]
) -> Collected:
    """Every input compiled or validated; the problems and losses printed; exit 1 when
    any has an error, or when none gave a workout."""
    from ridec.delivery.sources import collect, nothing_to_deliver
    from ridec.reporting import Verbosity

    collected = collect(files, target, options, overrides)
    print_losses(collected.problems, collected.logs, Verbosity.NORMAL)
    for line in collected.unchanged:
        typer.echo(line, err=True)
    empty = nothing_to_deliver(collected)
    if empty is not None:
        print_diagnostics([empty])
    if collected.failed or empty is not None:
        typer.echo("ridec: nothing was delivered", err=True)
        raise typer.Exit(EXIT_INPUT)
    return collected


def _send(destination: Destination[Any], prepared: Any) -> None:
    from ridec.delivery.base import PartialDeliveryError
    from ridec.diagnostics import DiagnosticError

    try:
        lines = destination.send(prepared)
    except PartialDeliveryError as exc:
        if exc.done:
            stdout_text("\n".join(exc.done) + "\n")
        _stop(exc)
    except DiagnosticError as exc:
        _stop(exc)
    stdout_text("\n".join(lines) + "\n")


def _stop(exc: DiagnosticError) -> NoReturn:
    """Print a DiagnosticError's diagnostics and exit 1."""
    print_diagnostics(exc.diagnostics)
    raise typer.Exit(EXIT_INPUT)
