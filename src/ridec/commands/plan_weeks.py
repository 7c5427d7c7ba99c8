"""Choosing workouts of a plan on the command line: `--week N` and `--workout NAME`.

`show` and `review` read a `.plan` as its weeks of bound workouts (the same instances
`compile` writes) and narrow them down with these options.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import EXIT_INPUT, print_diagnostics, usage_error

if TYPE_CHECKING:
    from ridec.language.plan import Plan, PlannedWorkout

Week = Annotated[
    int | None,
    typer.Option("--week", min=1, metavar="N", help="With a .plan: the week to take."),
]
WorkoutName = Annotated[
    str | None,
    typer.Option(
        "--workout",
        metavar="NAME",
        help="With a .plan: the workout (its file name without .ride) when a week has several.",
    ),
]


def is_plan(path: Path) -> bool:
    """Whether `path` names a plan."""
    return path.suffix.lower() == ".plan"


def require_plan_for(path: Path, week: int | None, workout: str | None) -> None:
    """`--week` and `--workout` choose inside a plan: with another file they are a mistake."""
    if not is_plan(path) and (week is not None or workout is not None):
        option = "--week" if week is not None else "--workout"
        usage_error(f"{option} chooses a workout of a plan, and {path} is not a .plan")


def plan_workouts(path: Path) -> tuple[Plan, list[PlannedWorkout]]:
    """The plan at `path` and every week's workouts; a problem is printed and exits 1."""
    from ridec.diagnostics import DiagnosticError
    from ridec.language.plan import expand_plan, load_plan

    try:
        plan = load_plan(path)
        return plan, expand_plan(plan)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics)
        raise typer.Exit(EXIT_INPUT) from None


def choose(
    planned: list[PlannedWorkout], week: int | None, workout: str | None
) -> list[PlannedWorkout]:
    """The planned workouts of `week` (all weeks when None) named `workout` (all when None);
    a week or name the plan does not have is a usage error naming what it has."""
    from ridec.diagnostics import did_you_mean

    weeks = max((p.week for p in planned), default=0)
    if week is not None and week > weeks:
        usage_error(f"--week {week}: the plan has {weeks} week{'s' if weeks != 1 else ''}")
    chosen = [p for p in planned if week is None or p.week == week]
    if workout is not None:
        names = list(dict.fromkeys(p.stem for p in planned))
        if workout.removesuffix(".ride") not in names:
            hint = did_you_mean(workout, names) or f"the plan's workouts: {', '.join(names)}"
            usage_error(f"--workout {workout}: the plan has no such workout ({hint})")
        chosen = [p for p in chosen if p.stem == workout.removesuffix(".ride")]
    return chosen


def one(chosen: list[PlannedWorkout], why: str) -> PlannedWorkout:
    """The single planned workout `why` needs; more than one is a usage error."""
    if len(chosen) == 1:
        return chosen[0]
    names = ", ".join(dict.fromkeys(p.stem for p in chosen))
    usage_error(f"{why} needs one workout: add --week N and --workout NAME ({names})")
