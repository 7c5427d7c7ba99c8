"""A review as rich tables, as JSON, and as the ridden-power line for the chart."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ridec.charts.profile import ChartUnit, chart_unit, clock
from ridec.escapes import escape_controls
from ridec.formats.fit.activity import NO_POWER
from ridec.review.activity import Activity
from ridec.review.report import BalanceFigure, Review, StepReview
from ridec.stats import cadence_text
from ridec.timeline import PowerLevels, Timeline

NO_DATA = "no data"
"""What a cell says when the ride never recorded the quantity."""
SMOOTHING_S = 15
"""The ridden line on the chart is a centred mean over this many seconds, for legibility."""

Line = list[tuple[float, float]]
"""(plan second, level) points of one gap-free stretch of the ridden line."""


STEP_COLUMNS = (
    "time",
    "target",
    "avg W",
    "in band",
    "cadence",
    "avg rpm",
    "in cad.",
    "L/R balance",
    "recorded",
)
"""The per-step table's figure columns, after the step number and name."""


def review_tables(result: Review) -> Group:
    """The per-step table, the whole-ride balance table and the notes, ready to print."""
    return Group(
        _steps_table(result), _summary_table(result), Text(summary_line(result)), *_notes(result)
    )


def _steps_table(result: Review) -> Table:
    table = Table(
        title=Text(escape_controls(f"{result.workout} <- {result.ride}", keep_lines=False)),
        caption=(
            f"FTP {result.ftp} W; power band +/- {result.band_pct:g} % FTP; single cadence "
            f"values +/- {result.cadence_band_rpm} rpm; % of recorded seconds"
        ),
    )
    table.add_column("#", justify="right")
    table.add_column("step")
    for name in STEP_COLUMNS:
        table.add_column(name, justify="right")
    for row in result.steps:
        # Text cells: a label such as "[standing]" must not be read as rich markup.
        # Control characters from the files are shown escaped, never sent to the terminal.
        table.add_row(*(Text(escape_controls(cell)) for cell in _step_cells(result, row)))
    return table


def _step_cells(result: Review, row: StepReview) -> list[str]:
    step = row.step
    name = step.label or step.intensity.value
    flags = [f.value for f in step.flags if f.value != "seated"]
    if flags:
        name += f" [{', '.join(flags)}]"
    time = clock(row.window.seconds) if step.duration_s is not None or row.window.seconds else "lap"
    power = _has(result.has_power, row.power_s, row)
    cadence = _has(result.has_cadence, row.cadence_s, row)
    return [
        str(step.index + 1),
        name,
        time,
        _target(row),
        _value(row.average_power, power, "{:.0f}"),
        _percent(row.in_band_pct, power, row.target_w is not None),
        cadence_text(step.cadence).removesuffix(" rpm") if step.cadence else "-",
        _value(row.average_cadence, cadence, "{:.0f}"),
        _percent(row.in_cadence_pct, cadence, step.cadence is not None),
        row.balance.text() if result.has_balance else NO_DATA,
        _coverage(row.recorded_s, row.window.seconds),
    ]


def _target(row: StepReview) -> str:
    levels = row.target_w
    if levels is None:
        return row.step.target.kind.value
    if levels.start != levels.end:
        return f"{levels.start:.0f}->{levels.end:.0f} W"
    if levels.low != levels.high:
        return f"{levels.low:.0f}-{levels.high:.0f} W"
    return f"{levels.start:.0f} W"


def _has(in_ride: bool, seconds: int, row: StepReview) -> bool:
    """Whether a step's figure has data: the ride recorded it, and this step's seconds hold
    it (a step with no seconds on the ride's clock, a lap step at 0 s, shows '-')."""
    return in_ride and (seconds > 0 or row.window.seconds == 0)


def _value(value: float | None, recorded: bool, fmt: str) -> str:
    if not recorded:
        return NO_DATA
    return "-" if value is None else fmt.format(value)


def _percent(value: float | None, recorded: bool, has_target: bool) -> str:
    if not has_target:
        return "-"
    if not recorded:
        return NO_DATA
    return "-" if value is None else f"{value:.0f} %"


def _coverage(recorded: int, planned: int) -> str:
    if planned == 0:
        return "-"
    return f"{100.0 * recorded / planned:.0f} %"


def _summary_table(result: Review) -> Table:
    summary = result.summary
    table = Table(title="Left/right balance by technique", show_header=True)
    table.add_column("steps")
    table.add_column("seconds", justify="right")
    table.add_column("L/R balance", justify="right")
    rows = [("all", summary.balance), *summary.balance_groups]
    for name, figure in rows:
        # The seconds the shown figure rests on (named sides first, as `text` shows them).
        seconds = figure.side_s if figure.right_pct is not None else figure.unnamed_s
        text = figure.text() if result.has_balance else NO_DATA
        table.add_row(name, str(seconds), text)
    return table


def summary_line(result: Review) -> str:
    """The whole ride in one sentence: coverage, average power, time in the bands."""
    summary = result.summary
    recorded = f"{summary.recorded_s} of {summary.planned_s} s recorded"
    average = _value(summary.average_power, result.has_power, "{:.0f} W")
    in_band = _percent(summary.in_band_pct, result.has_power, True)
    in_cad = _percent(summary.in_cadence_pct, result.has_cadence, True)
    return (
        f"Whole ride: {recorded}; average {average}; in power band {in_band}; in cadence {in_cad}."
    )


def _notes(result: Review) -> list[Text]:
    notes = list(result.notes)
    notes.append(
        "Balance: power-weighted share of each pedal over pedalled seconds (power > 0); "
        "'side unknown' is a share the pedals sent without saying which pedal."
    )
    return [Text(escape_controls(note), style="dim") for note in notes]


def review_json(result: Review) -> dict[str, object]:
    """The review as JSON-ready data (names as in the dataclasses)."""
    summary = result.summary
    return {
        "workout": result.workout,
        "ride": result.ride,
        "ftp": result.ftp,
        "band_pct": result.band_pct,
        "cadence_band_rpm": result.cadence_band_rpm,
        "alignment": {"mode": result.alignment.mode.value, "note": result.alignment.note},
        "recorded": {
            "power": result.has_power,
            "cadence": result.has_cadence,
            "balance": result.has_balance,
        },
        "paused_s": result.paused_s,
        "steps": [_step_json(row) for row in result.steps],
        "summary": {
            "planned_s": summary.planned_s,
            "recorded_s": summary.recorded_s,
            "outside_s": summary.outside_s,
            "average_power": _round(summary.average_power),
            "in_band_pct": _round(summary.in_band_pct),
            "in_cadence_pct": _round(summary.in_cadence_pct),
            "balance": summary.balance.to_json(),
            "balance_groups": {name: f.to_json() for name, f in summary.balance_groups},
        },
    }


def _step_json(row: StepReview) -> dict[str, object]:
    step = row.step
    cadence = None if step.cadence is None else {"low": step.cadence.low, "high": step.cadence.high}
    return {
        "index": step.index,
        "label": step.label,
        "intensity": step.intensity.value,
        "flags": [f.value for f in step.flags],
        "start_s": row.window.start_s,
        "end_s": row.window.end_s,
        "recorded_s": row.recorded_s,
        "target_w": _levels_json(row.target_w),
        "power_s": row.power_s,
        "average_power": _round(row.average_power),
        "in_band_pct": _round(row.in_band_pct),
        "cadence": cadence,
        "cadence_s": row.cadence_s,
        "average_cadence": _round(row.average_cadence),
        "in_cadence_pct": _round(row.in_cadence_pct),
        "balance": _balance_json(row.balance),
    }


def _levels_json(levels: PowerLevels | None) -> dict[str, float] | None:
    if levels is None:
        return None
    return {
        "start": round(levels.start, 1),
        "end": round(levels.end, 1),
        "low": round(levels.low, 1),
        "high": round(levels.high, 1),
    }


def _balance_json(figure: BalanceFigure) -> dict[str, object]:
    return figure.to_json()


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def ridden_series(
    timeline: Timeline, activity: Activity, result: Review
) -> list[list[tuple[float, float]]]:
    """The ridden power on the plan's time axis, in the chart's unit, one run per gap-free stretch.

    Each step's records are placed at the step's planned start plus their offset into the
    step's window (so lap alignment lines every step up with the plan), and smoothed with a
    centred mean of `SMOOTHING_S` seconds within the stretch.
    """
    unit = chart_unit(timeline)
    scale = 100.0 / result.ftp if unit is ChartUnit.PERCENT else 1.0
    runs: list[Line] = []
    for row in result.steps:
        length = min(row.window.seconds, row.step.duration_s or 0)
        start = row.window.start_s
        stretch: list[tuple[float, int]] = []
        expected = start
        for index in activity.index_range(start, start + length):
            second, power = activity.seconds[index], activity.power[index]
            if second != expected or power == NO_POWER:
                runs.extend(_smoothed(stretch, scale))  # a gap, or a second without power
                stretch = []
            if power != NO_POWER:
                stretch.append((row.step.start_s + second - start + 0.5, power))
            expected = second + 1
        runs.extend(_smoothed(stretch, scale))
    return runs


def _smoothed(
    stretch: Sequence[tuple[float, int]], scale: float
) -> list[list[tuple[float, float]]]:
    """The stretch as one line of centred means (no line for an empty stretch)."""
    if not stretch:
        return []
    half = SMOOTHING_S // 2
    powers = [p for _, p in stretch]
    line: Line = []
    for k, (t, _) in enumerate(stretch):
        around = powers[max(0, k - half) : k + half + 1]
        line.append((t, scale * sum(around) / len(around)))
    return [line]
