"""Sources whose outputs would collide: located errors naming both, nothing overwritten.

Also: a rebuild never removes a file that another source now writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.faults.build_support import PLAN, workout, write_files
from tests.library.build_helpers import run_build, snapshot

HINT = "  hint: rename one of them, or build them into separate output folders"


def test_a_source_named_like_the_manifest_is_refused_and_the_manifest_kept(
    tmp_path: Path,
) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"manifest.ride": workout("M"), "b.ride": workout("B")})
    report = run_build([lib], dist, targets=("json",))
    assert (report.compiled, report.failed) == (1, 1)
    assert report.diagnostics() == [
        f"{lib.as_posix()}/manifest.ride: error: its output {dist}/manifest.json would "
        "overwrite the build's own file\n  hint: rename the source"
    ]
    document = json.loads((dist / "manifest.json").read_text("utf-8"))
    assert document["format"] == "ridec-build-manifest"
    assert (dist / "b.json").is_file()


def test_workouts_inside_a_plans_folders_are_refused_with_the_plan(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"a.ride": workout("A"), "p.plan": PLAN, "b.ride": workout("B")})
    assert run_build([lib], dist, targets=("json",)).ok
    earlier = snapshot(dist)
    write_files(lib, {"p/plan.ride": workout("Schedule?"), "p/week-01/a.ride": workout("X")})
    report = run_build([lib], dist, targets=("json",))
    key = lib.as_posix()
    assert report.diagnostics() == [
        f"{key}/p/plan.ride: error: its output {dist}/p/plan.json would overwrite the "
        f"schedule of {key}/p.plan; neither is built\n{HINT}",
        f"{key}/p/week-01/a.ride: error: its outputs would land in {dist}/p/week-01/, a week "
        f"folder of {key}/p.plan; neither is built\n{HINT}",
    ]
    assert (report.compiled, report.unchanged, report.failed) == (0, 2, 3)
    after = snapshot(dist)
    assert {p: after[p] for p in earlier if p.startswith("p/")} == {
        p: d for p, d in earlier.items() if p.startswith("p/")
    }


def test_two_sources_with_one_output_are_both_refused(tmp_path: Path) -> None:
    one, two, dist = tmp_path / "one", tmp_path / "two", tmp_path / "dist"
    write_files(one, {"x.ride": workout("One")})
    assert run_build([one], dist, targets=("json",)).ok
    earlier = (dist / "x.json").read_bytes()
    write_files(two, {"x.ride": workout("Two"), "X.ride": workout("Big two")})
    report = run_build([one, two], dist, targets=("json",))
    assert (report.compiled, report.failed) == (0, 3)
    first, second, third = (f"{tmp_path.as_posix()}/{n}" for n in ("one/x", "two/X", "two/x"))
    assert report.diagnostics() == [
        f"{second}.ride: error: its output {dist}/X.json would overwrite an output of "
        f"{first}.ride; neither is built\n{HINT}",
        f"{third}.ride: error: its output {dist}/x.json would overwrite an output of "
        f"{first}.ride; neither is built\n{HINT}",
        f"{third}.ride: error: its output {dist}/x.json would overwrite an output of "
        f"{second}.ride; neither is built\n{HINT}",
    ]
    assert (dist / "x.json").read_bytes() == earlier
    assert not (dist / "X.json").exists()


def test_a_rebuild_never_removes_a_file_another_source_now_owns(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"a.ride": workout("A"), "p.plan": PLAN})
    assert run_build([lib], dist, targets=("json",)).ok
    assert (dist / "p/week-01/a.json").is_file()
    # The plan goes; a workout takes the path of one of its outputs.
    write_files(lib, {"p.plan": None, "p/week-01/a.ride": workout("Now mine")})
    report = run_build([lib], dist, targets=("json",))
    assert report.ok, report.diagnostics()
    assert '"Now mine"' in (dist / "p/week-01/a.json").read_text("utf-8")
    assert not (dist / "p/week-02").exists()
    assert not (dist / "p/plan.json").exists()
