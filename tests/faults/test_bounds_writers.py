"""What ridec writes, ridec reads back: writers respect the readers' limits.

Before: one `24h 40%->80%` ramp at `--fit-ramp step:5s` made a FIT of 17,280 steps that
`ridec import` refused (limit 10,000), and 23 such ramps crashed the FIT encoder with
`struct.error: ushort format requires 0 <= number <= 65535`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from ridec.cli import app
from ridec.diagnostics import DiagnosticError
from ridec.limits import MAX_INPUT_BYTES, MAX_JSON_BYTES
from ridec.model import Header, Workout
from ridec.pipeline import check_output_size, compile_timeline, load_bytes
from ridec.targets.base import CompileOptions
from ridec.targets.ergmrc import LAP_STEP_S
from ridec.timeline import lower
from tests.property.strategies import workouts

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
        "(--fit-ramp step:60s) or as one range step (--fit-ramp range)",
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


@pytest.mark.parametrize(
    ("extension", "limit"), [(".zwo", MAX_INPUT_BYTES), (".json", MAX_JSON_BYTES)]
)
def test_an_output_larger_than_ridec_reads_is_refused(extension: str, limit: int) -> None:
    workout = Workout(Header("Big"), ())
    check_output_size(extension, limit, workout)
    with pytest.raises(DiagnosticError) as caught:
        check_output_size(extension, limit + 1, workout)
    assert caught.value.diagnostics[0].message == (
        f"the {extension} output would be {limit + 1:,} bytes, more than the "
        f"{limit // 2**20} MiB ridec reads back; nothing was written"
    )


FORMATS = ("fit", "zwo", "erg", "mrc")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workouts(ftp=True))
def test_every_file_ridec_writes_it_reads_back_with_the_same_duration(workout: Workout) -> None:
    timeline = lower(workout)
    laps = sum(1 for step in timeline.steps if step.duration_s is None)
    for target in FORMATS:
        compiled = compile_timeline(timeline, target, CompileOptions())
        back = lower(load_bytes(compiled.data, Path(f"w.{target}")).workout)
        # ERG and MRC have no lap button: a lap step is written as a fixed step.
        expected = timeline.duration_s + (laps * LAP_STEP_S if target in ("erg", "mrc") else 0)
        assert back.duration_s == expected, target
