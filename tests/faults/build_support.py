"""Helpers for the build fault tests: small libraries, comparable snapshots, killed builds."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tests.library.build_helpers import run_build

PRIVATE = (".ridec/lock", ".ridec/stamps.json")
"""The build's own state that differs between equal builds (a lock, file metadata)."""
TARGETS = ("json", "zwo")

WORKOUT = """name: {name}
description: {text}
let reps = 2
warmup 5m 45%->65%
repeat $reps:
  interval 1m {power}%
  recovery 1m 50%
cooldown 3m 60%->45%
"""
PLAN = """name: Two weeks
weeks: 2
workout "a.ride" 1 per week:
  reps: 2, 3
"""


def workout(name: str, power: int = 90, text: str = "Steady.") -> str:
    """A small valid workout."""
    return WORKOUT.format(name=name, power=power, text=text)


def write_files(folder: Path, files: dict[str, str | None]) -> None:
    """Write (or, for None, delete) files under `folder`."""
    for name, text in files.items():
        path = folder / name
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


VERSION_1: dict[str, str | None] = {
    "a.ride": workout("A"),
    "b.ride": workout("B", 95),
    "c.ride": workout("C", 100),
    "p.plan": PLAN,
    "d.ride": None,
}
VERSION_2: dict[str, str | None] = {
    "a.ride": workout("A", 105, "Edited: harder."),
    "c.ride": None,
    "d.ride": workout("D", 85),
}
"""An incremental change: an edit (that the plan sees too), a deletion and an addition."""


def comparable(dist: Path) -> dict[str, bytes]:
    """Every file of a DIST but the build's private metadata, with its bytes."""
    found: dict[str, bytes] = {}
    for path in sorted(dist.rglob("*")):
        rel = path.relative_to(dist).as_posix()
        if path.is_file() and not path.is_symlink() and rel not in PRIVATE:
            found[rel] = path.read_bytes()
    return found


def clean_build(lib: Path, folder: Path, **options: Any) -> dict[str, bytes]:
    """What a build of `lib` into an empty folder gives."""
    report = run_build([lib], folder, **options)
    assert report.ok, report.diagnostics()
    return comparable(folder)


MUTATIONS = ("open", "replace", "rename", "unlink", "remove", "rmdir", "mkdir")
"""The calls that change the file system (`open` only when it creates or truncates)."""


def killed_build(lib: Path, dist: Path, at: int, **options: Any) -> int:
    """Run a build in a forked copy of this process that kills itself (SIGKILL) just before
    its `at`-th change to the file system; with `at` 0 it is not killed.

    Returns how many changes the build made when it finished, or -1 when it was killed.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read_end)
            counter = _count_changes(at)
            run_build([lib], dist, **options)
            os.write(write_end, str(counter()).encode("ascii"))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        told = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return -1
    assert os.WEXITSTATUS(status) == 0, "the build raised"
    return int(told)


def _count_changes(at: int) -> Callable[[], int]:
    count = 0

    def wrap(real: Callable[..., Any], name: str) -> Callable[..., Any]:
        def changing(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            creates = name != "open" or (args[1] & (os.O_CREAT | os.O_TRUNC))
            if creates:
                count += 1
                if count == at:
                    os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return changing

    for name in MUTATIONS:
        setattr(os, name, wrap(getattr(os, name), name))
    return lambda: count


def copy_dist(source: Path, target: Path) -> None:
    """A copy of an output folder (links kept as links)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)


def processes_with_parent(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    children: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry.name))
    return children


def running(pid: int) -> bool:
    """Whether a process exists and is not a zombie (an ended process not yet reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    """Run with a given umask."""
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)
