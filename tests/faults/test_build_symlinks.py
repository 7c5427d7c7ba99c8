"""Links in a library: nothing they lead to outside the library is read or published.

A source file, or a plan's workout, that is a symbolic link whose real path is outside the
source folder (for a plan's workout: outside the plan's folder, as its text must be) is a
located error, and nothing of the file it leads to reaches index.html, the outputs,
plan.json or manifest.json, unless `ridec build --follow-symlinks` is given. Links to
folders are not searched without it. Before, the build followed every link to a file and
published what was behind it, and a plan's folder check read the text only.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.language.plan import expand_plan, load_plan
from ridec.library.engine import BuildRequest, build
from ridec.library.progress import SilentProgress
from tests.faults.bounded import assert_located_failure, run_ridec
from tests.faults.build_support import comparable, workout, write_files

SECRET = "Secret outside"
HINT = "build with --follow-symlinks to follow such links"


def _build(lib: Path, dist: Path, *, follow: bool = False) -> list[str]:
    request = BuildRequest((lib,), dist, ("json", "zwo"), follow_symlinks=follow)
    report = build(request, SilentProgress())
    return report.diagnostics()


def _published(dist: Path) -> bytes:
    return b"".join(comparable(dist).values())


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the library, with a workout nobody means to publish."""
    folder = tmp_path / "outside"
    write_files(folder, {"secret.ride": workout(SECRET, text="Private notes.")})
    return folder


def test_a_source_linked_out_of_the_library_is_refused_and_not_published(
    tmp_path: Path, outside: Path
) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"a.ride": workout("A")})
    (lib / "x.ride").symlink_to(outside / "secret.ride")
    problems = _build(lib, dist)
    assert problems == [
        f"{lib}/x.ride: error: it is a link out of the source folder "
        f"(to {outside}/secret.ride); not built\n  hint: copy the file into the source "
        f"folder, or {HINT}"
    ]
    assert (dist / "a.json").is_file()
    assert SECRET.encode() not in _published(dist)
    assert str(outside).encode() not in _published(dist)


def test_a_link_inside_the_library_is_built(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"sub/a.ride": workout("A")})
    (lib / "alias.ride").symlink_to("sub/a.ride")
    assert _build(lib, dist) == []
    assert (dist / "alias.json").read_bytes() == (dist / "sub/a.json").read_bytes()


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_plans_workout_linked_out_of_its_folder_is_a_located_error(
    tmp_path: Path, outside: Path, link: str
) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    name = "w.ride" if link == "file" else "shared/secret.ride"
    write_files(lib, {"p.plan": f'name: P\nweeks: 1\nworkout "{name}" 1 per week\n'})
    if link == "file":
        (lib / "w.ride").symlink_to(outside / "secret.ride")
    else:
        (lib / "shared").symlink_to(outside)
    problems = _build(lib, dist)
    expected = [
        f"{lib}/p.plan:3:9: error: cannot read `{name}`: it is a link out of the plan's "
        f"folder (to {outside}/secret.ride)"
    ]
    if link == "file":  # the workout is a source of the library too (a linked folder is not)
        expected.insert(
            0,
            f"{lib}/w.ride: error: it is a link out of the source folder "
            f"(to {outside}/secret.ride); not built",
        )
    assert [p.splitlines()[0] for p in problems] == expected
    assert problems[-1].endswith(f"  hint: copy the workout into the plan's folder, or {HINT}")
    assert SECRET.encode() not in _published(dist)


def test_the_commands_refuse_a_plans_workout_linked_out_too(tmp_path: Path, outside: Path) -> None:
    lib = tmp_path / "lib"
    write_files(lib, {"p.plan": 'name: P\nweeks: 1\nworkout "w.ride" 1 per week\n'})
    (lib / "w.ride").symlink_to(outside / "secret.ride")
    with pytest.raises(DiagnosticError) as caught:
        expand_plan(load_plan(lib / "p.plan"))
    (problem,) = caught.value.diagnostics
    assert problem.render().splitlines()[0] == (
        f"{lib}/p.plan:3:9: error: cannot read `w.ride`: it is a link out of the plan's "
        f"folder (to {outside}/secret.ride)"
    )
    run = run_ridec(["check", "p.plan"], lib)
    assert_located_failure(run, "p.plan:3:9", "it is a link out of the plan's folder")


def test_a_folder_linked_out_is_not_searched(tmp_path: Path, outside: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"a.ride": workout("A")})
    (lib / "shared").symlink_to(outside)
    assert _build(lib, dist) == []
    assert sorted(comparable(dist)) == sorted(
        p for p in comparable(dist) if not p.startswith("shared")
    )
    assert SECRET.encode() not in _published(dist)


def test_follow_symlinks_builds_what_links_lead_to_under_library_names(
    tmp_path: Path, outside: Path
) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"p.plan": 'name: P\nweeks: 1\nworkout "w.ride" 1 per week\n'})
    (lib / "w.ride").symlink_to(outside / "secret.ride")
    (lib / "x.ride").symlink_to(outside / "secret.ride")
    (lib / "shared").symlink_to(outside)
    (lib / "loop").symlink_to(".")  # followed once, not forever
    assert _build(lib, dist, follow=True) == []
    published = comparable(dist)
    assert {"w.json", "x.json", "shared/secret.json", "p/week-01/w.json"} <= set(published)
    assert not any(p.startswith("loop/") for p in published)
    assert str(outside).encode() not in _published(dist)  # named as in the library


def test_a_build_without_the_flag_withdraws_what_one_with_it_published(
    tmp_path: Path, outside: Path
) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"a.ride": workout("A"), "p.plan": 'weeks: 1\nworkout "w.ride"\n'})
    (lib / "w.ride").symlink_to(outside / "secret.ride")
    assert _build(lib, dist, follow=True) == []
    assert SECRET.encode() in _published(dist)
    problems = _build(lib, dist)
    assert len(problems) == 2  # the link itself, and the plan's line naming it
    assert SECRET.encode() not in _published(dist)
    assert (dist / "a.json").is_file()


def test_follow_symlinks_is_an_option_of_the_command(tmp_path: Path, outside: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    lib.mkdir()
    (lib / "x.ride").symlink_to(outside / "secret.ride")
    refused = _ridec(tmp_path, "build", "lib", "-o", "dist", "-t", "json", "-q")
    assert refused.returncode == 1
    assert refused.stderr.startswith("lib/x.ride: error: it is a link out of the source folder")
    done = _ridec(tmp_path, "build", "lib", "-o", "dist", "-t", "json", "--follow-symlinks")
    assert done.returncode == 0, done.stderr
    assert (dist / "x.json").is_file()


def _ridec(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from ridec.cli import main; main()", *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
