"""A build killed at any point of an incremental build: the next build is a clean build.

The killed build runs in a forked copy of the test process that sends itself SIGKILL just
before its Nth change to the file system (a file created, renamed or removed, a folder made
or removed), for every N the build makes. After each kill, the sources are first reverted
(the edit undone: the outputs the killed build wrote for it must not be trusted) and then
edited again; each rebuild must equal a build of the same sources into an empty folder, byte
for byte.
"""

from __future__ import annotations

from pathlib import Path

from tests.faults.build_support import (
    TARGETS,
    VERSION_1,
    VERSION_2,
    clean_build,
    comparable,
    copy_dist,
    killed_build,
    write_files,
)
from tests.library.build_helpers import run_build


def test_a_build_killed_at_any_point_is_finished_by_the_next(tmp_path: Path) -> None:
    lib, before = tmp_path / "lib", tmp_path / "before"
    write_files(lib, VERSION_1)
    clean_1 = clean_build(lib, tmp_path / "clean-1", targets=TARGETS)
    assert run_build([lib], before, targets=TARGETS).ok
    write_files(lib, VERSION_2)
    clean_2 = clean_build(lib, tmp_path / "clean-2", targets=TARGETS)

    counting = tmp_path / "counting"
    copy_dist(before, counting)
    changes = killed_build(lib, counting, 0, targets=TARGETS)
    assert changes > 20, "the incremental build should make many changes"
    assert comparable(counting) == clean_2

    failures: list[str] = []
    dist = tmp_path / "dist"
    for point in range(1, changes + 1):
        copy_dist(before, dist)
        write_files(lib, VERSION_2)
        assert killed_build(lib, dist, point, targets=TARGETS) == -1
        write_files(lib, VERSION_1)
        reverted = run_build([lib], dist, targets=TARGETS)
        if not reverted.ok or comparable(dist) != clean_1:
            failures.append(f"killed before change {point}, then reverted: {_diff(dist, clean_1)}")
        write_files(lib, VERSION_2)
        edited = run_build([lib], dist, targets=TARGETS)
        if not edited.ok or comparable(dist) != clean_2:
            failures.append(f"killed before change {point}, then edited: {_diff(dist, clean_2)}")
        write_files(lib, VERSION_1)
    assert failures == [], "\n".join(failures)


def _diff(dist: Path, expected: dict[str, bytes]) -> list[str]:
    got = comparable(dist)
    return sorted(p for p in set(got) | set(expected) if got.get(p) != expected.get(p))
