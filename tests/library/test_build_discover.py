"""Discovery: which files a build compiles and where their outputs go."""

from __future__ import annotations

from pathlib import Path

from ridec.library.discover import SourceKind, discover, slug


def _touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")


def test_sources_are_found_recursively_skipping_hidden_folders_and_dist(tmp_path: Path) -> None:
    for name in ("a.ride", "sub/b.RIDE", "p.plan", ".hidden/c.ride", "dist/d.ride", "notes.txt"):
        _touch(tmp_path / name)
    sources, problems = discover([tmp_path], tmp_path / "dist")
    assert problems == []
    assert [(s.key, s.kind) for s in sources] == [
        ("a.ride", SourceKind.WORKOUT),
        ("p.plan", SourceKind.PLAN),
        ("sub/b.RIDE", SourceKind.WORKOUT),
    ]
    assert [s.out_base for s in sources] == ["a", "p", "sub/b"]


def test_a_plan_outputs_into_a_folder_named_by_its_slug(tmp_path: Path) -> None:
    _touch(tmp_path / "lib" / "Back Pain Protocol.plan")
    sources, _ = discover([tmp_path / "lib"], tmp_path / "dist")
    assert sources[0].out_base == "back-pain-protocol"
    assert slug("  W3: Standing technique!") == "w3-standing-technique"
    assert slug("!!!") == "untitled"


def test_a_file_named_twice_is_built_once(tmp_path: Path) -> None:
    _touch(tmp_path / "one" / "x.ride")
    _touch(tmp_path / "two" / "x.ride")
    roots = [tmp_path / "one", tmp_path / "two", tmp_path / "one" / "x.ride"]
    sources, problems = discover(roots, tmp_path / "dist")
    # Both are found, with one key (their path in their folder); that their outputs clash
    # is the build's to report (tests/faults).
    assert [s.shown for s in sources] == [
        (tmp_path / "one" / "x.ride").as_posix(),
        (tmp_path / "two" / "x.ride").as_posix(),
    ]
    assert [s.key for s in sources] == ["x.ride", "x.ride"]
    assert problems == []


def test_a_root_that_is_not_a_source_is_reported(tmp_path: Path) -> None:
    _touch(tmp_path / "notes.txt")
    sources, problems = discover([tmp_path / "notes.txt"], tmp_path / "dist")
    assert sources == []
    assert problems[0].message.endswith("not a folder or a .ride or .plan file")
