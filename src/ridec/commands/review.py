"""`ridec review`: a recorded ride against the planned workout, step by step, with L/R balance."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    Ftp,
    RidecCommand,
    Sets,
    finite,
    json_text,
    parse_sets,
    print_diagnostics,
    say_line,
    usage_error,
)
from ridec.commands.plan_weeks import (
    Week,
    WorkoutName,
    choose,
    is_plan,
    plan_workouts,
    require_plan_for,
)
from ridec.commands.show import Json, PngOut, SvgOut, Width

if TYPE_CHECKING:
    from ridec.review.activity import Activity
    from ridec.review.align import Alignment
    from ridec.timeline import Timeline


class Align(StrEnum):
    """`--align`: how the plan is placed on the ride (mirrors review.align.AlignMode)."""

    auto = "auto"
    start = "start"
    laps = "laps"


Ride = Annotated[
    Path,
    typer.Argument(
        help="The ride: an activity .fit from a head unit.", show_default=False, metavar="RIDE"
    ),
]
Against = Annotated[
    Path,
    typer.Option(
        "--against",
        metavar="FILE",
        help="The planned workout (.ride, .zwo, .erg, .mrc or .fit), or a .plan with --week.",
        show_default=False,
    ),
]
Offset = Annotated[
    int | None,
    typer.Option(
        "--offset",
        metavar="SECONDS",
        help="The plan starts this many seconds after the first record.",
        min=-86400,
    ),
]
AlignOption = Annotated[
    Align,
    typer.Option(
        "--align",
        metavar="auto|start|laps",
        help="auto: by laps when they match the plan, else from the first record.",
    ),
]
Band = Annotated[
    float,
    typer.Option(
        "--band",
        min=0.0,
        max=100.0,
        callback=finite,
        metavar="PCT",
        help="Power band: +/- this many % FTP.",
    ),
]
CadenceBand = Annotated[
    int,
    typer.Option(
        "--cadence-band",
        min=0,
        max=50,
        metavar="RPM",
        help="Single cadence values: +/- this rpm.",
    ),
]
EXAMPLE = (
    "Example: ridec review ride.fit --against workouts/back-pain-protocol.plan --week 2 "
    "--workout standing --ftp 250"
)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("review", cls=RidecCommand, epilog=EXAMPLE)(review_command)


def review_command(
    ride: Ride,
    against: Against,
    ftp: Ftp = None,
    sets: Sets = None,
    offset: Offset = None,
    align: AlignOption = Align.auto,
    band: Band = 5.0,
    cadence_band: CadenceBand = 5,
    as_json: Json = False,
    svg: SvgOut = None,
    png: PngOut = None,
    width: Width = None,
    week: Week = None,
    workout: WorkoutName = None,
) -> None:
    """Line a recorded ride up with the plan: power band, cadence and balance per step.

    Against a .plan, --week N says which week was ridden; when that week holds several
    workouts, --workout NAME says which (without it, the one closest to the ride's length).
    """
    from ridec.charts.profile import ColourBy
    from ridec.commands.show import Charts, check_chart_outputs, make_console, write_charts
    from ridec.fileio import Inputs
    from ridec.review.render import review_json, review_tables, ridden_series
    from ridec.review.report import review

    if offset is not None and align is not Align.auto:
        usage_error("--offset places the plan itself: do not combine it with --align")
    require_plan_for(against, week, workout)
    if is_plan(against) and week is None:
        usage_error(f"{against} is a plan: say which week was ridden with --week N")
    if is_plan(against) and sets:
        usage_error("--set applies to .ride sources; a plan sets its own values")
    check_chart_outputs(svg, png, as_json)
    activity = _read_ride(ride)
    timeline = _planned(against, ftp, parse_sets(sets), week, workout, activity)
    _require_ftp(timeline, against)
    alignment = _align(timeline, activity, align, offset)
    result = review(timeline, activity, alignment, band, cadence_band)
    ridden = ridden_series(timeline, activity, result)
    charts = Charts(svg, png, Inputs([ride, against]))
    if write_charts(timeline, charts, ColourBy.INTENSITY, ridden):
        return
    if as_json:
        typer.echo(json_text(review_json(result)))
        return
    make_console(width or 120).print(review_tables(result))


def _planned(
    against: Path,
    ftp: int | None,
    overrides: dict[str, str],
    week: int | None,
    workout: str | None,
    activity: Activity,
) -> Timeline:
    """The workout the ride is held against: the file, or the plan's workout that week."""
    from ridec.commands.show import load_timeline
    from ridec.review.align import closest_plan
    from ridec.timeline import lower

    if not is_plan(against):
        return load_timeline(against, ftp, overrides)
    chosen = choose(plan_workouts(against)[1], week, workout)
    timelines = [lower(planned.workout, ftp) for planned in chosen]
    if len(timelines) == 1:
        return timelines[0]
    best = closest_plan(timelines, activity)
    names = ", ".join(planned.stem for planned in chosen)
    say_line(
        f"{against}: note: week {week} holds {names}; reviewing against "
        f"'{best.workout.header.name}', the closest to the ride's length "
        "(--workout NAME picks another)"
    )
    return best


def _require_ftp(timeline: Timeline, against: Path) -> None:
    """Targets become watts and the band +/- watts: the review cannot go on without an FTP."""
    from ridec.diagnostics import error

    if timeline.ftp is None:
        hint = "give --ftp (watts) or write `ftp:` in the workout's header"
        message = f"{against}: reviewing a ride needs an FTP, and the workout sets none"
        print_diagnostics([error(message, hint=hint)])
        raise typer.Exit(EXIT_INPUT)


def _read_ride(path: Path) -> Activity:
    from ridec.diagnostics import DiagnosticError
    from ridec.review.activity import read_activity

    try:
        activity = read_activity(path)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        raise typer.Exit(EXIT_INPUT) from None
    print_diagnostics(activity.warnings)
    return activity


def _align(timeline: Timeline, activity: Activity, mode: Align, offset: int | None) -> Alignment:
    from ridec.diagnostics import error
    from ridec.review.align import AlignmentError, AlignMode, align

    if offset is not None:
        return align(timeline, activity, AlignMode.OFFSET, offset)
    try:
        return align(timeline, activity, AlignMode(mode.value))
    except AlignmentError as exc:
        hint = "use --align start, or --offset SECONDS"
        print_diagnostics([error(f"{activity.path}: {exc}", hint=hint)])
        raise typer.Exit(EXIT_INPUT) from None
