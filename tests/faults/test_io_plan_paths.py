"""A plan names workouts in its own folder or below it: absolute and `../` paths are refused.

Before, a `.plan` could pull in (and a build publish) any file of the machine, and a plan
copied elsewhere changed meaning. The check is on the text, before any file is opened.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.language.plan import expand_plan, load_plan
from tests.faults.bounded import assert_located_failure, run_ridec

WORKOUT = "name: Drills\nlet reps = 2\nrepeat $reps:\n  1m 90%\n  1m 50%\n"


def plan_with(tmp_path: Path, path: str) -> Path:
    plan = tmp_path / "lib" / "p.plan"
    plan.parent.mkdir(parents=True, exist_ok=True)
    plan.write_text(f'weeks: 2\nworkout "{path}":\n  reps: 2, 3\n')
    return plan


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("../outside.ride", "`../outside.ride` is outside the plan's folder"),
        ("sub/../../outside.ride", "`sub/../../outside.ride` is outside the plan's folder"),
        ("/etc/outside.ride", "`/etc/outside.ride` is an absolute path"),
        ("..\\\\outside.ride", "`..\\outside.ride` separates folders with `\\`"),
    ],
)
def test_a_workout_outside_the_plans_folder_is_refused_at_its_name(
    tmp_path: Path, path: str, message: str
) -> None:
    (tmp_path / "outside.ride").write_text(WORKOUT)
    plan = plan_with(tmp_path, path)
    with pytest.raises(DiagnosticError) as caught:
        load_plan(plan)
    (problem,) = caught.value.diagnostics
    assert problem.render().startswith(f"{plan}:2:9: error: {message}")


@pytest.mark.parametrize("path", ["drills.ride", "./drills.ride", "sub/../drills.ride"])
def test_a_workout_in_the_plans_folder_is_read(tmp_path: Path, path: str) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "drills.ride").write_text(WORKOUT)
    planned = expand_plan(load_plan(plan_with(tmp_path, path)))
    assert [(p.week, p.stem) for p in planned] == [(1, "drills"), (2, "drills")]


def test_a_workout_in_a_folder_below_is_read(tmp_path: Path) -> None:
    (tmp_path / "lib" / "sub").mkdir(parents=True)
    (tmp_path / "lib" / "sub" / "drills.ride").write_text(WORKOUT)
    planned = expand_plan(load_plan(plan_with(tmp_path, "sub/drills.ride")))
    assert len(planned) == 2


def test_a_plan_naming_a_fifo_is_refused_at_the_workout_line(tmp_path: Path) -> None:
    # In a child under the hang timeout: reading a FIFO in process would block the suite.
    (tmp_path / "lib").mkdir()
    os.mkfifo(tmp_path / "lib" / "drills.ride")
    plan_with(tmp_path, "drills.ride")
    run = run_ridec(["check", "p.plan"], tmp_path / "lib")
    assert_located_failure(
        run, "p.plan:2:9", "cannot read `drills.ride`: it is a named pipe (FIFO), not a regular"
    )
