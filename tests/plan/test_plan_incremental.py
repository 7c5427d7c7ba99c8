"""`PlanReader` reads each version of a plan as `read_plan` does, re-parsing only the changed
workout blocks."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings

from ridec.language.plan import PlanEntry, read_plan
from ridec.language.plan_incremental import PlanReader
from ridec.language.progression import Series, WrittenValue
from tests.paths import WORKOUTS
from tests.plan.edits import PLAN_TEXT, assert_same, edited, edits

PLAN = WORKOUTS / "edited.plan"


@settings(max_examples=150)
@given(edits())
def test_a_plan_read_version_after_version_is_the_plan_read_from_scratch(
    steps: list[tuple[float, int, str]],
) -> None:
    reader = PlanReader()
    text = PLAN_TEXT
    reader.read(text, PLAN)
    for step in steps:
        text = edited(text, step)
        assert_same(reader.read(text, PLAN), read_plan(text, PLAN))


def test_an_edit_re_reads_only_its_own_block() -> None:
    reader = PlanReader()
    plan, problems = reader.read(PLAN_TEXT, PLAN)
    assert not problems and len(plan.entries) == 4 and reader.reused == 0
    text = PLAN_TEXT.replace("reps: 3, 3, 4, 4, 5, 5", "reps: 3, 3, 4, 4, 5, 6")
    assert text != PLAN_TEXT
    assert_same(reader.read(text, PLAN), read_plan(text, PLAN))
    assert reader.reused == 3  # the three other blocks, moved by nothing or by the edit
    longer = "# one more line of comment\n" + text
    assert_same(reader.read(longer, PLAN), read_plan(longer, PLAN))
    assert reader.reused == 4  # every block, each moved down by the new line


def test_a_block_with_a_problem_is_read_again_every_time() -> None:
    reader = PlanReader()
    broken = PLAN_TEXT.replace("intervals: 1, 2", "intervals: 1,, 2")
    _, problems = reader.read(broken, PLAN)
    assert problems
    assert_same(reader.read(broken, PLAN), read_plan(broken, PLAN))
    assert reader.reused == 3


def test_moving_an_entry_knows_every_field_it_copies() -> None:
    # `moved` rebuilds these records field by field: a new field must be added there too.
    names = {cls: [f.name for f in dataclasses.fields(cls)] for cls in (PlanEntry, Series)}
    assert names[PlanEntry] == ["path", "per_week", "series", "span"]
    assert names[Series] == ["name", "form", "values", "name_span", "span"]
    assert [f.name for f in dataclasses.fields(WrittenValue)] == ["kind", "value", "span"]
