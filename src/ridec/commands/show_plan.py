"""`ridec show PLAN`: the plan's weeks, each workout's figures and chart, and each week's load.

A week's load counts every session: a workout done three times a week adds three times its
duration, work and TSS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import JustifyMethod, RenderableType
    from rich.table import Table

    from ridec.charts.profile import ColourBy
    from ridec.language.plan import Plan, PlannedWorkout
    from ridec.stats import WorkoutStats
    from ridec.timeline import Timeline

CHART_ROWS = 5
"""Rows of bars in each workout's chart: short, as a plan shows many."""


@dataclass(frozen=True, slots=True)
class Session:
    """One workout of one week, lowered, with its figures."""

    planned: PlannedWorkout
    """The workout as the plan binds it that week."""
    timeline: Timeline
    """Lowered at the FTP in force."""
    stats: WorkoutStats
    """Its figures (one session)."""


def sessions(chosen: list[PlannedWorkout], ftp: int | None) -> list[Session]:
    """Each chosen workout lowered (at `ftp` when given) with its figures."""
    from ridec.stats import workout_stats
    from ridec.timeline import lower

    found = []
    for planned in chosen:
        timeline = lower(planned.workout, ftp)
        found.append(Session(planned, timeline, workout_stats(timeline)))
    return found


def by_week(found: list[Session]) -> dict[int, list[Session]]:
    """Sessions grouped by week, in order."""
    weeks: dict[int, list[Session]] = {}
    for session in found:
        weeks.setdefault(session.planned.week, []).append(session)
    return weeks


def plan_report(
    plan: Plan, found: list[Session], width: int, colour_by: ColourBy
) -> list[RenderableType]:
    """A heading, then per week: the table of its workouts and their charts."""
    from rich.text import Text

    from ridec.charts.terminal import terminal_chart
    from ridec.escapes import escape_controls

    header = plan.header
    per_week = sum(entry.per_week for entry in plan.entries)
    heading = f"{header.name}: {header.weeks} weeks, {len(plan.entries)} workouts"
    heading = escape_controls(f"{heading}, {per_week} sessions a week", keep_lines=False)
    parts: list[RenderableType] = [Text(heading, style="bold")]
    for week, week_sessions in by_week(found).items():
        parts.append(week_table(week, week_sessions))
        for session in week_sessions:
            parts.append(Text(escape_controls(_caption(session), keep_lines=False), style="bold"))
            if session.timeline.steps:
                chart = terminal_chart(session.timeline, width, CHART_ROWS, colour_by)
                parts.append(chart)
            else:
                parts.append(Text("  the activation routine alone: nothing to ride"))
    return parts


def week_table(week: int, week_sessions: list[Session]) -> Table:
    """One row per workout of the week, then the week's load over every session."""
    from rich.table import Table
    from rich.text import Text

    from ridec.charts.profile import clock
    from ridec.escapes import escape_controls

    def line(text: str) -> Text:
        return Text(escape_controls(text, keep_lines=False))

    table = Table(title=f"Week {week}", title_justify="left")
    for column, justify in _COLUMNS:
        table.add_column(column, justify=justify)
    for session in week_sessions:
        stats, planned = session.stats, session.planned
        table.add_row(
            line(planned.workout.header.name),
            f"{planned.sessions}x",
            clock(stats.duration_s),
            _figure(stats.intensity_factor, "{:.2f}"),
            _figure(stats.tss, "{:.0f}"),
            _figure(stats.work_kj, "{:.0f} kJ"),
            line(", ".join(f"{name} = {value}" for name, value in planned.values) or "-"),
        )
    total = week_load(week_sessions)
    table.add_row(
        "week",
        f"{total.sessions}x",
        clock(total.seconds),
        "",
        _figure(total.tss, "{:.0f}"),
        _figure(total.work_kj, "{:.0f} kJ"),
        "",
        style="bold",
    )
    return table


_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("workout", "left"),
    ("sessions", "right"),
    ("time", "right"),
    ("IF", "right"),
    ("TSS", "right"),
    ("work", "right"),
    ("values", "left"),
)


@dataclass(frozen=True, slots=True)
class Load:
    """A week's training load over every session."""

    sessions: int
    """Sessions in the week."""
    seconds: int
    """Riding time."""
    tss: float | None
    """Training stress; None when a workout's TSS is unknown (no FTP)."""
    work_kj: float | None
    """Mechanical work; None when a workout's is unknown."""


def week_load(week_sessions: list[Session]) -> Load:
    """The week's load: each workout's figures times its sessions."""
    tss = [s.stats.tss for s in week_sessions]
    work = [s.stats.work_kj for s in week_sessions]
    counts = [s.planned.sessions for s in week_sessions]
    return Load(
        sessions=sum(counts),
        seconds=sum(s.stats.duration_s * n for s, n in zip(week_sessions, counts, strict=True)),
        tss=None if None in tss else sum((t or 0.0) * n for t, n in zip(tss, counts, strict=True)),
        work_kj=(
            None if None in work else sum((w or 0.0) * n for w, n in zip(work, counts, strict=True))
        ),
    )


def plan_json(plan: Plan, found: list[Session]) -> dict[str, object]:
    """What `show PLAN` prints, as JSON-ready data."""
    weeks = []
    for week, week_sessions in by_week(found).items():
        load = week_load(week_sessions)
        weeks.append(
            {
                "week": week,
                "workouts": [
                    {
                        "workout": s.planned.stem,
                        "name": s.planned.workout.header.name,
                        "sessions": s.planned.sessions,
                        "values": dict(s.planned.values),
                        "stats": s.stats.to_json(),
                    }
                    for s in week_sessions
                ],
                "load": {
                    "sessions": load.sessions,
                    "duration_s": load.seconds,
                    "tss": load.tss,
                    "work_kj": load.work_kj,
                },
            }
        )
    return {"plan": plan.header.name, "weeks_total": plan.header.weeks, "weeks": weeks}


def _caption(session: Session) -> str:
    from ridec.charts.profile import clock

    planned = session.planned
    return f"{planned.workout.header.name}: {clock(session.stats.duration_s)}, {planned.sessions}x"


def _figure(value: float | None, fmt: str) -> str:
    return "-" if value is None else fmt.format(value)
