"""What ridec writes, ridec reads back: writers respect the readers' limits.

Before: one `24h 40%->80%` ramp at `--fit-ramp step:5s` made a FIT of 17,280 steps that
`ridec import` refused (limit 10,000), and 23 such ramps crashed the FIT encoder with
`struct.error: ushort format requires 0 <= number <= 65535`.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ridec.cli import app

runner = CliRunner()

RAMP = "name: Day\nftp: 250\n24h 40%->80%\n"


def test_a_fit_past_the_readers_step_limit_is_refused_at_the_ramp(tmp_path: Path) -> None:
    source = tmp_path / "day.ride"
    source.write_text(RAMP)
    result = runner.invoke(
        app, ["compile", str(source), "-t", "fit", "--fit-ramp", "step:5s", "-o", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{source}:3:1: error: fit: the workout would take 17,280 FIT steps; ridec writes "
        "(and reads) FIT workouts of at most 10,000",
        "  | 24h 40%->80%",
        "  | ^^^^^^^^^^^^",
        "  hint: this ramp alone takes 17,280 steps: write ramps in longer steps "
        "(`--fit-ramp step:60s`) or as one range step (`--fit-ramp range`)",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.ride"]


def test_at_one_second_a_day_long_ramp_is_refused_not_crashed(tmp_path: Path) -> None:
    source = tmp_path / "day.ride"
    source.write_text(RAMP)
    result = runner.invoke(
        app, ["compile", str(source), "-t", "fit", "--fit-ramp", "step:1s", "-o", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "the workout would take 86,400 FIT steps" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_twenty_three_day_long_ramps_are_refused_on_duration(tmp_path: Path) -> None:
    source = tmp_path / "days.ride"
    source.write_text("name: Days\nftp: 250\n" + "24h 40%->80%\n" * 23)
    result = runner.invoke(app, ["compile", str(source), "-t", "fit", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{source}:4:1: error: the workout lasts 552 hours once unrolled; "
        "a workout lasts at most 24h\n  | 24h 40%->80%\n  | ^^^\n"
        "  hint: split the workout (a .plan can spread the work over sessions)\n"
    )
