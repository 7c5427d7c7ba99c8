"""Plans: header, workouts and parameter series, expanded into one bound workout per week."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.language.plan import expand_plan, load_plan, plan_dependencies
from ridec.model import Cadence, Power, PowerUnit, Repeat, Step, Target, TargetKind
from tests.paths import WORKOUTS

WORKOUT = """name: Drills
ftp: 200
let reps = 2
let on = 1m
let power = 80%
let band = 70-80%
let cadence = 60-70rpm
repeat $reps:
  $on $power $cadence
  2m $band
"""


def _plan(tmp_path: Path, text: str) -> Path:
    (tmp_path / "drills.ride").write_text(WORKOUT, encoding="utf-8")
    path = tmp_path / "p.plan"
    path.write_text(text, encoding="utf-8")
    return path


def _values(tmp_path: Path, weeks: int, series: str) -> list[dict[str, str]]:
    text = f'weeks: {weeks}\nworkout "drills.ride":\n  {series}\n'
    return [dict(p.values) for p in expand_plan(load_plan(_plan(tmp_path, text)))]


def test_header_and_entries_are_read(tmp_path: Path) -> None:
    text = (
        "# a comment\nname: Base\nAUTHOR: Coach\ndescription: First line\n  second line\n"
        'ftp: 260\nweeks: 3\n\nworkout "sub/../drills.ride" 2 per week:\n  reps: 1, 2, 3\n'
        "  on: 1m -> 2m  # grows\n"
    )
    plan = load_plan(_plan(tmp_path, text))
    header = plan.header
    assert (header.name, header.author, header.ftp, header.weeks) == ("Base", "Coach", 260, 3)
    assert header.description == "First line\nsecond line"
    assert [(e.path, e.per_week, [s.name for s in e.series]) for e in plan.entries] == [
        ("sub/../drills.ride", 2, ["reps", "on"])
    ]
    assert plan_dependencies(plan) == [tmp_path / "drills.ride"]


def test_a_plan_without_name_is_named_after_its_file(tmp_path: Path) -> None:
    plan = load_plan(_plan(tmp_path, 'weeks: 1\nworkout "drills.ride"\n'))
    assert plan.header.name == "p"
    assert plan.entries[0].per_week == 1


def test_counts_progress_rounding_half_up(tmp_path: Path) -> None:
    # 1 -> 2 over 3 weeks is 1, 1.5, 2: the half rounds up.
    assert [v["reps"] for v in _values(tmp_path, 3, "reps: 1 -> 2")] == ["1", "2", "2"]
    # 3 -> 5 over 6 weeks is 3, 3.4, 3.8, 4.2, 4.6, 5.
    reps = [v["reps"] for v in _values(tmp_path, 6, "reps: 3 -> 5")]
    assert reps == ["3", "3", "4", "4", "5", "5"]
    # Downwards too: 5 -> 1 over 5 weeks.
    assert [v["reps"] for v in _values(tmp_path, 5, "reps: 5->1")] == ["5", "4", "3", "2", "1"]


def test_durations_progress_to_whole_seconds(tmp_path: Path) -> None:
    # 60 s -> 61 s over 3 weeks is 60, 60.5, 61: whole seconds, half up.
    assert [v["on"] for v in _values(tmp_path, 3, "on: 1m -> 1:01")] == ["1m", "1m1s", "1m1s"]
    on = [v["on"] for v in _values(tmp_path, 6, "on: 2m -> 3m")]
    assert on == ["2m", "2m12s", "2m24s", "2m36s", "2m48s", "3m"]


def test_powers_ranges_and_cadences_progress(tmp_path: Path) -> None:
    power = [v["power"] for v in _values(tmp_path, 3, "power: 80% -> 85%")]
    assert power == ["80%", "83%", "85%"]
    band = [v["band"] for v in _values(tmp_path, 3, "band: 70-80% -> 75-90%")]
    assert band == ["70-80%", "73-85%", "75-90%"]
    cadence = [v["cadence"] for v in _values(tmp_path, 3, "cadence: 60-70rpm -> 90-100rpm")]
    assert cadence == ["60-70rpm", "75-85rpm", "90-100rpm"]


def test_a_ramp_without_spaces_is_one_value_for_every_week(tmp_path: Path) -> None:
    assert [v["power"] for v in _values(tmp_path, 2, "power: 50%->70%")] == ["50%->70%"] * 2


def test_lists_give_each_week_its_value_and_one_value_fills_every_week(tmp_path: Path) -> None:
    assert [v["reps"] for v in _values(tmp_path, 3, "reps: 4, 2, 3")] == ["4", "2", "3"]
    assert [v["on"] for v in _values(tmp_path, 2, "$on: 90s")] == ["1m30s", "1m30s"]


def test_each_week_is_bound_named_and_given_the_plans_ftp(tmp_path: Path) -> None:
    text = 'ftp: 300\nweeks: 2\nworkout "drills.ride" 3 per week:\n  reps: 1, 3\n  on: 30s, 45s\n'
    planned = expand_plan(load_plan(_plan(tmp_path, text)))
    assert [(p.week, p.stem, p.sessions) for p in planned] == [(1, "drills", 3), (2, "drills", 3)]
    last = planned[-1].workout
    assert last.header.name == "W2 Drills"
    assert last.header.ftp == 300
    repeat = last.body[0]
    assert isinstance(repeat, Repeat)
    assert repeat.count == 3
    on = repeat.body[0]
    assert isinstance(on, Step)
    assert on.duration == 45
    assert on.target == Target(TargetKind.STEADY, Power(80, PowerUnit.PERCENT))
    assert on.cadence == Cadence(60, 70)


def test_weeks_come_in_order_with_the_workouts_in_plan_order(tmp_path: Path) -> None:
    (tmp_path / "other.ride").write_text("name: Other\n10m 50%\n", encoding="utf-8")
    text = 'weeks: 2\nworkout "drills.ride"\nworkout "other.ride" 2 per week\n'
    planned = expand_plan(load_plan(_plan(tmp_path, text)))
    names = [p.workout.header.name for p in planned]
    assert names == ["W1 Drills", "W1 Other", "W2 Drills", "W2 Other"]


def test_every_problem_of_every_workout_is_reported_at_once(tmp_path: Path) -> None:
    text = 'weeks: 2\nworkout "drills.ride":\n  rep: 2\nworkout "missing.ride"\n'
    with pytest.raises(DiagnosticError) as caught:
        expand_plan(load_plan(_plan(tmp_path, text)))
    messages = [d.message for d in caught.value.diagnostics]
    assert len(messages) == 2
    assert "declares no parameter `rep`" in messages[0]
    assert messages[1].startswith("cannot read `missing.ride`")


def test_an_unreadable_plan_is_a_diagnostic(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError, match="cannot read"):
        load_plan(tmp_path / "nope.plan")


def test_the_shipped_protocol_expands_to_the_seed_progression() -> None:
    planned = expand_plan(load_plan(WORKOUTS / "back-pain-protocol.plan"))
    stroke = [dict(p.values)["intervals"] for p in planned if p.stem == "isolated-stroke"]
    standing = [dict(p.values) for p in planned if p.stem == "standing"]
    assert stroke == ["1", "2", "2", "3", "4", "5"]
    assert standing[0] == {"reps": "3", "on": "2m"}
    assert standing[-1] == {"reps": "5", "on": "3m"}
    assert {p.sessions for p in planned if p.stem == "isolated-stroke"} == {2}
    assert {p.sessions for p in planned if p.stem == "standing"} == {3}
