"""The shipped plan compiles to the documented layout, with the seed's numbers in week 1 and 6.

The protocol the shipped library encodes (see the README): isolated stroke at 80 % FTP,
4-minute intervals alternating upstroke and downstroke, low cadence, from one or two
intervals up to five, twice a week; standing at 75 % FTP and 50-60 rpm from 3 x 2 min
up to 5 x 3 min, three times a week.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ridec.formats.registry import ALL
from tests.library.build_helpers import run_build
from tests.paths import WORKOUTS

PLAN = WORKOUTS / "back-pain-protocol.plan"
WEEKS = 6


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("protocol") / "dist"
    report = run_build([PLAN], out)
    assert report.ok, report.diagnostics()
    return out


def _timeline(dist: Path, week: int, stem: str) -> list[dict[str, Any]]:
    path = dist / "back-pain-protocol" / f"week-{week:02d}" / f"{stem}.json"
    steps: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["timeline"]
    return steps


def _flagged(steps: list[dict[str, Any]], flag: str) -> list[dict[str, Any]]:
    return [s for s in steps if flag in s["flags"]]


def test_the_plan_compiles_to_the_documented_layout(dist: Path) -> None:
    folder = dist / "back-pain-protocol"
    expected = {"plan.json"} | {
        f"week-{week:02d}/{stem}{ext}"
        for week in range(1, WEEKS + 1)
        for stem in ("isolated-stroke", "standing")
        for ext in (".zwo", ".erg", ".mrc", ".fit", ".json")
    }
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert found == expected
    assert ALL == ("zwo", "erg", "mrc", "fit", "json")


def test_the_plan_manifest_lists_weeks_sessions_and_values(dist: Path) -> None:
    schedule = json.loads((dist / "back-pain-protocol" / "plan.json").read_text("utf-8"))
    assert schedule["name"] == "Back-pain protocol"
    assert [w["week"] for w in schedule["schedule"]] == list(range(1, WEEKS + 1))
    first, last = schedule["schedule"][0]["workouts"], schedule["schedule"][-1]["workouts"]
    assert [(w["name"], w["sessions"], w["params"]) for w in first] == [
        ("W1 Isolated pedal stroke", 2, {"intervals": "1"}),
        ("W1 Standing technique", 3, {"reps": "3", "on": "2m"}),
    ]
    assert [(w["name"], w["params"]) for w in last] == [
        ("W6 Isolated pedal stroke", {"intervals": "5"}),
        ("W6 Standing technique", {"reps": "5", "on": "3m"}),
    ]
    assert first[1]["files"]["json"] == "week-01/standing.json"


@pytest.mark.parametrize(("week", "count"), [(1, 1), (WEEKS, 5)])
def test_isolated_stroke_has_the_seed_numbers(dist: Path, week: int, count: int) -> None:
    steps = _timeline(dist, week, "isolated-stroke")
    up, down = _flagged(steps, "upstroke"), _flagged(steps, "downstroke")
    intervals = sorted(up + down, key=lambda s: s["start_s"])
    assert len(intervals) == count
    # One interval upstroke only, the next downstroke only.
    assert [s["flags"] for s in intervals] == [
        ["upstroke"] if i % 2 == 0 else ["downstroke"] for i in range(count)
    ]
    for step in intervals:
        assert step["duration_s"] == 4 * 60
        assert step["power_start_pct"] == step["power_end_pct"] == 80
        assert (step["cadence_low"], step["cadence_high"]) == (60, 70)
    assert steps[0]["intensity"] == "warmup"
    assert steps[-1]["intensity"] == "cooldown"


@pytest.mark.parametrize(("week", "reps", "seconds"), [(1, 3, 120), (WEEKS, 5, 180)])
def test_standing_has_the_seed_numbers(dist: Path, week: int, reps: int, seconds: int) -> None:
    steps = _timeline(dist, week, "standing")
    standing = _flagged(steps, "standing")
    assert len(standing) == reps
    for step in standing:
        assert step["duration_s"] == seconds
        assert step["power_start_pct"] == step["power_end_pct"] == 75
        assert (step["cadence_low"], step["cadence_high"]) == (50, 60)
    seated = _flagged(steps, "seated")
    assert len(seated) == reps
    assert all(s["intensity"] == "recovery" for s in seated)


def test_every_week_is_named_with_its_prefix(dist: Path) -> None:
    for week in range(1, WEEKS + 1):
        path = dist / "back-pain-protocol" / f"week-{week:02d}" / "standing.json"
        assert json.loads(path.read_text("utf-8"))["name"] == f"W{week} Standing technique"
