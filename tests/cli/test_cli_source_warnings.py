"""A source's warnings (`ridec.language.traps`) through the commands: `check` prints them and
exits 0, `validate` and `compile` report them and fail on them only under `--strict` (as they
do every warning), and the shipped library has none."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ridec.cli import app
from tests.paths import WORKOUTS

runner = CliRunner()
TRAPS = "name: Traps\nftp: 250\nwarmup 10m 50-70%\n20m 80%\nrest 2m\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_prints_the_warnings_and_exits_0(tmp_path: Path) -> None:
    path = write(tmp_path, "traps.ride", TRAPS)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert result.stdout == ""
    heads = [line for line in result.stderr.splitlines() if not line.startswith("  ")]
    assert heads == [
        f"{path}:3:12: warning: `50-70%` on a warm-up is a steady band, held the whole step: "
        "not a ramp",
        f"{path}:5:1: warning: `rest 2m` has no target: it is a free ride (the trainer leaves "
        "ERG mode)",
    ]
    assert "  fix:  warmup 10m 50%->70%" in result.stderr
    assert "  fix:  rest 2m free" in result.stderr


def test_check_of_a_plan_says_a_workout_warning_once_for_all_its_weeks(tmp_path: Path) -> None:
    write(tmp_path, "traps.ride", TRAPS)
    plan = write(tmp_path, "block.plan", 'weeks: 3\nworkout "traps.ride"\n')
    result = runner.invoke(app, ["check", str(plan)])
    assert result.exit_code == 0
    assert result.stderr.count("has no target") == 1
    assert f"  note: in `traps.ride`, used by {plan}" in result.stderr


def test_validate_and_compile_fail_on_a_warning_only_under_strict(tmp_path: Path) -> None:
    path = write(tmp_path, "traps.ride", TRAPS)
    validated = runner.invoke(app, ["validate", str(path)])
    assert validated.exit_code == 0
    assert f"{path}: ok (with warnings)" in validated.stdout
    assert runner.invoke(app, ["validate", "--strict", str(path)]).exit_code == 1
    out = tmp_path / "out"
    compiled = runner.invoke(app, ["compile", str(path), "-t", "json", "-o", str(out)])
    assert compiled.exit_code == 0
    assert "has no target" in compiled.stderr
    strict = ["compile", "--strict", str(path), "-t", "json", "-o", str(tmp_path / "strict")]
    assert runner.invoke(app, strict).exit_code == 1


def test_the_shipped_library_checks_without_a_warning() -> None:
    sources = sorted(str(path) for path in WORKOUTS.iterdir() if path.suffix in (".ride", ".plan"))
    assert len(sources) >= 7
    result = runner.invoke(app, ["check", *sources])
    assert (result.exit_code, result.stderr) == (0, "")
