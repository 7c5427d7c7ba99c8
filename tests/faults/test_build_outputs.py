"""What a rebuild trusts, what the sweep removes, and links inside DIST.

- An output whose bytes changed behind the build's back is rewritten, even when its size and
  modification time were put back; an output with the right bytes is not.
- After a killed build, only the temporary files ridec named are removed: `.tmp` files of the
  user's (whatever their names) survive.
- A link inside DIST (to a folder or to a file) never receives an output and never loses a
  file to a removal: the build reports it, at the link. DIST itself may be a link.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.faults.build_support import (
    TARGETS,
    VERSION_1,
    VERSION_2,
    clean_build,
    comparable,
    copy_dist,
    killed_build,
    workout,
    write_files,
)
from tests.library.build_helpers import run_build

LINK_PROBLEM = (
    "error: is a symbolic link inside the output folder: ridec neither writes through nor "
    "replaces it"
)
LINK_HINT = "  hint: remove the link, or choose another output folder with -o"


@pytest.fixture(params=["descriptors", "paths"])
def folders(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways ridec reaches DIST: folder descriptors (POSIX), or checked plain paths."""
    if request.param == "paths":
        monkeypatch.setattr("ridec.library.outdir._AT", False)


def test_an_output_changed_behind_the_build_is_rewritten(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, VERSION_1)
    clean = clean_build(lib, dist, targets=TARGETS)
    # The same bytes in a new file (a copy, a restore): checked, trusted, nothing compiled.
    copy = dist / "b.json"
    data = copy.read_bytes()
    copy.unlink()
    copy.write_bytes(data)
    assert run_build([lib], dist, targets=TARGETS).compiled == 0
    # Other bytes of the same size, with the old modification time put back.
    target = dist / "a.json"
    info = target.stat()
    text = target.read_bytes()
    forged = text.replace(b'"A"', b'"Z"')
    assert forged != text and len(forged) == len(text)
    target.write_bytes(forged)
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert target.stat().st_mtime_ns == info.st_mtime_ns
    report = run_build([lib], dist, targets=TARGETS)
    assert (report.compiled, report.unchanged) == (1, 3)
    assert comparable(dist) == clean


def test_user_tmp_files_survive_a_killed_build(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, VERSION_1)
    assert run_build([lib], dist, targets=TARGETS).ok
    mine = {
        ".draft.tmp": b"a note",
        ".a.json.k2j3h4.tmp": b"named like an old temporary file",
        ".ridec-0123456789abcdef-1-1.tmp": b"named like a temporary file of another build",
        "p/.week.tmp": b"in a plan folder",
        "notes/.x.tmp": b"in a folder of mine",
    }
    write_files(dist, {name: data.decode() for name, data in mine.items()})
    write_files(lib, VERSION_2)
    clean = clean_build(lib, tmp_path / "clean", targets=TARGETS)
    before = tmp_path / "before"
    copy_dist(dist, before)
    # Kill the build at the first point where it has a temporary file of its own.
    for point in range(1, 100):
        copy_dist(before, dist)
        assert killed_build(lib, dist, point, targets=TARGETS) == -1
        left = {p.relative_to(dist).as_posix() for p in dist.rglob("*.tmp")} - set(mine)
        if left:
            break
    else:
        raise AssertionError("the build never left a temporary file")
    report = run_build([lib], dist, targets=TARGETS)
    assert report.ok, report.diagnostics()
    for name, data in mine.items():
        assert (dist / name).read_bytes() == data, name
    assert comparable(dist) == {**clean, **mine}


@pytest.mark.usefixtures("folders")
def test_a_linked_folder_in_dist_receives_nothing_and_loses_nothing(tmp_path: Path) -> None:
    lib, dist, elsewhere = tmp_path / "lib", tmp_path / "dist", tmp_path / "elsewhere"
    # DIST itself may be a link: the user named it.
    (tmp_path / "real").mkdir()
    dist.symlink_to(tmp_path / "real", target_is_directory=True)
    write_files(lib, {"sub/x.ride": workout("X"), "y.ride": workout("Y")})
    assert run_build([lib], dist, targets=("json",)).ok
    assert (tmp_path / "real" / "sub" / "x.json").is_file()
    # The user moves DIST/sub elsewhere and leaves a link in its place.
    (dist / "sub").rename(elsewhere)
    (dist / "sub").symlink_to(elsewhere, target_is_directory=True)
    theirs = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    write_files(lib, {"sub/x.ride": workout("X", 120), "y.ride": workout("Y", 110)})
    report = run_build([lib], dist, targets=("json",))
    assert (report.compiled, report.failed) == (1, 1)
    assert report.diagnostics() == [
        f"{dist}/sub: {LINK_PROBLEM} (writing for {lib.as_posix()}/sub/x.ride)\n{LINK_HINT}"
    ]
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == theirs
    assert b"120" not in (elsewhere / "x.json").read_bytes()
    # The source goes away: its outputs are beyond the link, and stay.
    (lib / "sub" / "x.ride").unlink()
    assert run_build([lib], dist, targets=("json",)).ok
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == theirs
    assert (dist / "sub").is_symlink()
    assert (dist / "y.json").is_file()


@pytest.mark.usefixtures("folders")
def test_a_linked_output_file_is_neither_followed_nor_replaced(tmp_path: Path) -> None:
    lib, dist, outside = tmp_path / "lib", tmp_path / "dist", tmp_path / "outside.json"
    write_files(lib, {"y.ride": workout("Y")})
    assert run_build([lib], dist, targets=("json",)).ok
    outside.write_bytes(b"the user's own file\n")
    (dist / "y.json").unlink()
    (dist / "y.json").symlink_to(outside)
    report = run_build([lib], dist, targets=("json",))
    assert report.diagnostics() == [
        f"{dist}/y.json: {LINK_PROBLEM} (writing for {lib.as_posix()}/y.ride)\n{LINK_HINT}"
    ]
    assert outside.read_bytes() == b"the user's own file\n"
    assert (dist / "y.json").is_symlink()
