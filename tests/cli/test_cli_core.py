"""The core commands through typer's CliRunner: exit codes, stdout and stderr apart."""

import json
from pathlib import Path

from typer.testing import CliRunner

from ridec import __version__
from ridec.cli import app
from tests.paths import WORKOUTS

runner = CliRunner()
UPSTRKE = "name: X\nrepeat 3:\n  4m 80% 55-65rpm upstrke\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"ridec {__version__}\n"


def test_check_clean_file_exits_0_silently() -> None:
    result = runner.invoke(app, ["check", str(WORKOUTS / "standing.ride")])
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_check_reports_the_misspelled_flag_with_caret_and_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.ride", UPSTRKE)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}:3:19: error: ")
    assert lines[1] == "  |   4m 80% 55-65rpm upstrke"
    assert lines[2] == "  |                   ^^^^^^^"
    assert lines[3] == "  hint: did you mean 'upstroke'?"


def test_check_reports_every_file_and_missing_ones(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.ride", UPSTRKE)
    result = runner.invoke(app, ["check", str(bad), str(tmp_path / "missing.ride")])
    assert result.exit_code == 1
    assert "bad.ride:3:19" in result.stderr
    missing = f"{tmp_path / 'missing.ride'}: error: cannot read the file: no such file or directory"
    assert missing in result.stderr


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["check"]).exit_code == 2
    assert runner.invoke(app, ["compile", "x.ride", "--ftp", "10"]).exit_code == 2
    typo = runner.invoke(app, ["compile", str(WORKOUTS / "standing.ride"), "-t", "zwoo"])
    assert typo.exit_code == 2
    assert "did you mean 'zwo'?" in typo.stderr
    assert runner.invoke(app, ["compile", "x.ride", "--set", "novalue"]).exit_code == 2


def test_compile_json_to_stdout_prints_only_the_document() -> None:
    result = runner.invoke(
        app, ["compile", str(WORKOUTS / "standing.ride"), "-t", "json", "-o", "-"]
    )
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["name"] == "Standing technique"
    intervals = [s for s in doc["timeline"] if s["flags"] == ["standing"]]
    assert len(intervals) == 3
    assert all(s["power_start_pct"] == 75 and s["duration_s"] == 120 for s in intervals)
    assert all((s["cadence_low"], s["cadence_high"]) == (50, 60) for s in intervals)


def test_compile_set_overrides_parameters(tmp_path: Path) -> None:
    args = ["compile", str(WORKOUTS / "standing.ride"), "-t", "json", "-o", str(tmp_path)]
    result = runner.invoke(app, [*args, "--set", "reps=5", "--set", "on=3m"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads((tmp_path / "standing.json").read_text())
    intervals = [s for s in doc["timeline"] if s["flags"] == ["standing"]]
    assert [s["duration_s"] for s in intervals] == [180] * 5


def test_compile_all_writes_five_files_and_sums_up_the_losses(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compile", str(WORKOUTS / "standing.ride"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"standing.{ext}" for ext in ("erg", "fit", "json", "mrc", "zwo")]
    assert ": erg: description on one line; 3 cadences as cues;" in result.stderr


def test_strict_turns_losses_into_errors_and_writes_nothing_lossy(tmp_path: Path) -> None:
    args = ["compile", str(WORKOUTS / "standing.ride"), "-t", "erg,json", "-o", str(tmp_path)]
    result = runner.invoke(app, [*args, "--strict"])
    assert result.exit_code == 1
    assert "error: erg: cadence 50-60 rpm" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["standing.json"]


def test_erg_without_ftp_is_an_error_naming_the_step(tmp_path: Path) -> None:
    path = write(tmp_path, "noftp.ride", "name: No FTP\n10m 75%\n")
    result = runner.invoke(app, ["compile", str(path), "-t", "erg", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{path}:2:1: error: erg:" in result.stderr
    assert not (tmp_path / "noftp.erg").exists()
    with_ftp = runner.invoke(
        app, ["compile", str(path), "-t", "erg", "--ftp", "200", "-o", str(tmp_path)]
    )
    assert with_ftp.exit_code == 0
    assert "FTP = 200" in (tmp_path / "noftp.erg").read_text()


def test_report_lists_the_losses_of_every_target(tmp_path: Path) -> None:
    args = ["compile", str(WORKOUTS / "standing.ride"), "-o", str(tmp_path), "--report"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    for name in ("zwo", "erg", "mrc", "fit", "json"):
        assert f"\n  {name}: " in result.stderr


def test_fmt_check_and_rewrite(tmp_path: Path) -> None:
    path = write(tmp_path, "messy.ride", "NAME: Messy\nWarmup 10M 45%->70%   # easy\n")
    check = runner.invoke(app, ["fmt", "--check", str(path)])
    assert check.exit_code == 1
    assert f"would reformat {path}" in check.stderr
    assert runner.invoke(app, ["fmt", str(path)]).exit_code == 0
    assert path.read_text() == "name: Messy\n\nwarmup 10m 45%->70%  # easy\n"
    assert runner.invoke(app, ["fmt", "--check", str(path)]).exit_code == 0


def test_check_and_compile_accept_a_plan(tmp_path: Path) -> None:
    plan = WORKOUTS / "back-pain-protocol.plan"
    assert runner.invoke(app, ["check", str(plan)]).exit_code == 0
    result = runner.invoke(app, ["compile", str(plan), "-t", "json", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    weeks = sorted(p.name for p in (tmp_path / "back-pain-protocol").iterdir())
    assert weeks == [f"week-{n:02d}" for n in range(1, len(weeks) + 1)]
    first = json.loads((tmp_path / "back-pain-protocol/week-01/standing.json").read_text())
    assert first["name"].startswith("W1 ")


def test_check_reports_a_plan_naming_a_missing_workout(tmp_path: Path) -> None:
    plan = write(tmp_path, "p.plan", 'name: P\nweeks: 2\n\nworkout "nope.ride" 1 per week:\n')
    result = runner.invoke(app, ["check", str(plan)])
    assert result.exit_code == 1
    assert f"{plan}:4:" in result.stderr


def test_compile_rejects_malformed_fit_options_as_usage_errors() -> None:
    source = str(WORKOUTS / "standing.ride")
    for option, value in (
        ("--fit-ramp", "steps:x"),
        ("--fit-power-band", "lots"),
        ("--created", "soon"),
    ):
        result = runner.invoke(app, ["compile", source, "-t", "fit", "-o", "-", option, value])
        assert result.exit_code == 2, option
        assert option in result.stderr


def test_fit_options_change_the_fit_file(tmp_path: Path) -> None:
    source = str(WORKOUTS / "standing.ride")
    base = ["compile", source, "-t", "fit", "--created", "2026-01-01T00:00:00"]
    runner.invoke(app, [*base, "-o", str(tmp_path / "a")])
    runner.invoke(app, [*base, "-o", str(tmp_path / "b"), "--fit-ramp", "range"])
    runner.invoke(app, [*base, "-o", str(tmp_path / "c")])
    stepped, ranged, again = ((tmp_path / d / "standing.fit").read_bytes() for d in "abc")
    assert stepped == again
    assert len(ranged) < len(stepped)
