"""Inputs that are not regular files, loops and odd names: exit 1 and a located message.

Each command runs in a child under the memory cap and the hang timeout of `bounded`.
Before: `import` of a symlink to /dev/zero read until MemoryError, `validate` of a FIFO
blocked for ever, and odd names ended in tracebacks.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.faults.bounded import assert_located_failure, run_ridec

STEADY = "name: S\n10m 60%\n"


def test_import_of_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "z.zwo").symlink_to("/dev/zero")
    run = run_ridec(["import", "z.zwo"], tmp_path)
    assert_located_failure(
        run, "z.zwo", "cannot read the file: it is a character device, not a regular file"
    )
    assert run.stdout == ""


@pytest.mark.parametrize(
    ("command", "name"),
    [(["validate"], "p.erg"), (["check"], "x.ride"), (["import"], "f.fit"), (["fmt"], "y.ride")],
)
def test_a_fifo_without_a_writer_is_refused_without_blocking(
    tmp_path: Path, command: list[str], name: str
) -> None:
    os.mkfifo(tmp_path / name)
    run = run_ridec([*command, name], tmp_path)
    assert_located_failure(
        run, name, "cannot read the file: it is a named pipe (FIFO), not a regular file"
    )


def test_a_socket_is_refused(tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.mrc"))
        run = run_ridec(["show", "s.mrc"], tmp_path)
    assert_located_failure(run, "s.mrc", "it is a socket, not a regular file")


def test_a_folder_named_like_a_workout_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d.ride").mkdir()
    run = run_ridec(["check", "d.ride"], tmp_path)
    assert_located_failure(run, "d.ride", "cannot read the file: it is a folder")


def test_a_symlink_loop_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "a.ride").symlink_to("b.ride")
    (tmp_path / "b.ride").symlink_to("a.ride")
    run = run_ridec(["check", "a.ride"], tmp_path)
    assert_located_failure(run, "a.ride", "too many levels of symbolic links")
    assert "hint: a symbolic link on the path points back at itself" in run.stderr


def test_a_name_of_300_characters_is_a_located_error(tmp_path: Path) -> None:
    name = "w" * 295 + ".ride"
    run = run_ridec(["compile", name], tmp_path)
    assert_located_failure(run, name, "cannot read the file: file name too long")


def test_an_output_folder_under_a_file_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "s.ride").write_text(STEADY)
    (tmp_path / "file").write_text("not a folder")
    run = run_ridec(["compile", "-t", "json", "-o", "file/out", "s.ride"], tmp_path)
    assert_located_failure(run, "file/out/s.json", "cannot write the file: not a directory")
    assert (tmp_path / "file").read_text() == "not a folder"


def test_a_file_named_dot_dot_ride_compiles_to_dot_dot_json(tmp_path: Path) -> None:
    (tmp_path / "..ride").write_text(STEADY)
    run = run_ridec(["compile", "-t", "json", "..ride"], tmp_path)
    assert (run.code, run.stderr) == (0, "..ride: json: exact\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["..json", "..ride"]


def test_a_source_larger_than_the_limit_is_refused_at_the_limit(tmp_path: Path) -> None:
    with (tmp_path / "big.zwo").open("wb") as handle:
        handle.truncate(16 * 1024 * 1024 + 1)  # sparse: costs no disk
    run = run_ridec(["validate", "big.zwo"], tmp_path)
    assert_located_failure(
        run, "big.zwo: offset 16777216", "it is larger than 16 MiB, the most ridec reads"
    )
