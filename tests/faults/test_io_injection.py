"""Failure injection: the lowest write, open and mkdir calls fail as a full disk, a refused
permission, a name too long or a file in the way would make them fail.

Each case asserts the exact diagnostic (`path: error: what happened`, then the hint), exit
code 1, that the outputs an earlier run wrote still hold their bytes, and that no
temporary file or half-made folder is left behind. Before, each was a traceback.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ridec.cli import app

runner = CliRunner()

WORKOUT = "name: Tempo\nwarmup 10m 50%->70%\nrepeat 3:\n  8m 88%\n  2m 55%\ncooldown 5m 50%\n"
EDITED = WORKOUT.replace("88%", "92%")
TARGETS = ("zwo", "erg", "mrc", "fit", "json")


def failing(errno_: int, when: Callable[[Any], bool]) -> Callable[..., Any]:
    """A stand-in that raises OSError(errno_) when `when(first argument)` holds."""

    def wrapper(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if when(args[0]):
                raise OSError(errno_, os.strerror(errno_), str(args[0]))
            return real(*args, **kwargs)

        return call

    return wrapper


@pytest.fixture
def library(tmp_path: Path) -> Iterator[tuple[Path, Path, dict[str, bytes]]]:
    """A source, an output folder with every target compiled once, and those bytes."""
    source = tmp_path / "tempo.ride"
    source.write_text(WORKOUT)
    out = tmp_path / "out"
    result = runner.invoke(app, ["compile", str(source), "-o", str(out), "--ftp", "250"])
    assert result.exit_code == 0, result.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(before) == sorted(f"tempo.{t}" for t in TARGETS)
    source.write_text(EDITED)
    yield source, out, before


def everything(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize(
    ("code", "reason", "hint"),
    [
        (
            errno.ENOSPC,
            "no space left on device",
            "the disk is full; free some space and run the command again",
        ),
        (errno.EDQUOT, "disk quota exceeded", "the disk quota is used up; free some space"),
    ],
)
def test_compile_on_a_full_disk_keeps_every_earlier_output(
    library: tuple[Path, Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    reason: str,
    hint: str,
) -> None:
    source, out, before = library
    monkeypatch.setattr(os, "write", failing(code, lambda fd: True)(os.write))
    result = runner.invoke(app, ["compile", str(source), "-o", str(out), "--ftp", "250"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for target in TARGETS:
        assert f"{out}/tempo.{target}: error: cannot write the file: {reason}" in lines
    assert all(line.startswith(f"  hint: {hint}") for line in lines if "hint" in line)
    assert "Traceback" not in result.stderr
    assert everything(out) == before


def test_compile_into_a_read_only_folder_is_one_error_per_output(
    library: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out, before = library
    inside = str(out)
    opening = failing(errno.EROFS, lambda path: str(path).startswith(inside))
    monkeypatch.setattr(os, "open", opening(os.open))
    result = runner.invoke(app, ["compile", str(source), "-o", str(out), "-t", "fit"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"{out}/tempo.fit: error: cannot write the file: read-only file system",
        "  hint: the file system is read-only; write to another folder with -o DIR",
    ]
    assert everything(out) == before


def test_a_permission_refused_on_a_new_folder_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "tempo.ride"
    source.write_text(WORKOUT)
    monkeypatch.setattr(os, "open", failing(errno.EACCES, lambda p: "/new/" in str(p))(os.open))
    target = tmp_path / "new" / "deeper"
    result = runner.invoke(app, ["compile", str(source), "-t", "json", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{target}/tempo.json: error: cannot write the file: permission denied",
        "  hint: check the permissions of the file and its folders",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tempo.ride"]


def test_a_name_too_long_for_the_file_system(tmp_path: Path) -> None:
    source = tmp_path / "tempo.ride"
    source.write_text(WORKOUT)
    folder = tmp_path / ("f" * 300)
    result = runner.invoke(app, ["compile", str(source), "-t", "json", "-o", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder}/tempo.json: error: cannot write the file: file name too long",
        "  hint: the name is longer than the file system allows; use a shorter name",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tempo.ride"]


def test_a_file_where_a_folder_is_needed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "tempo.ride"
    source.write_text(WORKOUT)
    monkeypatch.setattr(os, "mkdir", failing(errno.ENOTDIR, lambda p: True)(os.mkdir))
    result = runner.invoke(app, ["compile", str(source), "-t", "zwo", "-o", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path}/x/tempo.zwo: error: cannot write the file: not a directory",
        "  hint: a part of the path is a file, not a folder",
    ]


def test_reading_a_source_refused_by_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "tempo.ride"
    source.write_text(WORKOUT)
    monkeypatch.setattr(
        os, "open", failing(errno.EACCES, lambda p: str(p).endswith(".ride"))(os.open)
    )
    for command in ("check", "show", "fmt", "compile", "validate"):
        result = runner.invoke(app, [command, str(source)])
        assert result.exit_code == 1, command
        assert result.stderr.splitlines()[:2] == [
            f"{source}: error: cannot read the file: permission denied",
            "  hint: check the permissions of the file and its folders",
        ], command


def test_import_on_a_full_disk_keeps_the_ride_file_it_would_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "tempo.ride"
    source.write_text(WORKOUT)
    assert (
        runner.invoke(app, ["compile", str(source), "-t", "zwo", "-o", str(tmp_path)]).exit_code
        == 0
    )
    folder = tmp_path / "imported"
    folder.mkdir()
    kept = folder / "tempo.ride"
    kept.write_text("# my own edits\n" + WORKOUT)
    monkeypatch.setattr(os, "write", failing(errno.ENOSPC, lambda fd: True)(os.write))
    result = runner.invoke(
        app, ["import", str(tmp_path / "tempo.zwo"), "-o", str(folder), "--force"]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{kept}: error: cannot write the file: no space left on device",
        "  hint: the disk is full; free some space and run the command again",
    ]
    assert kept.read_text() == "# my own edits\n" + WORKOUT
    assert [p.name for p in folder.iterdir()] == ["tempo.ride"]


def test_fmt_on_a_full_disk_keeps_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "messy.ride"
    messy = "name:   Messy\n10m    60%\n"
    source.write_text(messy)
    monkeypatch.setattr(os, "write", failing(errno.ENOSPC, lambda fd: True)(os.write))
    result = runner.invoke(app, ["fmt", str(source)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{source}: error: cannot write the file: no space left on device",
        "  hint: the disk is full; free some space and run the command again",
    ]
    assert source.read_text() == messy
    assert [p.name for p in tmp_path.iterdir()] == ["messy.ride"]


def test_show_chart_on_a_full_disk_keeps_the_earlier_chart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "tempo.ride"
    source.write_text(WORKOUT)
    chart = tmp_path / "chart.svg"
    chart.write_text("<svg>earlier</svg>")
    monkeypatch.setattr(os, "write", failing(errno.ENOSPC, lambda fd: True)(os.write))
    result = runner.invoke(app, ["show", str(source), "--svg", str(chart)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{chart}: error: cannot write the file: no space left on device",
        "  hint: the disk is full; free some space and run the command again",
    ]
    assert chart.read_text() == "<svg>earlier</svg>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.svg", "tempo.ride"]


def test_import_into_a_folder_whose_name_is_too_long_is_a_diagnostic(tmp_path: Path) -> None:
    source = tmp_path / "tempo.ride"
    source.write_text(WORKOUT)
    folder = tmp_path / ("d" * 300)
    result = runner.invoke(app, ["import", str(source), "-o", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder}/tempo.ride: error: cannot write the file: file name too long",
        "  hint: the name is longer than the file system allows; use a shorter name",
    ]


def test_a_folder_made_meanwhile_by_another_process_is_used_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ridec.fileio import write_atomic

    target = tmp_path / "a" / "b" / "w.json"
    real_mkdir = os.mkdir

    def racing(path: Any, *args: Any) -> None:
        real_mkdir(path, *args)  # the other worker wins the race...
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))

    monkeypatch.setattr(os, "mkdir", racing)
    write_atomic(target, b"{}")
    assert target.read_bytes() == b"{}"
