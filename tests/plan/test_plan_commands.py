"""Every command that reads a workout takes a plan: fmt, show, validate and review."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ridec.cli import app
from ridec.language.plan import expand_plan, load_plan
from ridec.language.plan_format import format_plan
from ridec.stats import workout_stats
from ridec.timeline import lower
from tests.paths import WORKOUTS
from tests.review.review_rides import SYNTHETIC_PLAN, synthetic_ride

PLAN = WORKOUTS / "back-pain-protocol.plan"
runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


# --- fmt ----------------------------------------------------------------------------------

MESSY = """\
# A plan written by hand
NAME: Threshold block   # the name
Weeks:3
description: Three weeks.
  Then rest.

workout "a.ride"  1 per week  # once

# the main one
workout "b.ride" 2 per week :
  $reps : 3 ,4,5
  on:2m->3m
  power: 45%->70% -> 50%->75%
# the end
"""

CANONICAL = """\
# A plan written by hand
name: Threshold block  # the name
description: Three weeks.
  Then rest.
weeks: 3

workout "a.ride"  # once

# the main one
workout "b.ride" 2 per week:
  reps: 3, 4, 5
  on: 2m -> 3m
  power: 45%->70% -> 50%->75%
# the end
"""


def test_fmt_writes_a_plan_in_its_canonical_layout_keeping_comments(tmp_path: Path) -> None:
    path = tmp_path / "block.plan"
    path.write_text(MESSY, encoding="utf-8")
    check = run("fmt", "--check", path)
    assert check.exit_code == 1 and f"would reformat {path}" in check.stderr
    assert run("fmt", path).exit_code == 0
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert format_plan(CANONICAL, "block.plan") == CANONICAL


def test_the_shipped_plan_is_canonical() -> None:
    result = run("fmt", "--check", PLAN)
    assert (result.exit_code, result.stderr) == (0, "")


def test_fmt_refuses_files_it_cannot_format(tmp_path: Path) -> None:
    path = tmp_path / "w.zwo"
    path.write_text("<workout_file/>", encoding="utf-8")
    result = run("fmt", path)
    assert result.exit_code == 1
    assert f"{path}: fmt formats .ride and .plan files" in result.stderr


# --- show ---------------------------------------------------------------------------------


def test_show_prints_every_week_with_each_workout_and_the_weeks_load() -> None:
    result = run("show", PLAN, "--width", "100")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Back-pain protocol: 6 weeks, 2 workouts, 5 sessions a week")
    for week in range(1, 7):
        assert f"Week {week}" in out
        assert f"W{week} Standing technique:" in out  # each workout's chart caption
    assert out.count("power in % FTP") == 12  # a chart per workout and week


def test_show_json_gives_the_weeks_load_over_every_session() -> None:
    result = run("show", PLAN, "--json", "--week", "4")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    (week,) = doc["weeks"]
    assert week["week"] == 4
    assert [w["workout"] for w in week["workouts"]] == ["isolated-stroke", "standing"]
    planned = [p for p in expand_plan(load_plan(PLAN)) if p.week == 4]
    expected = sum((workout_stats(lower(p.workout)).tss or 0.0) * p.sessions for p in planned)
    assert week["load"]["tss"] == pytest.approx(expected)
    assert week["load"]["sessions"] == 5


def test_show_week_and_workout_shows_that_workout_in_full(tmp_path: Path) -> None:
    svg = tmp_path / "w3.svg"
    result = run("show", PLAN, "--week", "3", "--workout", "standing", "--svg", svg)
    assert result.exit_code == 0, result.stderr
    assert "W3 Standing technique" in result.stdout
    assert "40:00" in result.stdout  # 4 x 2m30s standing in week 3
    assert svg.read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "9"], "--week 9: the plan has 6 weeks"),
        (["--workout", "standng"], "did you mean 'standing'?"),
        (["--svg", "x.svg"], "needs one workout: add --week N and --workout NAME"),
    ],
)
def test_show_plan_choices_that_do_not_exist_are_usage_errors(
    args: list[str], message: str
) -> None:
    result = run("show", PLAN, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_week_with_a_workout_file_is_a_usage_error() -> None:
    result = run("show", WORKOUTS / "standing.ride", "--week", "2")
    assert result.exit_code == 2
    assert "--week chooses a workout of a plan" in result.stderr


# --- validate -----------------------------------------------------------------------------


def test_validate_checks_the_plan_and_every_week_of_its_workouts(tmp_path: Path) -> None:
    assert run("validate", PLAN).stdout == f"{PLAN}: ok\n"
    shutil.copy(WORKOUTS / "standing.ride", tmp_path)
    bad = tmp_path / "short.plan"
    bad.write_text('weeks: 3\nworkout "standing.ride":\n  on: 2m, 2m, 10s\n', encoding="utf-8")
    result = run("validate", bad)
    assert result.exit_code == 1
    assert "error: the cue at 40s falls outside its step" in result.stderr
    assert f"note: in week 3 of {bad} (on = 10s)" in result.stderr


# --- review -------------------------------------------------------------------------------


@pytest.fixture
def ridden(tmp_path: Path) -> Path:
    """A two-week plan around the synthetic ride's workout: week 1 is what was ridden."""
    (tmp_path / "ride.fit").write_bytes(synthetic_ride())
    workout = SYNTHETIC_PLAN.replace("ftp: 200\n", "ftp: 200\nlet on = 2m\n")
    workout = workout.replace("interval 2m", "interval $on")
    (tmp_path / "synthetic.ride").write_text(workout, encoding="utf-8")
    (tmp_path / "as-ridden.ride").write_text(SYNTHETIC_PLAN, encoding="utf-8")
    (tmp_path / "long.ride").write_text("name: Long\nftp: 200\n2h 60%\n", encoding="utf-8")
    (tmp_path / "block.plan").write_text(
        'weeks: 2\nworkout "synthetic.ride":\n  on: 2m, 3m\nworkout "long.ride"\n',
        encoding="utf-8",
    )
    return tmp_path


def test_review_against_a_plan_week_is_the_review_against_that_weeks_workout(
    ridden: Path,
) -> None:
    ride = ridden / "ride.fit"
    direct = run("review", ride, "--against", ridden / "as-ridden.ride", "--json")
    planned = run(
        "review",
        ride,
        "--against",
        ridden / "block.plan",
        "--week",
        "1",
        "--workout",
        "synthetic",
        "--json",
    )
    assert planned.exit_code == 0, planned.stderr
    mine, theirs = json.loads(planned.stdout), json.loads(direct.stdout)
    assert mine["steps"] == theirs["steps"]


def test_review_picks_the_weeks_workout_closest_to_the_ride_and_says_so(ridden: Path) -> None:
    result = run("review", ridden / "ride.fit", "--against", ridden / "block.plan", "--week", "1")
    assert result.exit_code == 0, result.stderr
    assert "reviewing against 'W1 Synthetic', the closest to the ride's length" in result.stderr


def test_review_against_a_plan_needs_the_week(ridden: Path) -> None:
    result = run("review", ridden / "ride.fit", "--against", ridden / "block.plan")
    assert result.exit_code == 2
    assert "is a plan: say which week was ridden with --week N" in result.stderr
