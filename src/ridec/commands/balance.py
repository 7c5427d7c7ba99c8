"""`ridec balance`: a rider's left/right balance across their rides, indoor and outdoor."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    STDOUT,
    Ftp,
    RidecCommand,
    Sets,
    parse_sets,
    print_diagnostics,
    stdout_bytes,
    usage_error,
)
from ridec.commands.plan_weeks import Week, WorkoutName, choose, is_plan, plan_workouts
from ridec.commands.show import Json, PngOut, SvgOut, Width

if TYPE_CHECKING:
    from ridec.api import BalanceReport
    from ridec.fileio import Inputs
    from ridec.timeline import Timeline


class SettingChoice(StrEnum):
    """`--setting`: where every ride was ridden (mirrors leftright.ride.Setting)."""

    indoor = "indoor"
    outdoor = "outdoor"


Rides = Annotated[
    list[Path],
    typer.Argument(
        help="Activity .fit files from a head unit, or folders searched for them.",
        show_default=False,
        metavar="RIDE.fit|FOLDER...",
    ),
]
SettingOption = Annotated[
    SettingChoice | None,
    typer.Option(
        "--setting",
        metavar="indoor|outdoor",
        help="Take every ride as ridden indoors or outdoors (default: from each file).",
        show_default=False,
    ),
]
Against = Annotated[
    Path | None,
    typer.Option(
        "--against",
        metavar="FILE",
        help="The planned workout (or .plan) the rides followed: adds the technique blocks.",
        show_default=False,
    ),
]
HtmlOut = Annotated[
    str | None,
    typer.Option("--html", metavar="FILE", help="Write the report as an HTML page (- for stdout)."),
]
EXAMPLE = "Example: ridec balance rides/ --ftp 250 --html balance.html"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("balance", cls=RidecCommand, epilog=EXAMPLE)(balance_command)


def balance_command(
    rides: Rides,
    ftp: Ftp = None,
    setting: SettingOption = None,
    against: Against = None,
    week: Week = None,
    workout: WorkoutName = None,
    sets: Sets = None,
    as_json: Json = False,
    html: HtmlOut = None,
    svg: SvgOut = None,
    png: PngOut = None,
    width: Width = None,
) -> None:
    """Left/right balance across rides: indoor against outdoor, minutes, cadence, power.

    Each ride counts the seconds with power, cadence and a balance, each weighted by its
    power; rides that name the leg are pooled indoors and outdoors. Exit 1 when any file was
    refused (the others are still reported).
    """
    from ridec.api import balance
    from ridec.diagnostics import DiagnosticError, has_errors
    from ridec.fileio import Inputs

    _check_outputs(as_json, html, svg, png)
    if against is None and (week is not None or workout is not None or sets):
        usage_error("--week, --workout and --set choose the plan given with --against")
    plans = _plans(against, ftp, parse_sets(sets), week, workout) if against else ()
    try:
        report = balance(rides, ftp, setting=setting.value if setting else None, against=plans)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        raise typer.Exit(EXIT_INPUT) from None
    print_diagnostics(report.problems)
    inputs = Inputs([*rides, *([against] if against else [])])
    if not _write_outputs(report, html, svg, png, inputs):
        if as_json:
            typer.echo(json.dumps(report.to_json(), indent=2))
        else:
            from ridec.commands.show import make_console
            from ridec.leftright.tables import balance_tables

            make_console(width or 100).print(balance_tables(report))
    if has_errors(report.problems):
        raise typer.Exit(EXIT_INPUT)


def _check_outputs(as_json: bool, html: str | None, svg: str | None, png: str | None) -> None:
    """Only one thing can go to stdout: a usage error (exit 2) otherwise."""
    named = (("--json", STDOUT if as_json else None), ("--html", html), ("--svg", svg))
    to_stdout = [name for name, where in (*named, ("--png", png)) if where == STDOUT]
    if len(to_stdout) > 1:
        usage_error(f"only one of {', '.join(to_stdout)} can write to stdout")


def _plans(
    against: Path, ftp: int | None, overrides: dict[str, str], week: int | None, name: str | None
) -> list[Timeline]:
    """The planned workouts: the file's, or a plan's (that week's, or every week's); each
    ride is held against the one closest to its length."""
    from ridec.commands.show import load_timeline
    from ridec.timeline import lower

    if not is_plan(against):
        if week is not None or name is not None:
            usage_error(f"--week and --workout choose inside a plan, and {against} is not one")
        return [load_timeline(against, ftp, overrides)]
    if overrides:
        usage_error("--set applies to .ride sources; a plan sets its own values")
    return [lower(p.workout, ftp) for p in choose(plan_workouts(against)[1], week, name)]


def _write_outputs(
    report: BalanceReport, html: str | None, svg: str | None, png: str | None, inputs: Inputs
) -> bool:
    """Write the page and the trend chart that were asked for; True when one went to
    stdout (and so takes the report's place there)."""
    from ridec.commands.show import write_output
    from ridec.leftright.charts import trend_chart

    outputs: list[tuple[str, bytes]] = []
    if html is not None:
        from ridec.leftright.html import balance_page

        outputs.append((html, balance_page(report).encode("utf-8")))
    if svg is not None:
        from ridec.charts.dots import dot_chart_svg

        outputs.append((svg, dot_chart_svg(trend_chart(report)).encode("utf-8")))
    if png is not None:
        outputs.append((png, _png(report)))
    for where, data in outputs:
        if where == STDOUT:
            stdout_bytes(data)
        else:
            write_output(Path(where), data, inputs)
    return any(where == STDOUT for where, _ in outputs)


def _png(report: BalanceReport) -> bytes:
    from ridec.diagnostics import error
    from ridec.leftright.charts import trend_chart

    try:
        from ridec.charts.png import dot_chart_png  # the only place matplotlib is imported
    except ImportError:
        hint = "install the charts extra: pip install 'ridec[charts]'"
        print_diagnostics([error("--png needs matplotlib, which is not installed", hint=hint)])
        raise typer.Exit(EXIT_INPUT) from None
    return dot_chart_png(trend_chart(report))
