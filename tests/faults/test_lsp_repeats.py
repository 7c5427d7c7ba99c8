"""Outline and hover compute a repeat's duration from its counts, never by unrolling it.

Before: the outline of a three-level `repeat 500:` took 27 s (each level's total was summed
iteration by iteration, 125 million of them), and a hover on `repeat 99999999` never ended.
The servers here run in a child under the memory cap of `bounded`; a fourth level of
`repeat 500` (62.5 billion iterations the old way) makes the old code hang, not just slow.
A plan's hover lowered every week's workout to say how long it lasts (99 weeks of a
workout of 86,400 steps: 54 s); it is computed from the counts too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from lsprotocol import types

from ridec.limits import workout_size
from ridec.lsp.locate import node_seconds
from ridec.lsp.plan_analysis import PlanAnalysis
from ridec.lsp.plan_hover import plan_hover
from ridec.lsp.positions import LineIndex
from ridec.lsp.workspace import Workspace
from ridec.model import Workout
from ridec.timeline import lower
from tests.faults.lsp_client import RawClient, position
from tests.property.strategies import workouts

NESTED = (
    "name: Deep\n"
    "repeat 500:\n"
    "  repeat 500:\n"
    "    repeat 500:\n"
    "      repeat 500:\n"
    "        1s 60%\n"
    "      alternate:\n"
    "        1s 50%\n"
    "        3s 70%\n"
)


def _details(symbols: list[Any]) -> list[tuple[str, str | None]]:
    """(name, detail) of every symbol, depth first."""
    found: list[tuple[str, str | None]] = []
    for symbol in symbols:
        found.append((symbol["name"], symbol.get("detail")))
        found.extend(_details(symbol.get("children") or []))
    return found


def test_the_outline_of_nested_repeats_is_computed_from_their_counts(tmp_path: Path) -> None:
    path = tmp_path / "deep.ride"
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        client.open(path, NESTED)
        client.diagnostics(path)  # over the limits: an error, and still an outline
        answer = client.request(
            "textDocument/documentSymbol", {"textDocument": {"uri": path.as_uri()}}
        )
    repeats = [pair for pair in _details(answer["result"]) if pair[0].startswith("repeat")]
    # Innermost: 500 s. Then 500 x (500 s + an alternate taking 1 s and 3 s in turn) =
    # 500 x 500 + 250 x 1 + 250 x 3 = 251,000 s. Then 500 x that, twice more.
    assert repeats == [
        ("repeat 500", "more than 277,777 hours in all"),  # 500 x 125.5 million s
        ("repeat 500", "34861:06:40 in all"),  # 125,500,000 s
        ("repeat 500", "69:43:20 in all"),  # 251,000 s
        ("repeat 500", "8:20 in all"),
    ]


def test_a_hover_on_a_huge_repeat_count_answers(tmp_path: Path) -> None:
    path = tmp_path / "huge.ride"
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        client.open(path, "name: Huge\nrepeat 99999999:\n  1s 60%\n")
        (problem,) = client.diagnostics(path)
        assert "out of range: a count is 0 to 500" in problem["message"]
        answer = client.request("textDocument/hover", position(path, 1, 2))
    text = answer["result"]["contents"]["value"]
    assert "- total duration: **27777:46:39** (99999999 x 0:01)" in text


@given(workouts(max_depth=3))
def test_each_top_level_duration_adds_up_to_the_lowered_workout(workout: Workout) -> None:
    defaults = {param.name: param.value for param in workout.params}
    total = sum(node_seconds(node, 1, defaults) or 0 for node in workout.body)
    assert total == lower(workout).duration_s


def test_a_plan_hover_computes_each_weeks_duration_from_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the hover lowered every week's workout (99 weeks of 86,400 steps: 54 s)."""

    def never(workout: Workout) -> None:
        raise AssertionError("a week's workout was lowered (unrolled) for a hover")

    monkeypatch.setattr("ridec.lsp.plan_hover.lower", never, raising=False)
    (tmp_path / "day.ride").write_text(
        "name: Day\nrepeat 432:\n  repeat 200:\n    1s 60%\nlap 40%\n", encoding="utf-8"
    )
    plan = tmp_path / "p.plan"
    text = 'name: P\nweeks: 99\n\nworkout "day.ride"\n'
    space = Workspace()
    space.set_text(str(plan), text)
    analysis = space.analysis(str(plan))
    assert isinstance(analysis, PlanAnalysis) and not analysis.diagnostics
    found = plan_hover(analysis, text.index("day.ride"), LineIndex(text))
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    rows = [line for line in found.contents.value.splitlines() if line.startswith("| ")]
    assert rows[1:] == [f"| {week} | 24:00:00 + 1 lap-button step |" for week in range(1, 100)]


@given(workouts(max_depth=3))
def test_the_lap_steps_counted_are_those_lowered(workout: Workout) -> None:
    steps = lower(workout).steps
    assert workout_size(workout).laps == sum(step.duration_s is None for step in steps)
