"""A build never hides an edit: the bytes hashed are the bytes compiled, read once.

Before, a source was hashed when the build was planned and read again when it was compiled
(a plan's workouts too: hashed, then read again to expand the plan). An edit undone between
the two paired the edited version's hash with the other version's outputs; redone, the
next build said "unchanged" and the outputs stayed stale. The tests undo the edit at the
exact moment the old code read again (deterministically, through a hook), then redo it and
build once more: the outputs must be those of a clean build.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ridec.formats.base import CompileOptions
from ridec.language import plan as plan_module
from ridec.library import runner
from ridec.library.compiler import BuildSettings
from ridec.library.discover import discover
from ridec.library.jobs import Pending, load
from ridec.library.outdir import OutputDir
from ridec.library.worker import run_job
from tests.faults.build_support import TARGETS, clean_build, comparable, workout, write_files
from tests.library.build_helpers import run_build

V1 = workout("A", 90, "Version one.")
V2 = workout("A", 110, "Version two.")
PLAN = 'name: Two weeks\nweeks: 2\nworkout "w/a.ride" 1 per week:\n  reps: 2, 3\n'


def _undo_when(
    monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, path: Path
) -> Callable[[], int]:
    """Make `owner.name` write V1 into `path` (undo the edit) each time before it runs;
    returns how many times it did."""
    real = getattr(owner, name)
    calls = 0

    def undoing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        path.write_text(V1, encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, undoing)
    return lambda: calls


def test_an_edit_undone_while_a_workout_compiles_is_never_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"a.ride": V1})
    assert run_build([lib], dist, targets=TARGETS).ok
    write_files(lib, {"a.ride": V2})  # the edit
    # The build starts; the edit is undone between the planning and the compiling.
    undone = _undo_when(monkeypatch, runner, "run_job", lib / "a.ride")
    assert run_build([lib], dist, targets=TARGETS).ok
    assert undone() == 1
    monkeypatch.undo()
    write_files(lib, {"a.ride": V2})  # redone
    assert run_build([lib], dist, targets=TARGETS).ok
    assert comparable(dist) == clean_build(lib, tmp_path / "clean", targets=TARGETS)


def test_an_edit_undone_while_a_plan_reads_its_workouts_is_never_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"p.plan": PLAN, "w/a.ride": V1})
    assert run_build([lib], dist, targets=TARGETS).ok
    write_files(lib, {"w/a.ride": V2})
    # Undone between the plan's read (and its hash) and its workouts' read.
    undone = _undo_when(monkeypatch, plan_module, "expand_plan", lib / "w/a.ride")
    assert run_build([lib], dist, targets=TARGETS).ok
    assert undone() == 1
    monkeypatch.undo()
    write_files(lib, {"w/a.ride": V2})
    assert run_build([lib], dist, targets=TARGETS).ok
    assert comparable(dist) == clean_build(lib, tmp_path / "clean", targets=TARGETS)


def test_each_file_is_opened_once_per_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"p.plan": PLAN, "w/a.ride": V1, "b.ride": V1})
    assert run_build([lib], dist, targets=TARGETS).ok
    write_files(lib, {"p.plan": PLAN + "\n", "w/a.ride": V2, "b.ride": V2})
    opened: list[str] = []
    real_open = os.open

    def counting(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(lib)):
            opened.append(Path(path).relative_to(lib).as_posix())
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", counting)
    report = run_build([lib], dist, targets=TARGETS)
    assert (report.compiled, report.unchanged) == (3, 0)
    # Once per job that compiles it: `w/a.ride` is a source and a workout of the plan.
    assert Counter(opened) == {"b.ride": 1, "p.plan": 1, "w/a.ride": 2}


def test_a_job_carries_its_bytes_and_compiles_with_the_library_gone(tmp_path: Path) -> None:
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"p.plan": PLAN, "w/a.ride": V2})
    clean = clean_build(lib, tmp_path / "clean", targets=("json",))
    sources, _ = discover([lib], dist)
    jobs = [pickle.loads(pickle.dumps(load(Pending(source)))) for source in sources]
    shutil.rmtree(lib)
    settings = BuildSettings(dist, ("json",), (), CompileOptions(), token="0" * 16)
    dist.mkdir()
    with OutputDir(dist, settings.token) as out:
        results = [run_job(job, settings, out) for job in jobs]
    assert [r.diagnostics for r in results] == [(), ()]
    plan_files = {p: d for p, d in clean.items() if p.startswith("p/")}
    assert {p: d for p, d in comparable(dist).items() if p.startswith("p/")} == plan_files
