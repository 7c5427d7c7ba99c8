"""Repeats: folded back from the timeline into FIT repeat steps, or unrolled when they differ.

Each case also checks that the steps a head unit goes through (repeat steps executed) are
exactly the timeline's, so folding never changes the workout.
"""

from __future__ import annotations

from ridec.model import Alternate, Flag, Intensity, Repeat, Step
from tests.formats.fit.fit_support import Rendered, expand, render, workout
from tests.targets import steady

UP = Step(240, steady(80), Intensity.INTERVAL, flags=(Flag.UPSTROKE,), label="Up")
DOWN = Step(240, steady(80), Intensity.INTERVAL, flags=(Flag.DOWNSTROKE,), label="Down")
REC = Step(120, steady(50), Intensity.RECOVERY, label="Easy")
WARM = Step(300, steady(60), Intensity.WARMUP, label="Warm up")


def _names(out: Rendered) -> list[object]:
    return [s[1] if s[0] == "step" else s for s in out.steps]


def _assert_same_ride(out: Rendered) -> None:
    """The steps a head unit runs match the timeline's one to one."""
    ridden = expand(out.steps)
    assert [s[1] for s in ridden] == [s.label for s in out.timeline.steps]
    assert [s[2] for s in ridden] == [s.duration_s for s in out.timeline.steps]
    assert sum(s[2] for s in ridden) == out.timeline.duration_s


def test_fit_simple_repeat_is_one_block_and_a_repeat_step() -> None:
    out = render(workout(WARM, Repeat(3, (UP, REC)), REC))
    assert _names(out) == ["Warm up", "Up", "Easy", ("repeat", 1, 3), "Easy"]
    assert out.sdk["workout_mesgs"][0]["num_valid_steps"] == 5
    _assert_same_ride(out)


def test_fit_alternate_of_two_in_a_repeat_of_four_repeats_its_period() -> None:
    out = render(workout(Repeat(4, (Alternate((UP, DOWN)), REC))))
    assert _names(out) == ["Up", "Easy", "Down", "Easy", ("repeat", 0, 2)]
    assert out.steps[0][6] == "Upstroke only"
    assert out.steps[2][6] == "Downstroke only"
    _assert_same_ride(out)


def test_fit_alternate_with_an_odd_count_leaves_one_iteration_after_the_repeat() -> None:
    out = render(workout(Repeat(5, (Alternate((UP, DOWN)), REC))))
    assert _names(out) == ["Up", "Easy", "Down", "Easy", ("repeat", 0, 2), "Up", "Easy"]
    _assert_same_ride(out)


def test_fit_iteration_labels_unroll_the_repeat() -> None:
    numbered = Step(60, steady(100), label="Sprint {i} of {n}")
    out = render(workout(Repeat(3, (numbered, REC))))
    assert _names(out) == [
        "Sprint 1 of 3",
        "Easy",
        "Sprint 2 of 3",
        "Easy",
        "Sprint 3 of 3",
        "Easy",
    ]
    _assert_same_ride(out)


def test_fit_a_different_first_iteration_is_unrolled_before_the_repeat() -> None:
    # The outer repeat's label lands on the first step of each outer iteration only.
    inner = Repeat(4, (UP, REC))
    out = render(workout(Repeat(2, (inner,), label="Set {i}")))
    assert _names(out) == [
        "Up", "Easy", "Up", "Easy", ("repeat", 2, 3),
        "Up", "Easy", "Up", "Easy", ("repeat", 7, 3),
    ]  # fmt: skip
    assert [out.steps[i][6] for i in (0, 5)] == ["Set 1\nUpstroke only", "Set 2\nUpstroke only"]
    _assert_same_ride(out)


def test_fit_inner_repeats_are_unrolled_inside_a_kept_repeat() -> None:
    inner = Repeat(3, (Step(30, steady(120), label="Hard"), Step(30, steady(40), label="Soft")))
    out = render(workout(Repeat(2, (inner, REC))))
    assert _names(out) == ["Hard", "Soft"] * 3 + ["Easy", ("repeat", 0, 2)]
    _assert_same_ride(out)


def test_fit_nested_repeats_when_asked() -> None:
    inner = Repeat(3, (Step(30, steady(120), label="Hard"), Step(30, steady(40), label="Soft")))
    out = render(workout(WARM, Repeat(2, (inner, REC))), fit_nested_repeats=True)
    assert _names(out) == ["Warm up", "Hard", "Soft", ("repeat", 1, 3), "Easy", ("repeat", 1, 2)]
    _assert_same_ride(out)


def test_fit_repeat_of_one_and_of_zero() -> None:
    out = render(workout(Repeat(1, (UP,)), Repeat(0, (DOWN,)), REC))
    assert _names(out) == ["Up", "Easy"]
    _assert_same_ride(out)
