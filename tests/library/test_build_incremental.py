"""Incremental builds: unchanged sources are not compiled again, changes rebuild exactly theirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ridec.library.manifest import read_manifest
from ridec.library.outdir import OutputDir
from tests.library.build_helpers import copy_library, run_build, snapshot, stamps

SHIPPED = 7
"""Sources in the shipped library: six workouts and the plan."""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return copy_library(tmp_path)


def _outputs_of(dist: Path, source: str) -> set[str]:
    """The outputs of a source, named by its key (its path inside the library)."""
    manifest = read_manifest(OutputDir(dist, "0" * 16))
    assert manifest is not None
    return set(manifest.records[source].paths)


def test_a_second_build_compiles_nothing_and_touches_no_file(library: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    first = run_build([library], dist, jobs=2)
    assert (first.compiled, first.unchanged, first.failed) == (SHIPPED, 0, 0)
    before, times = snapshot(dist), stamps(dist)
    second = run_build([library], dist, jobs=2)
    assert (second.compiled, second.unchanged, second.written, second.removed) == (0, SHIPPED, 0, 0)
    assert snapshot(dist) == before
    assert stamps(dist) == times


def test_editing_one_source_recompiles_exactly_its_outputs(library: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run_build([library], dist)
    times = stamps(dist)
    source = library / "sweet-spot.ride"
    source.write_text(source.read_text("utf-8").replace("let sets = 3", "let sets = 4"), "utf-8")
    report = run_build([library], dist)
    assert (report.compiled, report.unchanged) == (1, SHIPPED - 1)
    changed = {path for path, ns in stamps(dist).items() if times.get(path) != ns}
    expected = {f"sweet-spot{ext}" for ext in (".zwo", ".erg", ".mrc", ".fit", ".json")}
    assert changed - {"manifest.json", "index.html", ".ridec/stamps.json"} == expected
    steps = json.loads((dist / "sweet-spot.json").read_text("utf-8"))["timeline"]
    assert sum(s["intensity"] == "interval" for s in steps) == 4
    # The new manifest keeps every other source's entries, copied from the old one.
    outputs = json.loads((dist / "manifest.json").read_text("utf-8"))["outputs"]
    assert len(outputs) == 6 * 5 + 61
    assert {o["path"] for o in outputs} == set(stamps(dist)) - {
        "manifest.json",
        "index.html",
        ".ridec/lock",
        ".ridec/stamps.json",
    }


def test_touching_without_a_change_compiles_nothing(library: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run_build([library], dist)
    (library / "standing.ride").touch()
    assert run_build([library], dist).compiled == 0


def test_editing_a_workout_rebuilds_the_plan_that_uses_it(library: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run_build([library], dist)
    source = library / "standing.ride"
    source.write_text(source.read_text("utf-8").replace("let recover = 3m", "let recover = 4m"))
    report = run_build([library], dist)
    assert report.compiled == 2  # standing.ride itself and the plan
    week = json.loads((dist / "back-pain-protocol/week-01/standing.json").read_text("utf-8"))
    assert [s["duration_s"] for s in week["timeline"] if "seated" in s["flags"]] == [240] * 3


def test_deleting_a_source_removes_its_outputs_and_nothing_else(
    library: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    run_build([library], dist)
    gone = _outputs_of(dist, "back-pain-protocol.plan")
    before = snapshot(dist)
    (library / "back-pain-protocol.plan").unlink()
    report = run_build([library], dist)
    assert (report.compiled, report.removed) == (0, len(gone))
    assert not (dist / "back-pain-protocol").exists()
    after = snapshot(dist)
    assert set(before) - gone - {"manifest.json", "index.html"} == set(after) - {
        "manifest.json",
        "index.html",
    }
    assert "back-pain-protocol" not in (dist / "index.html").read_text("utf-8")
    assert all(after[path] == before[path] for path in after if path.endswith(".fit"))
    assert "back-pain-protocol" not in (dist / "manifest.json").read_text("utf-8")


def test_a_deleted_output_is_rebuilt(library: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run_build([library], dist)
    (dist / "ftp-test.zwo").unlink()
    report = run_build([library], dist)
    assert report.compiled == 1
    assert (dist / "ftp-test.zwo").is_file()


def test_other_targets_or_options_rebuild_and_drop_what_is_no_longer_made(
    library: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    run_build([library], dist)
    report = run_build([library], dist, targets=("json",))
    assert report.compiled == SHIPPED
    assert not list(dist.rglob("*.zwo"))
    assert (dist / "standing.json").is_file()


def test_a_new_ridec_version_rebuilds_everything(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "dist"
    run_build([library], dist, targets=("json",))
    monkeypatch.setattr("ridec.library.engine.__version__", "99.0")
    assert run_build([library], dist, targets=("json",)).compiled == SHIPPED
    assert '"ridec": "99.0"' in (dist / "manifest.json").read_text("utf-8")


def test_a_failed_source_keeps_its_earlier_outputs_and_is_retried(
    library: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    run_build([library], dist, targets=("json",))
    earlier = (dist / "sweet-spot.json").read_bytes()
    source = library / "sweet-spot.ride"
    good = source.read_text("utf-8")
    source.write_text(good.replace("let sets = 3", "let sets = three"), "utf-8")
    failed = run_build([library], dist, targets=("json",))
    assert (failed.compiled, failed.failed) == (0, 1)
    assert "sweet-spot.ride:" in failed.diagnostics()[0]
    assert (dist / "sweet-spot.json").read_bytes() == earlier
    again = run_build([library], dist, targets=("json",))
    assert (again.compiled, again.failed) == (0, 1)
    source.write_text(good, "utf-8")
    fixed = run_build([library], dist, targets=("json",))
    assert (fixed.compiled, fixed.failed) == (1, 0)
    assert run_build([library], dist, targets=("json",)).compiled == 0
