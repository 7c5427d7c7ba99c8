"""`ridec push` as a command: one destination, options with theirs, compile's checks and
loss report, and nothing delivered when any input has an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ridec.cli import app
from tests.delivery.test_garmin import mount
from tests.paths import WORKOUTS

runner = CliRunner()
STANDING = WORKOUTS / "standing.ride"


def push(*args: str | Path) -> Result:
    return runner.invoke(app, ["push", *(str(a) for a in args)])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [],
            "push needs one destination: --garmin MOUNT, --zwift FOLDER or --intervals ATHLETE_ID",
        ),
        (["--garmin", "a", "--zwift", "b"], "(given: --garmin, --zwift)"),
        (["--garmin", "a", "--zwift-user", "1"], "--zwift-user chooses a user of --zwift FOLDER"),
        (["--zwift", "a", "--start", "2026-01-01"], "--start goes with --intervals"),
        (["--garmin", "a", "--as", "fit"], "--as goes with --intervals"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = push(STANDING, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_losses_are_reported_as_compile_reports_them(tmp_path: Path) -> None:
    pushed = push(STANDING, "--garmin", mount(tmp_path))
    compiled = runner.invoke(app, ["compile", str(STANDING), "-t", "fit", "-o", str(tmp_path)])
    assert pushed.exit_code == compiled.exit_code == 0
    assert pushed.stderr == compiled.stderr
    assert pushed.stderr.startswith(f"{STANDING}: fit: 1 text cut at 254 bytes")


def test_an_error_in_any_input_delivers_nothing(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    bad = tmp_path / "bad.ride"
    bad.write_text("name: Bad\n4m 80% 55-65rpm upstrke\n", encoding="utf-8")
    result = push(STANDING, bad, "--garmin", drive)
    assert result.exit_code == 1
    assert f"{bad}:2:17: error: unknown word 'upstrke'" in result.stderr
    assert result.stderr.endswith("ridec: nothing was delivered\n")
    assert result.stdout == ""
    assert not (drive / "GARMIN" / "NEWFILES").exists()


def test_set_ftp_and_the_output_options_reach_the_file_as_in_compile(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    options = ["--set", "reps=5", "--ftp", "300", "--fit-ramp", "range"]
    result = push(STANDING, "--garmin", drive, *options)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    compiled = runner.invoke(app, ["compile", str(STANDING), "-t", "fit", "-o", str(out), *options])
    assert compiled.exit_code == 0, compiled.stderr
    pushed = (drive / "GARMIN" / "NEWFILES" / "standing.fit").read_bytes()
    assert pushed == (out / "standing.fit").read_bytes()
    default = runner.invoke(app, ["compile", str(STANDING), "-t", "fit", "-o", "-"])
    assert default.stdout_bytes != pushed  # the options changed the file
    unknown = push(STANDING, "--garmin", drive, "--set", "nope=1")
    assert unknown.exit_code == 1
    assert "nope" in unknown.stderr


def test_a_workout_that_is_only_its_activation_has_nothing_to_deliver(tmp_path: Path) -> None:
    only = tmp_path / "only.ride"
    only.write_text(
        'name: Only\nactivation "Before":\n  "Glute bridge" 15 reps\n', encoding="utf-8"
    )
    folder = tmp_path / "Workouts" / "123"
    folder.mkdir(parents=True)
    result = push(only, "--zwift", folder.parent)
    assert result.exit_code == 1
    assert f"{only}: zwo: not written: " in result.stderr
    assert "error: nothing to deliver" in result.stderr
    assert list(folder.iterdir()) == []
