"""Expansion bombs: tiny files that would unroll past every limit are refused, by arithmetic.

Each runs in a child under a 512 MB address-space cap. Before the limits, the three-level
repeat ran `ridec check` for minutes and 8 GB to a MemoryError traceback, 31 levels never
ended, and 500 days of `24h` steps were accepted and charted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.bounded import assert_located_failure, run_ridec

THREE_LEVELS = "repeat 500:\n    repeat 500:\n        repeat 500:\n            10s 80%\n"
"""68 bytes that unroll to 125 million steps."""


def nested(levels: int, step: str = "1s 80%") -> str:
    lines = [f"{'  ' * depth}repeat 500:" for depth in range(levels)]
    return "\n".join([*lines, f"{'  ' * levels}{step}"]) + "\n"


@pytest.mark.parametrize("command", [["check"], ["compile", "-o", "out"], ["show"]])
def test_three_nested_repeats_of_500_are_refused_at_the_outer_repeat(
    tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "bomb.ride").write_text(THREE_LEVELS)
    assert len(THREE_LEVELS.encode()) == 68
    run = run_ridec([*command, "bomb.ride"], tmp_path)
    assert_located_failure(
        run,
        "bomb.ride:1:1",
        "the workout unrolls to 125,000,000 steps; a workout has at most 100,000",
    )
    assert not (tmp_path / "out").exists()


def test_thirty_one_levels_are_refused_with_the_count_in_short(tmp_path: Path) -> None:
    (tmp_path / "deep.ride").write_text(nested(31))
    run = run_ridec(["check", "deep.ride"], tmp_path)
    assert_located_failure(run, "deep.ride:1:1", "the workout unrolls to about 4.7e+83 steps")


def test_five_hundred_days_are_refused_on_duration(tmp_path: Path) -> None:
    (tmp_path / "days.ride").write_text("name: Days\nrepeat 500:\n  24h 80%\n")
    for command in (["check"], ["show"], ["compile", "-t", "zwo", "-o", "out"]):
        run = run_ridec([*command, "days.ride"], tmp_path)
        assert_located_failure(
            run, "days.ride:2:1", "the workout lasts 12,000 hours once unrolled; a workout lasts"
        )


def test_a_long_flat_file_is_refused_at_the_first_line_past_the_limit(tmp_path: Path) -> None:
    (tmp_path / "steps.ride").write_text("name: S\n" + "1s 80%\n" * 1_500_000)
    run = run_ridec(["check", "steps.ride"], tmp_path)
    assert_located_failure(
        run, "steps.ride:250001:1", "the file has 1,500,002 lines; ridec reads at most 250,000"
    )


def test_a_plan_week_past_the_limits_is_located_in_the_workout_with_the_week(
    tmp_path: Path,
) -> None:
    (tmp_path / "w.ride").write_text(
        "name: W\nlet reps = 2\nrepeat $reps:\n  repeat 500:\n    1s 60%\n"
    )
    (tmp_path / "p.plan").write_text('weeks: 2\nworkout "w.ride":\n  reps: 1, 500\n')
    run = run_ridec(["check", "p.plan"], tmp_path)
    assert_located_failure(run, "w.ride:3:1", "the workout unrolls to 250,000 steps")
    assert "note: in week 2 of p.plan (reps = 500)" in run.stderr
    assert "week 1" not in run.stderr


def test_generated_cues_count_towards_the_message_limit(tmp_path: Path) -> None:
    # 200 x 500 lap steps, standing with a label: 100,000 steps, 200,000 messages.
    text = 'name: M\nrepeat 200:\n  repeat 500:\n    lap 80% standing "Go"\n'
    (tmp_path / "m.ride").write_text(text)
    run = run_ridec(["check", "m.ride"], tmp_path)
    assert_located_failure(run, "m.ride:2:1", "the workout shows 200,000 messages once unrolled")
