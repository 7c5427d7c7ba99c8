"""The FIT step limit: 50 steps (Garmin's), ramps in 60 s steps when 30 s ones would pass it,
and a warning that names what would bring a longer workout under it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ridec.api import compile, parse
from ridec.cli import app
from ridec.formats.base import CompileOptions, Loss
from ridec.formats.losses import LossLevel

runner = CliRunner()
ORDINARY = """\
name: Threshold 3 x 10
ftp: 250

warmup 15m 45%->75%
repeat 3:
  10m 95%
  5m 55%
rest 5m 50%
repeat 2:
  3m 105%
  3m 55%
cooldown 10m 65%->40%
"""
"""An ordinary workout: its warm-up and cool-down ramps take 50 steps of 30 s alone."""

VO2 = ORDINARY.replace(
    "repeat 3:\n  10m 95%\n  5m 55%\n", 'repeat 20:\n  1m 120% "On {i}"\n  1m 50%\n'
)
"""The same with 20 labelled minutes on, minute off: over the limit however ramps are cut
(94 steps with 30 s ramp steps, 69 with 60 s ones)."""


def _fit_losses(text: str, options: CompileOptions | None = None) -> list[Loss]:
    (compiled,) = compile(parse(text, "w.ride"), "fit", options)
    return compiled.fidelity.losses()


def _topics(losses: list[Loss]) -> list[str]:
    return [loss.topic for loss in losses]


def test_an_ordinary_workout_with_two_ramps_does_not_warn() -> None:
    losses = _fit_losses(ORDINARY)
    assert "step-limit" not in _topics(losses)
    assert all(loss.level is LossLevel.NOTE for loss in losses)
    ramps = [loss for loss in losses if loss.topic == "ramp-steps"]
    assert [loss.became for loss in ramps] == [
        "15 steps of 60 s (60 s steps: in 30 s steps the workout would take 57 FIT steps, "
        "more than the limit of 50)",
        "10 steps of 60 s (60 s steps: in 30 s steps the workout would take 57 FIT steps, "
        "more than the limit of 50)",
    ]


def test_ramps_stay_in_30_s_steps_when_they_fit() -> None:
    short = ORDINARY.replace("15m 45%", "5m 45%").replace("10m 65%", "5m 65%")
    ramps = [loss for loss in _fit_losses(short) if loss.topic == "ramp-steps"]
    assert [loss.became for loss in ramps] == ["10 steps of 30 s", "10 steps of 30 s"]


def test_a_step_length_the_coach_gave_is_kept_and_the_warning_names_every_remedy() -> None:
    losses = _fit_losses(ORDINARY, CompileOptions(fit_ramp_step_s=30))
    (limit,) = [loss for loss in losses if loss.topic == "step-limit"]
    assert limit.level is LossLevel.WARNING
    assert limit.feature == "a workout of 57 FIT steps"
    assert limit.hint == (  # the API's words
        'write each ramp as one range step (`fit_ramp="range"`) or in longer steps '
        "(`fit_ramp_step_s=60`); or, for a head unit that takes more, raise the limit "
        "(`fit_max_steps=N`)"
    )


def test_unrolled_inner_repeats_are_named_when_keeping_them_would_help() -> None:
    nested = "name: N\nftp: 250\nrepeat 3:\n  repeat 30:\n    30s 120%\n    30s 50%\n  5m 50%\n"
    (limit,) = [loss for loss in _fit_losses(nested) if loss.topic == "step-limit"]
    assert limit.hint == (
        "keep inner repeats as FIT repeat steps (`fit_nested_repeats=True`: 5 steps); or, "
        "for a head unit that takes more, raise the limit (`fit_max_steps=N`)"
    )
    kept = _fit_losses(nested, CompileOptions(fit_nested_repeats=True))
    assert "step-limit" not in _topics(kept)


def test_compile_prints_the_warning_with_its_flags(tmp_path: Path) -> None:
    source = tmp_path / "vo2.ride"
    source.write_text(VO2, encoding="utf-8")
    result = runner.invoke(app, ["compile", str(source), "-t", "fit", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    # 60 s ramp steps would still leave 69: the ramps keep their 30 s steps, and the hint
    # offers both ways to shorten them
    warning = f"{source}: warning: fit: a workout of 94 FIT steps becomes a file some head "
    assert [line for line in lines if line.startswith(warning)]
    assert (
        "  hint: write each ramp as one range step (`--fit-ramp range`) or in longer steps "
        "(`--fit-ramp step:60s`); or, for a head unit that takes more, raise the limit "
        "(`--fit-max-steps N`)"
    ) in lines
    assert f"{source}: fit: 1 workout over the step limit; 2 ramps as short steady steps" in lines
    raised = runner.invoke(
        app, ["compile", str(source), "-t", "fit", "-o", str(tmp_path), "--fit-max-steps", "80"]
    )
    assert "warning" not in raised.stderr


def test_ramps_keep_30_s_steps_when_60_s_ones_would_not_bring_the_workout_under() -> None:
    losses = _fit_losses(VO2)
    ramps = [loss.became for loss in losses if loss.topic == "ramp-steps"]
    assert ramps == ["30 steps of 30 s", "20 steps of 30 s"]
    (limit,) = [loss for loss in losses if loss.topic == "step-limit"]
    assert limit.feature == "a workout of 94 FIT steps"
