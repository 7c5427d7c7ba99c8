"""The editor's plan analysis, kept from keystroke to keystroke, equals an analysis from scratch:
after random edits of the plan, and after a workout it uses changes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings

from ridec.lsp.plan_analysis import PlanChecker, read_workout_file
from tests.paths import WORKOUTS
from tests.plan.edits import PLAN_TEXT, assert_same, edited, edits

PLAN = WORKOUTS / "edited.plan"


@settings(max_examples=100)
@given(edits())
def test_a_plan_checked_keystroke_after_keystroke_is_the_plan_checked_from_scratch(
    steps: list[tuple[float, int, str]],
) -> None:
    checker = PlanChecker()
    text = PLAN_TEXT
    checker.analyze(text, PLAN, read_workout_file)
    for step in steps:
        text = edited(text, step)
        ours = checker.analyze(text, PLAN, read_workout_file)
        assert_same(ours, PlanChecker().analyze(text, PLAN, read_workout_file))


def test_an_unchanged_workout_is_not_expanded_again() -> None:
    checker = PlanChecker()
    first = checker.analyze(PLAN_TEXT, PLAN, read_workout_file)
    text = PLAN_TEXT.replace("on: 115% -> 120%", "on: 115% -> 125%")
    second = checker.analyze(text, PLAN, read_workout_file)
    assert_same(second, PlanChecker().analyze(text, PLAN, read_workout_file))
    kept = [a.weeks is b.weeks for a, b in zip(first.entries, second.entries, strict=True)]
    assert kept == [True, True, True, False]  # only the edited workout's weeks are new


def test_a_changed_workout_file_is_expanded_again() -> None:
    texts = {path: path.read_text(encoding="utf-8") for path in WORKOUTS.glob("*.ride")}

    def read(path: Path) -> str:
        return texts[path]

    checker = PlanChecker()
    checker.analyze(PLAN_TEXT, PLAN, read)
    standing = WORKOUTS / "standing.ride"
    texts[standing] = texts[standing].replace("let recover = 3m", "let recover = 2m")
    assert_same(
        checker.analyze(PLAN_TEXT, PLAN, read), PlanChecker().analyze(PLAN_TEXT, PLAN, read)
    )
    texts[standing] = texts[standing].replace("let recover = 2m", "let recover = 2")  # broken
    broken = checker.analyze(PLAN_TEXT, PLAN, read)
    assert broken.placed
    assert_same(broken, PlanChecker().analyze(PLAN_TEXT, PLAN, read))


def test_a_change_of_weeks_or_ftp_expands_every_workout_again() -> None:
    checker = PlanChecker()
    checker.analyze(PLAN_TEXT, PLAN, read_workout_file)
    for text in (
        PLAN_TEXT.replace("weeks: 6", "weeks: 7"),
        PLAN_TEXT.replace("weeks: 6", "weeks: 6\nftp: 200"),
        PLAN_TEXT.replace("weeks: 6", "weeks: 6\nftp: 210"),
    ):
        ours = checker.analyze(text, PLAN, read_workout_file)
        assert_same(ours, PlanChecker().analyze(text, PLAN, read_workout_file))
