"""Random edits of a plan's text, and a comparison that sees every span, for the tests that hold
the editor's incremental reading of a plan equal to a reading from scratch."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import strategies as st

from ridec.diagnostics import Span
from ridec.model import Workout
from tests.paths import WORKOUTS

PLAN_TEXT = (WORKOUTS / "back-pain-protocol.plan").read_text(encoding="utf-8") + (
    '\nworkout "sweet-spot.ride":\n  sets: 2 -> 4\n  on: 10m, 12m, 12m, 15m, 15m, 15m\n'
    '\n# VO2 max once a week\nworkout "vo2max-30-30.ride" 1 per week:\n'
    "  reps: 6 -> 8\n  on: 115% -> 120%\n"
)
"""The shipped plan with two more workouts: four blocks, lists and progressions."""

SNIPPETS = (
    "3", "m", "0", "5", ",", " ", "  ", "\n", ":", "->", "#", '"', "x", "%", "s", "\t",
    "\n  reps: 4", "\n  on: 3m", '\nworkout "standing.ride" 2 per week:\n  reps: 2\n',
    '\nworkout "missing.ride"\n', "weeks: 4\n", "  intervals: 1 -> 5\n",
)  # fmt: skip
"""What an edit inserts: characters a coach types, and whole lines and blocks."""


@st.composite
def edits(draw: st.DrawFn, count: int = 6) -> list[tuple[float, int, str]]:
    """Edits as (where, as a fraction of the text; characters deleted there; text inserted)."""
    return [
        (
            draw(st.floats(0, 1)),
            draw(st.integers(0, 3)),
            draw(st.sampled_from(("", *SNIPPETS))),
        )
        for _ in range(draw(st.integers(1, count)))
    ]


def edited(text: str, edit: tuple[float, int, str]) -> str:
    """`text` with one edit applied."""
    where, deleted, inserted = edit
    at = int(where * len(text))
    return text[:at] + inserted + text[at + deleted :]


def assert_same(ours: Any, theirs: Any, where: str = "$") -> None:
    """Equal, field by field (fields left out of `==` too), every span at the same offsets
    of the same text. Workouts, which hold no span of the plan, are compared by `==`."""
    if isinstance(ours, Span):
        assert isinstance(theirs, Span), where
        mine = (ours.start, ours.end, ours.source.path, ours.source.text)
        other = (theirs.start, theirs.end, theirs.source.path, theirs.source.text)
        assert mine == other, where
    elif isinstance(ours, Workout):
        assert ours == theirs, where
    elif dataclasses.is_dataclass(ours) and not isinstance(ours, type):
        assert type(ours) is type(theirs), where
        for field in dataclasses.fields(ours):
            name = field.name
            assert_same(getattr(ours, name), getattr(theirs, name), f"{where}.{name}")
    elif isinstance(ours, tuple | list):
        assert isinstance(theirs, tuple | list) and len(ours) == len(theirs), where
        for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
            assert_same(mine, other, f"{where}[{index}]")
    elif isinstance(ours, dict):
        assert isinstance(theirs, dict) and list(ours) == list(theirs), where
        for key in ours:
            assert_same(ours[key], theirs[key], f"{where}[{key!r}]")
    else:
        assert ours == theirs, where
