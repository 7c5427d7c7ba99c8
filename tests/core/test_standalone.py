"""The repository is the whole product: a clone alone in an empty folder collects every test,
and nothing in it refers to a folder beside it (except `make corpus`'s default)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT

BESIDE = b".." + b"/shared"
"""A path to a folder beside the repository (spelled in two parts so this file has none)."""
ALLOWED = {("Makefile", b"RIDEC_CORPUS ?= " + BESIDE + b"/corpus")}
"""The one place it may appear: the external corpus `make corpus` reads by default."""
SUMMARY = re.compile(r"(\d+)(?:/\d+)? tests? collected(?: \(\d+ deselected\))? in [\d.]+s")


def _git(folder: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", *arguments], cwd=folder, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_a_clone_alone_in_an_empty_folder_collects_every_test(tmp_path: Path) -> None:
    clone = tmp_path / "ridec"
    _git(tmp_path, "clone", "--quiet", str(ROOT), str(clone))
    assert _git(clone, "rev-parse", "HEAD") == _git(ROOT, "rev-parse", "HEAD")
    assert [p.name for p in tmp_path.iterdir()] == ["ridec"]
    env = {**os.environ, "PYTHONPATH": str(clone / "src")}  # the clone's code, not this tree's
    where = subprocess.run(
        [sys.executable, "-c", "import ridec; print(ridec.__file__)"],
        cwd=clone, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(clone)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-p", "no:cacheprovider"],
        cwd=clone, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    summary = output.strip().splitlines()[-1]
    found = SUMMARY.fullmatch(summary)
    assert found, summary  # no "error", no "skipped" in the summary
    assert int(found[1]) > 500
    assert "NOTSET" not in output, "a parametrize over an empty list (a folder not found?)"


def _shipped_files() -> list[str]:
    listed = _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def test_nothing_refers_to_a_folder_beside_the_repository() -> None:
    found = {
        (name, line.strip())
        for name in _shipped_files()
        for line in (ROOT / name).read_bytes().splitlines()
        if BESIDE in line
    }
    assert found == ALLOWED
