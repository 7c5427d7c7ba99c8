"""Sources are known by their path inside the source folder, however the folder is named.

`ridec build lib -o d` and `ridec build /abs/path/lib -o d` are the same build: the second
finds every source unchanged (before, it compiled everything again under new names and
removed every output of the first). Nothing DIST publishes (index, manifest, plan.json,
outputs, cards) holds the path the folder was reached by.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.faults.build_support import PLAN, TARGETS, comparable, workout, write_files
from tests.library.build_helpers import run_build, stamps

LIBRARY: dict[str, str | None] = {
    "a.ride": workout("A"),
    "sub/b.ride": workout("B", 95),
    "p.plan": PLAN,
    "sub/q.plan": 'name: Sub plan\nweeks: 1\nworkout "b.ride" 2 per week\n',
}


@pytest.mark.parametrize("first", ["relative", "absolute"])
def test_the_folder_named_either_way_is_the_same_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path / "lib", LIBRARY)
    names = {"relative": Path("lib"), "absolute": tmp_path / "lib"}
    second = "absolute" if first == "relative" else "relative"
    dist = tmp_path / "dist"
    assert run_build([names[first]], dist, targets=TARGETS).ok
    before, times = comparable(dist), stamps(dist)
    report = run_build([names[second]], dist, targets=TARGETS)
    assert report.ok, report.diagnostics()
    assert (report.compiled, report.unchanged, report.written, report.removed) == (0, 4, 0, 0)
    assert comparable(dist) == before
    assert stamps(dist) == times  # not even the index or the manifest was rewritten


def test_the_folder_named_from_inside_is_the_same_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path / "lib", LIBRARY)
    dist = tmp_path / "dist"
    monkeypatch.chdir(tmp_path)
    assert run_build([Path("lib")], dist, targets=TARGETS).ok
    monkeypatch.chdir(tmp_path / "lib")
    report = run_build([Path(".")], dist, targets=TARGETS)
    assert (report.compiled, report.unchanged, report.removed) == (0, 4, 0)


def test_nothing_published_names_the_folder_as_it_was_reached(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, LIBRARY)
    assert run_build([lib], dist, targets=("json", "zwo")).ok
    where = str(tmp_path).encode("utf-8")
    for path in sorted(dist.rglob("*")):
        if path.is_file():
            assert where not in path.read_bytes(), path.relative_to(dist)
    document = json.loads((dist / "manifest.json").read_text("utf-8"))
    assert [s["source"] for s in document["sources"]] == [
        "a.ride",
        "p.plan",
        "sub/b.ride",
        "sub/q.plan",
    ]
    assert [s["deps"] for s in document["sources"]] == [[], ["a.ride"], [], ["sub/b.ride"]]
    schedule = json.loads((dist / "sub/q/plan.json").read_text("utf-8"))
    assert schedule["schedule"][0]["workouts"][0]["workout"] == "sub/b.ride"
    index = (dist / "index.html").read_text("utf-8")
    assert "<code>sub/b.ride</code>" in index


def test_messages_still_name_the_source_as_it_was_reached(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"bad.ride": "name: Bad\n10m 50% 60%\n"})
    report = run_build([lib], dist, targets=("json",))
    (problem,) = report.diagnostics()
    assert problem.startswith(f"{lib}/bad.ride:2:")
