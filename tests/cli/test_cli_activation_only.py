"""A workout that is only the activation routine: FIT carries it as lap-button steps, JSON
in full; ZWO, ERG and MRC have nothing to play and are not written, which is no error."""

from __future__ import annotations

import json
from pathlib import Path

import fitparse
from typer.testing import CliRunner

from ridec.cli import app
from tests.paths import WORKOUTS

runner = CliRunner()
ROUTINE = """\
name: Before you ride
activation "Wake up glutes and core":
  "Glute bridge" 15 reps
  "Clamshell" 12 reps each side
  "Dead bug" 45s
"""


def routine(tmp_path: Path) -> Path:
    path = tmp_path / "routine.ride"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def test_a_routine_alone_checks_clean(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(routine(tmp_path))])
    assert (result.exit_code, result.stderr) == (0, "")


def test_fit_and_json_carry_it_and_the_players_formats_say_why_they_are_not_written(
    tmp_path: Path,
) -> None:
    source = routine(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["compile", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["routine.fit", "routine.json"]
    for target in ("zwo", "erg", "mrc"):
        assert (
            f"{source}: {target}: not written: the workout is only the activation routine, "
            f"done off the bike; {target.upper()} needs a step to ride"
        ) in result.stderr
    steps = list(fitparse.FitFile(str(out / "routine.fit")).get_messages("workout_step"))
    names = [step.get_values()["wkt_step_name"] for step in steps]
    assert names == ["Glute bridge", "Clamshell", "Dead bug"]
    assert all(step.get_values()["duration_type"] == "open" for step in steps)
    doc = json.loads((out / "routine.json").read_text(encoding="utf-8"))
    assert doc["timeline"] == [] and len(doc["activation"]["exercises"]) == 3


def test_strict_counts_a_format_not_written_as_a_loss(tmp_path: Path) -> None:
    source = routine(tmp_path)
    result = runner.invoke(app, ["compile", str(source), "-t", "zwo", "--strict"])
    assert result.exit_code == 1
    assert "error: zwo: not written" in result.stderr


def test_a_file_with_no_step_and_no_routine_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.ride"
    path.write_text("name: Nothing yet\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "error: the workout has no steps" in result.stderr


def test_build_writes_what_can_carry_it_and_succeeds(tmp_path: Path) -> None:
    routine(tmp_path)
    dist = tmp_path / "dist"
    result = runner.invoke(app, ["build", str(tmp_path / "routine.ride"), "-o", str(dist)])
    assert result.exit_code == 0, result.stderr
    assert (dist / "routine.fit").is_file() and (dist / "routine.json").is_file()
    assert not (dist / "routine.zwo").exists()


def test_a_checklist_too_long_for_the_fit_description_becomes_steps_unless_told_notes(
    tmp_path: Path,
) -> None:
    """The shipped standing workout's routine does not fit FIT's 254-byte description: by
    default its exercises are lap-button steps before the ride; `--activation notes` keeps
    the description form, cut, and the warning names the other way."""
    source = WORKOUTS / "standing.ride"
    result = runner.invoke(app, ["compile", str(source), "-t", "fit", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "1 activation routine as lap-button steps" in result.stderr
    assert "checklist" not in result.stderr  # nothing cut, so no warning
    names = [m.get_value("wkt_step_name") for m in _steps(tmp_path / "standing.fit")]
    exercises = ["Glute bridge", "Clamshell", "Bird dog", "Dead bug", "Standing hip-flexor march"]
    assert names[:5] == exercises
    notes = runner.invoke(
        app,
        ["compile", str(source), "-t", "fit", "-o", str(tmp_path), "--activation", "notes"],
    )
    assert notes.exit_code == 0, notes.stderr
    assert (
        "warning: fit: the activation checklist in the description is left out (FIT strings "
        "hold 254 bytes); the default (or `--activation steps`) writes it as lap-button steps"
    ) in notes.stderr
    assert _steps(tmp_path / "standing.fit")[0].get_value("wkt_step_name") != "Glute bridge"


def _steps(path: Path) -> list[fitparse.DataMessage]:
    return list(fitparse.FitFile(str(path)).get_messages("workout_step"))
