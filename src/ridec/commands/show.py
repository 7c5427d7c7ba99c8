"""`ridec show`: a workout's stats, what each output format loses, and a chart of its power."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    STDOUT,
    From,
    Ftp,
    RidecCommand,
    Sets,
    input_format,
    is_stdin,
    json_text,
    load_input,
    parse_sets,
    print_diagnostics,
    stdout_bytes,
    usage_error,
)
from ridec.commands.plan_weeks import (
    Week,
    WorkoutName,
    choose,
    is_plan,
    one,
    plan_workouts,
    require_plan_for,
)
from ridec.records import record

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from ridec.api import Compiled
    from ridec.charts.profile import ColourBy
    from ridec.charts.svg import Series
    from ridec.diagnostics import DiagnosticError
    from ridec.fileio import Inputs
    from ridec.stats import WorkoutStats
    from ridec.timeline import Timeline

DEFAULT_WIDTH = 88
"""Characters of the printed chart and tables when the terminal is wider or unknown."""
ZONE_RANGES = ("0-55", "56-75", "76-90", "91-105", "106-120", "121-150", ">150")
"""The Coggan zones' bounds in % FTP, as printed (see ridec.stats.ZONE_TOPS)."""


class Colours(StrEnum):
    """`--colour-by`: what the chart's colours say (mirrors charts.profile.ColourBy)."""

    intensity = "intensity"
    zone = "zone"


Source = Annotated[
    Path,
    typer.Argument(
        help="A workout (.ride, .zwo, .erg, .mrc, .fit, .icu), a plan (.plan), or - with --from.",
        show_default=False,
        metavar="FILE",
    ),
]
SvgOut = Annotated[
    str | None,
    typer.Option("--svg", metavar="FILE", help="Write the chart as SVG here (- for stdout)."),
]
PngOut = Annotated[
    str | None,
    typer.Option("--png", metavar="FILE", help="Write the chart as PNG here (- for stdout)."),
]
Json = Annotated[bool, typer.Option("--json", help="Print the figures as JSON instead.")]
Width = Annotated[
    int | None,
    typer.Option("--width", min=40, max=400, metavar="N", help="Chart width in characters."),
]
ColourOption = Annotated[
    Colours,
    typer.Option(
        "--colour-by", metavar="intensity|zone", help="Colour the steps by intensity or by zone."
    ),
]
EXAMPLE = "Example: ridec show workouts/back-pain-protocol.plan --week 3"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("show", cls=RidecCommand, epilog=EXAMPLE)(show_command)


def show_command(
    source: Source,
    ftp: Ftp = None,
    sets: Sets = None,
    svg: SvgOut = None,
    png: PngOut = None,
    as_json: Json = False,
    width: Width = None,
    colour_by: ColourOption = Colours.intensity,
    week: Week = None,
    workout: WorkoutName = None,
    from_: From = None,
) -> None:
    """Print a workout's stats, per-format losses and power chart; write the chart to files.

    A plan shows every week: each workout's figures and chart, and the week's load over all
    its sessions. --week narrows it to one week; with one workout left (--workout NAME),
    that workout is shown in full, and --svg/--png chart it. `--svg -` or `--png -` writes
    that chart to stdout in place of the report.
    """
    from ridec.charts.profile import ColourBy
    from ridec.fileio import Inputs

    fmt = input_format(from_, [source])
    if fmt is None:
        require_plan_for(source, week, workout)
    check_chart_outputs(svg, png, as_json)
    colours = ColourBy(colour_by.value)
    inputs = Inputs([] if is_stdin(source) else [source])
    output = Output(Charts(svg, png, inputs), as_json, width, colours)
    if fmt is None and is_plan(source):
        if sets:
            usage_error("--set applies to .ride sources; a plan sets its own values")
        _show_plan(source, ftp, week, workout, output)
        return
    timeline = load_timeline(source, ftp, parse_sets(sets), fmt)
    show_timeline(timeline, output)


@record
class Output:
    """Where and how `show` writes what it found."""

    charts: Charts
    as_json: bool
    width: int | None
    colour_by: ColourBy


def _show_plan(
    path: Path, ftp: int | None, week: int | None, name: str | None, output: Output
) -> None:
    """The chosen weeks of a plan, or one of its workouts in full."""
    from ridec.commands.show_plan import plan_json, plan_report, sessions
    from ridec.timeline import lower

    plan, planned = plan_workouts(path)
    chosen = choose(planned, week, name)
    if (week is not None and len(chosen) == 1) or name is not None or output.charts.wanted:
        single = one(chosen, "showing one workout in full (or charting it)")
        show_timeline(lower(single.workout, ftp), output)
        return
    found = sessions(chosen, ftp)
    if output.as_json:
        typer.echo(json_text(plan_json(plan, found)))
        return
    console = make_console(output.width)
    for part in plan_report(plan, found, console.width, output.colour_by):
        console.print(part)


def show_timeline(timeline: Timeline, output: Output) -> None:
    """A workout's stats, losses and chart (or its JSON), and the chart files asked for."""
    from ridec.stats import workout_stats

    colours = output.colour_by
    as_json, width = output.as_json, output.width
    if write_charts(timeline, output.charts, colours):
        return
    stats = workout_stats(timeline)
    compiled, failures = compile_all(timeline)
    if as_json:
        typer.echo(json_text(show_json(timeline, stats, compiled, failures)))
        return
    console = make_console(width)
    for part in _report(timeline, stats, compiled, failures, console.width, colours):
        console.print(part)


def load_timeline(
    source: Path, ftp: int | None, overrides: dict[str, str], fmt: str | None = None
) -> Timeline:
    """Load, bind and lower a workout (read as `fmt` when given; `-` is standard input);
    a problem is printed and exits 1."""
    from ridec.diagnostics import DiagnosticError
    from ridec.timeline import lower

    try:
        return lower(load_input(source, fmt, overrides).workout, ftp)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        raise typer.Exit(EXIT_INPUT) from None


def make_console(width: int | None) -> Console:
    """A stdout console `width` wide, or as wide as the terminal up to DEFAULT_WIDTH."""
    from rich.console import Console

    return Console(highlight=False, width=width or min(Console().width, DEFAULT_WIDTH))


@record
class Charts:
    """Where the charts go: a file, `-` for stdout, or None for no chart."""

    svg: str | None
    png: str | None
    inputs: Inputs
    """The files the command read: a chart never replaces one."""

    @property
    def wanted(self) -> bool:
        """Whether any chart was asked for."""
        return self.svg is not None or self.png is not None


def check_chart_outputs(svg: str | None, png: str | None, as_json: bool) -> None:
    """Only one thing can go to stdout: a usage error (exit 2) otherwise. `--png` needs the
    optional matplotlib: without it, one line naming the extra, exit 1, before any work."""
    import importlib.util

    to_stdout = [name for name, where in (("--svg", svg), ("--png", png)) if where == STDOUT]
    if len(to_stdout) > 1 or (to_stdout and as_json):
        usage_error(f"only one of {', '.join([*to_stdout, '--json'][:2])} can write to stdout")
    if png is None:
        return
    try:
        present = importlib.util.find_spec("matplotlib") is not None  # found, not imported
    except (ImportError, ValueError):
        present = False
    if not present:
        _no_png()


PNG_EXTRA = "pip install 'ridec[charts]'"
"""How to get what `--png` draws with."""


def _no_png() -> NoReturn:
    typer.echo(f"ridec: error: --png draws with matplotlib, not installed: {PNG_EXTRA}", err=True)
    raise typer.Exit(EXIT_INPUT)


def write_output(path: Path, data: bytes, inputs: Inputs | None = None) -> None:
    """Write a chart file atomically; a failure (or an input in the way) is an error, exit 1."""
    from ridec.diagnostics import DiagnosticError
    from ridec.fileio import write_output as write_file

    try:
        write_file(path, data, inputs)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        raise typer.Exit(EXIT_INPUT) from None


def write_charts(
    timeline: Timeline, charts: Charts, colour_by: ColourBy, ridden: Series | None = None
) -> bool:
    """Write the SVG and PNG charts that were asked for (with the ridden line in a review);
    True when one went to stdout (and so takes the report's place there)."""
    outputs: list[tuple[str, bytes]] = []
    if charts.svg is not None:
        from ridec.charts.svg import workout_chart

        text = workout_chart(timeline, colour_by=colour_by, ridden=ridden)
        outputs.append((charts.svg, text.encode("utf-8")))
    if charts.png is not None:
        try:
            from ridec.charts.png import workout_png  # the only place matplotlib is imported
        except ImportError:  # found but broken: said as if it were missing
            _no_png()
        outputs.append((charts.png, workout_png(timeline, colour_by=colour_by, ridden=ridden)))
    for where, data in outputs:
        if where == STDOUT:
            stdout_bytes(data)
        else:
            write_output(Path(where), data, charts.inputs)
    return any(where == STDOUT for where, _ in outputs)


def compile_all(timeline: Timeline) -> tuple[list[Compiled], dict[str, str]]:
    """Compile to every registered format: the results, and why any format could not."""
    from ridec.api import FORMATS, compile
    from ridec.diagnostics import DiagnosticError
    from ridec.formats.base import CompileOptions

    options = CompileOptions(ftp=timeline.ftp)
    compiled: list[Compiled] = []
    failures: dict[str, str] = {}
    for name in FORMATS:
        try:
            compiled.extend(compile(timeline, [name], options))
        except DiagnosticError as exc:
            failures[name] = _why(exc)
    return compiled, failures


def _why(exc: DiagnosticError) -> str:
    """Why a format has no file: not written (nothing to play) or cannot compile (an error)."""
    from ridec.pipeline import TargetSkippedError

    if isinstance(exc, TargetSkippedError):
        return f"not written: {exc.reason}"
    return f"cannot compile: {exc.diagnostics[0].message}"


def show_json(
    timeline: Timeline, stats: WorkoutStats, compiled: list[Compiled], failures: dict[str, str]
) -> dict[str, object]:
    """Everything `show` prints, as JSON-ready data."""
    targets: dict[str, object] = {}
    for result in compiled:
        targets[result.format] = {
            "exact": len(result.fidelity.entries) - len(result.fidelity.losses()),
            "losses": [
                {"kind": e.kind.value, "feature": e.feature, "became": e.became}
                for e in result.fidelity.losses()
            ],
        }
    for name, reason in failures.items():
        targets[name] = {"error": reason}
    return {
        "workout": timeline.workout.header.name,
        "steps": len(timeline.steps),
        "stats": stats.to_json(),
        "targets": targets,
    }


def _report(
    timeline: Timeline,
    stats: WorkoutStats,
    compiled: list[Compiled],
    failures: dict[str, str],
    width: int,
    colour_by: ColourBy,
) -> list[RenderableType]:
    from ridec.charts.terminal import terminal_chart

    parts: list[RenderableType] = [stats_table(timeline, stats)]
    if stats.zone_s is not None and stats.targeted_s:
        parts.append(zones_table(stats))
    parts.append(losses_table(compiled, failures))
    if timeline.steps:
        parts.append(terminal_chart(timeline, width=width, colour_by=colour_by))
    else:
        parts.append(_text("Nothing to ride: the workout is only its activation routine."))
    return parts


def stats_table(timeline: Timeline, stats: WorkoutStats) -> Table:
    """Duration, power figures, IF, TSS, work, technique and cadence times."""
    from rich.table import Table

    from ridec.charts.profile import clock

    table = Table(
        title=_text(timeline.workout.header.name, one_line=True),
        show_header=False,
        title_justify="left",
    )
    table.add_column("figure", style="bold")
    table.add_column("value")
    duration = clock(stats.duration_s)
    if stats.lap_steps:
        duration += f" + {stats.lap_steps} lap-button step(s), not timed"
    table.add_row("Duration", duration)
    if stats.untargeted_s:
        table.add_row("Without target", f"{clock(stats.untargeted_s)} (free ride, max effort)")
    table.add_row("FTP", f"{stats.ftp} W" if stats.ftp else "not set (use --ftp)")
    table.add_row("Average power", _power(stats.average_percent, stats.average_watts))
    table.add_row("Normalized power", _power(stats.normalized_percent, stats.normalized_watts))
    table.add_row("Intensity factor", _number(stats.intensity_factor, "{:.2f}"))
    table.add_row("TSS", _number(stats.tss, "{:.1f}"))
    table.add_row("Work", _number(stats.work_kj, "{:.0f} kJ"))
    technique = [
        f"{name} {clock(seconds)}"
        for name, seconds in (
            ("standing", stats.standing_s),
            ("upstroke", stats.upstroke_s),
            ("downstroke", stats.downstroke_s),
        )
        if seconds
    ]
    table.add_row("Technique", ", ".join(technique) or "-")
    cadence = [f"{c.text} {clock(c.seconds)}" for c in stats.cadence_s]
    if cadence and stats.no_cadence_s:
        cadence.append(f"none {clock(stats.no_cadence_s)}")
    table.add_row("Cadence", ", ".join(cadence) or "-")
    return table


def _text(value: str, *, one_line: bool = False) -> Text:
    """User text as a rich Text, so brackets in it are never read as markup, with control
    characters escaped so a name cannot drive the terminal (line feeds too, `one_line`)."""
    from rich.text import Text

    from ridec.escapes import escape_controls

    return Text(escape_controls(value, keep_lines=not one_line))


def _power(percent: float | None, watts: float | None) -> str:
    parts = []
    if percent is not None:
        parts.append(f"{percent:.0f} % FTP")
    if watts is not None:
        parts.append(f"{watts:.0f} W")
    return " / ".join(parts) or "- (targets in % and W without an FTP)"


def _number(value: float | None, fmt: str) -> str:
    return "- (needs an FTP)" if value is None else fmt.format(value)


def zones_table(stats: WorkoutStats) -> Table:
    """Time in each Coggan zone, one column per zone."""
    from rich.table import Table

    from ridec.charts.profile import clock

    assert stats.zone_s is not None
    table = Table(title="Time in zones", title_justify="left")
    table.add_column("")
    for number in range(1, len(ZONE_RANGES) + 1):
        table.add_column(f"z{number}", justify="right")
    table.add_row("% FTP", *ZONE_RANGES, style="dim")
    table.add_row("time", *(clock(s) if s else "-" for s in stats.zone_s))
    return table


def losses_table(compiled: list[Compiled], failures: dict[str, str]) -> Table:
    """What each output format keeps, degrades and drops."""
    from rich.table import Table

    table = Table(title="Per-format fidelity", title_justify="left")
    table.add_column("format")
    table.add_column("exact", justify="right")
    table.add_column("losses")
    for result in compiled:
        losses = result.fidelity.losses()
        exact = str(len(result.fidelity.entries) - len(losses))
        details = sorted({_loss(e.feature, e.became) for e in losses})
        table.add_row(result.format, exact, _text("\n".join(details) or "none"))
    for name, reason in failures.items():
        table.add_row(name, "-", _text(reason))
    return table


def _loss(feature: str, became: str | None) -> str:
    return f"{feature} -> {became}" if became else f"{feature}: dropped"
