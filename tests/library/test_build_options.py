"""`ridec build` takes the common options `--set` and `--strict`, and prints the losses that
change what the rider meets as warnings, each once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ridec.cli import app
from tests.library.build_helpers import copy_library


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["build", *args])


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return copy_library(tmp_path)


def standing_reps(dist: Path) -> int:
    doc = json.loads((dist / "standing.json").read_text(encoding="utf-8"))
    return sum(step["flags"] == ["standing"] for step in doc["timeline"])


def test_set_overrides_every_workout_that_declares_the_parameter(
    library: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    result = run(str(library), "-o", str(dist), "-t", "json", "-j", "1", "--set", "reps=5")
    assert result.exit_code == 0, result.stderr
    assert standing_reps(dist) == 5
    plan = json.loads((dist / "back-pain-protocol" / "week-01" / "standing.json").read_text())
    assert sum(s["flags"] == ["standing"] for s in plan["timeline"]) == 3  # the plan's own value
    again = run(str(library), "-o", str(dist), "-t", "json", "-j", "1")
    assert "7 compiled" in again.stdout  # other options: everything is built again
    assert standing_reps(dist) == 3


def test_a_set_name_no_workout_declares_is_a_warning_with_a_suggestion(
    library: Path, tmp_path: Path
) -> None:
    result = run(str(library), "-o", str(tmp_path / "d"), "-t", "json", "--set", "repz=5")
    assert result.exit_code == 0
    assert "warning: --set repz: no workout compiled in this build declares `repz`" in result.stderr
    assert "hint: did you mean 'reps'?" in result.stderr


def test_a_malformed_set_is_a_usage_error(library: Path, tmp_path: Path) -> None:
    assert run(str(library), "-o", str(tmp_path / "d"), "--set", "reps").exit_code == 2


def test_strict_fails_every_source_with_a_loss_and_writes_none_of_its_lossy_files(
    library: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    result = run(str(library), "-o", str(dist), "-t", "json,erg", "-j", "1", "--strict")
    assert result.exit_code == 1
    assert ": error: erg: cadence 85-95 rpm becomes a cue" in result.stderr
    assert (dist / "standing.json").is_file()
    assert not (dist / "standing.erg").exists()


def test_warnings_are_printed_once_and_not_under_quiet(library: Path, tmp_path: Path) -> None:
    result = run(str(library), "-o", str(tmp_path / "d"), "-t", "fit", "-j", "1")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    # standing.ride's notes: met by the workout and by every week of the plan, printed once
    assert sum("standing.ride:27:5: warning: fit:" in line for line in warnings) == 1
    quiet = run(str(library), "-o", str(tmp_path / "q"), "-t", "fit", "-j", "1", "-q")
    assert quiet.stderr == ""
