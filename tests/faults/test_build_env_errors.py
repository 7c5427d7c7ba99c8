"""Environment failures while building: each one a diagnostic, `path: error: what happened`.

Failures are injected at the lowest calls that create and write files (`os.open`, `os.write`,
`os.mkdir`), for files in one folder of DIST only; the build runs in this process (`-j 1`).
Each failing source reports its error, the other sources are still built, nothing partial is
left and the earlier outputs are intact; without the fault, the next build is a clean build.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.build_support import clean_build, comparable, workout, write_files
from tests.library.build_helpers import run_build, snapshot

FAULTS = {
    errno.ENOSPC: "no space left on device",
    errno.EACCES: "permission denied",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOTDIR: "not a directory",
    errno.EROFS: "read-only file system",
}


def _folder(path: Any, dir_fd: int | None) -> str:
    """The real folder a path given to a system call names a file in."""
    base = os.readlink(f"/proc/self/fd/{dir_fd}") if dir_fd is not None else os.getcwd()
    return os.path.dirname(os.path.realpath(os.path.join(base, os.fsdecode(path))))


def _in(folder: Path, found: str) -> bool:
    real = os.path.realpath(folder)
    return found == real or found.startswith(real + os.sep)


@pytest.fixture
def inject(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """`inject(code, folder, call)`: make `call` fail with `code` for files in `folder`."""
    real_open, real_write, real_mkdir = os.open, os.write, os.mkdir

    def arrange(code: int, folder: Path, call: str, *, deep: bool = False) -> None:
        def hit(where: str) -> bool:
            return _in(folder, where) if deep else where == os.path.realpath(folder)

        def failing_open(path: Any, flags: int, *args: Any, dir_fd: int | None = None) -> int:
            if call == "open" and flags & os.O_CREAT and hit(_folder(path, dir_fd)):
                raise OSError(code, os.strerror(code), os.fsdecode(path))
            return real_open(path, flags, *args, dir_fd=dir_fd)

        def failing_write(fd: int, data: Any) -> int:
            if call == "write" and hit(os.path.dirname(os.readlink(f"/proc/self/fd/{fd}"))):
                raise OSError(code, os.strerror(code))
            return real_write(fd, data)

        def failing_mkdir(path: Any, *args: Any, dir_fd: int | None = None) -> None:
            if call == "open" and hit(_folder(path, dir_fd)):
                raise OSError(code, os.strerror(code), os.fsdecode(path))
            real_mkdir(path, *args, dir_fd=dir_fd)

        monkeypatch.setattr(os, "open", failing_open)
        monkeypatch.setattr(os, "write", failing_write)
        monkeypatch.setattr(os, "mkdir", failing_mkdir)

    return arrange


@pytest.fixture
def built(tmp_path: Path) -> Iterator[tuple[Path, Path, dict[str, bytes]]]:
    """A library built once, then edited: (library, DIST, the first build's files)."""
    lib, dist = tmp_path / "lib", tmp_path / "dist"
    write_files(lib, {"ok.ride": workout("Ok"), "sub/bad.ride": workout("Bad")})
    assert run_build([lib], dist, targets=("json",)).ok
    earlier = snapshot(dist)
    write_files(lib, {"ok.ride": workout("Ok", 99), "sub/bad.ride": workout("Bad", 99)})
    yield lib, dist, earlier


@pytest.mark.parametrize(
    "fault",
    [
        (errno.ENOSPC, "write"),
        (errno.ENOSPC, "open"),
        (errno.EACCES, "open"),
        (errno.ENAMETOOLONG, "open"),
        (errno.ENOTDIR, "open"),
    ],
    ids=["ENOSPC-write", "ENOSPC-create", "EACCES", "ENAMETOOLONG", "ENOTDIR"],
)
def test_a_fault_in_one_folder_fails_its_source_only(
    built: tuple[Path, Path, dict[str, bytes]],
    inject: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fault: tuple[int, str],
) -> None:
    lib, dist, earlier = built
    code, call = fault
    inject(code, dist / "sub", call)
    report = run_build([lib], dist, targets=("json",))
    key = lib.as_posix()
    assert report.diagnostics() == [
        f"{dist}/sub/bad.json: error: cannot write: {FAULTS[code]} (writing for {key}/sub/bad.ride)"
    ]
    assert (report.compiled, report.failed) == (1, 1)
    after = snapshot(dist)
    assert after["sub/bad.json"] == earlier["sub/bad.json"]
    assert after["ok.json"] != earlier["ok.json"]  # the other source was built
    assert [p for p in after if p.endswith(".tmp")] == []
    # Without the fault, the next build finishes the job.
    monkeypatch.undo()
    assert run_build([lib], dist, targets=("json",)).ok
    assert comparable(dist) == clean_build(lib, tmp_path / "clean", targets=("json",))


def test_an_unwritable_dist_reports_every_file_and_keeps_the_earlier_ones(
    built: tuple[Path, Path, dict[str, bytes]], inject: Callable[..., None]
) -> None:
    lib, dist, earlier = built
    inject(errno.EACCES, dist, "open")
    report = run_build([lib], dist, targets=("json",))
    key = lib.as_posix()
    assert report.diagnostics() == [
        f"{dist}/index.html: error: cannot write: permission denied",
        f"{dist}/manifest.json: error: cannot write: permission denied",
        f"{dist}/ok.json: error: cannot write: permission denied (writing for {key}/ok.ride)",
    ]
    assert (report.compiled, report.failed) == (1, 1)
    after = snapshot(dist)
    for name in ("ok.json", "index.html", "manifest.json"):
        assert after[name] == earlier[name]


def test_a_read_only_dist_is_one_error_and_changes_nothing(
    built: tuple[Path, Path, dict[str, bytes]], inject: Callable[..., None]
) -> None:
    lib, dist, earlier = built
    inject(errno.EROFS, dist, "open", deep=True)
    report = run_build([lib], dist, targets=("json",))
    assert report.diagnostics() == [
        f"{dist}/.ridec/lock: error: cannot create the build's lock file: read-only file system"
    ]
    assert snapshot(dist) == earlier


def test_a_file_where_dist_needs_a_folder_fails_that_source_only(
    built: tuple[Path, Path, dict[str, bytes]],
) -> None:
    lib, dist, _ = built
    for path in (dist / "sub").iterdir():
        path.unlink()
    (dist / "sub").rmdir()
    (dist / "sub").write_text("a file of mine\n")
    report = run_build([lib], dist, targets=("json",))
    assert report.diagnostics() == [
        f"{dist}/sub: error: cannot open folder: not a directory "
        f"(writing for {lib.as_posix()}/sub/bad.ride)"
    ]
    assert (dist / "sub").read_text() == "a file of mine\n"
    assert report.compiled == 1


@pytest.mark.parametrize(
    ("name", "reason"),
    [("file/dist", "not a directory"), ("x" * 300, "file name too long")],
    ids=["under-a-file", "name-too-long"],
)
def test_an_output_folder_that_cannot_exist_is_one_diagnostic(
    tmp_path: Path, name: str, reason: str
) -> None:
    lib = tmp_path / "lib"
    write_files(lib, {"ok.ride": workout("Ok")})
    (tmp_path / "file").write_text("")
    dist = tmp_path / name
    report = run_build([lib], dist, targets=("json",))
    assert report.diagnostics() == [f"{dist}: error: cannot create the output folder: {reason}"]
