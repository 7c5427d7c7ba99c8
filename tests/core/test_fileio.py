"""Atomic writes: complete files with ordinary permissions, nothing left behind on failure."""

import os
from pathlib import Path

import pytest

from ridec.fileio import write_atomic


def test_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "w.zwo"
    write_atomic(target, b"old")
    write_atomic(target, b"new", durable=False)
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["w.zwo"]


def test_written_files_get_the_umask_mode_not_owner_only(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    target = tmp_path / "w.erg"
    write_atomic(target, b"x")
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_failure_keeps_the_old_bytes_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "w.fit"
    write_atomic(target, b"old")

    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["w.fit"]


def test_a_file_or_symlink_already_named_like_the_temporary_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import itertools

    import ridec.fileio

    monkeypatch.setattr(ridec.fileio, "_TEMP_SERIAL", itertools.count())
    victim = tmp_path / "elsewhere.txt"
    victim.write_bytes(b"keep me")
    stale = tmp_path / f".w.json.{os.getpid()}-0.tmp"
    stale.symlink_to(victim)  # a stale name from a killed run, or one planted there
    write_atomic(tmp_path / "w.json", b"{}")
    assert (tmp_path / "w.json").read_bytes() == b"{}"
    assert victim.read_bytes() == b"keep me"
    assert stale.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == [stale.name, "elsewhere.txt", "w.json"]


def test_an_oserror_is_described_in_words_never_by_its_class_name() -> None:
    import errno

    from ridec.fileio import reason

    assert reason(OSError(errno.ENOSPC, "No space left on device")) == "no space left on device"
    assert reason(OSError(errno.EACCES, "")) == "permission denied"
    missing = FileNotFoundError("schema zwo.xsd is not installed with ridec")
    assert reason(missing) == "schema zwo.xsd is not installed with ridec"
    assert reason(OSError()) == "the system gave no reason"
