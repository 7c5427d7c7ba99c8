"""Batched atomic writes (`ridec import`): nothing under a final name before the one flush,
complete files after it, nothing left behind on failure, and import's checks unchanged."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ridec import batchwrite
from ridec.batchwrite import SYNC_EVERY, Batch
from ridec.cli import app
from ridec.diagnostics import Diagnostic, DiagnosticError, Severity
from tests.paths import CORPUS

ZWO = CORPUS / "zwo" / "ridec__2015-short-mix.zwo"


def test_files_appear_complete_and_only_after_the_one_flush(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    syncs: list[list[str]] = []
    listing = lambda: syncs.append(sorted(os.listdir(tmp_path / "out")))  # noqa: E731
    monkeypatch.setattr(batchwrite, "_SYNC", listing)
    monkeypatch.setattr(os, "fsync", lambda fd: pytest.fail("no file is flushed on its own"))
    with Batch() as batch:
        batch.write(tmp_path / "out" / "a.ride", b"a")
        batch.write(tmp_path / "out" / "b.ride", b"b")
        assert batch.holds(tmp_path / "out" / "a.ride") and not batch.full
        assert not (tmp_path / "out" / "a.ride").exists()  # only temporary names so far
        assert batch.commit() == []
    assert len(syncs) == 1 and all(name.endswith(".tmp") for name in syncs[0])
    assert sorted(os.listdir(tmp_path / "out")) == ["a.ride", "b.ride"]
    assert (tmp_path / "out" / "b.ride").read_bytes() == b"b"
    assert not batch.holds(tmp_path / "out" / "a.ride")


def test_without_sync_each_file_is_flushed_as_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[int] = []
    monkeypatch.setattr(batchwrite, "_SYNC", None)  # as on Windows: no os.sync
    monkeypatch.setattr(os, "fsync", flushed.append)
    with Batch() as batch:
        batch.write(tmp_path / "a.ride", b"a")
        batch.write(tmp_path / "b.ride", b"b")
        assert batch.commit() == []
    assert len(flushed) == 2 and (tmp_path / "b.ride").read_bytes() == b"b"


def test_an_empty_batch_does_not_flush(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batchwrite, "_SYNC", lambda: pytest.fail("nothing to flush"))
    assert Batch().commit() == []


def test_a_batch_is_due_after_sync_every_files(tmp_path: Path) -> None:
    batch = Batch()
    for index in range(SYNC_EVERY):
        assert not batch.full
        batch.write(tmp_path / f"{index}.ride", b"x")
    assert batch.full
    batch.commit()
    assert len(os.listdir(tmp_path)) == SYNC_EVERY and not batch.full


def test_an_exception_removes_what_was_not_renamed_and_the_folders_made(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), Batch() as batch:
        batch.write(tmp_path / "made" / "inner" / "a.ride", b"a")
        batch.write(tmp_path / "made" / "inner" / "b.ride", b"b")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_rename_that_fails_is_a_diagnostic_and_the_others_are_made(tmp_path: Path) -> None:
    (tmp_path / "taken.ride").mkdir()  # a folder: no file can be renamed over it
    batch = Batch()
    batch.write(tmp_path / "taken.ride", b"x")
    batch.write(tmp_path / "fine.ride", b"y")
    problems = batch.commit()
    assert [(p.path, p.message.startswith("cannot write the file")) for p in problems] == [
        (str(tmp_path / "taken.ride"), True)
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fine.ride", "taken.ride"]
    assert (tmp_path / "fine.ride").read_bytes() == b"y"


def test_a_file_made_meanwhile_is_not_replaced_when_asked(tmp_path: Path) -> None:
    """As on a disk that does not tell `X.ride` from `x.ride`: the name is taken by the
    time the batch is renamed into place."""
    there = Diagnostic(Severity.ERROR, "already there", None, path=str(tmp_path / "x.ride"))
    batch = Batch()
    batch.write(tmp_path / "x.ride", b"new", unless_there=there)
    batch.write(tmp_path / "y.ride", b"forced")
    (tmp_path / "x.ride").write_bytes(b"old")
    (tmp_path / "y.ride").write_bytes(b"old")
    assert batch.commit() == [there]
    assert (tmp_path / "x.ride").read_bytes() == b"old"
    assert (tmp_path / "y.ride").read_bytes() == b"forced"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.ride", "y.ride"]


def test_a_write_that_fails_is_a_diagnostic_naming_the_path(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(DiagnosticError) as caught:
        Batch().write(tmp_path / "file" / "a.ride", b"x")  # a file where a folder should be
    assert caught.value.diagnostics[0].path == str(tmp_path / "file" / "a.ride")


def test_import_refuses_a_second_input_of_the_same_name_waiting_in_the_batch(
    tmp_path: Path,
) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.zwo").write_bytes(ZWO.read_bytes())
    out = tmp_path / "out"
    inputs = [str(tmp_path / "one" / "x.zwo"), str(tmp_path / "two" / "x.zwo")]
    result = CliRunner().invoke(app, ["import", *inputs, "-o", str(out)])
    assert result.exit_code == 1
    assert f"{out / 'x.ride'}: error: a .ride file of this name already exists" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["x.ride"]
    forced = CliRunner().invoke(app, ["import", *inputs, "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert sorted(p.name for p in out.iterdir()) == ["x.ride"]


def _temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_an_interrupt_during_the_flush_removes_every_waiting_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: commit took the files off its list before flushing, so Ctrl+C during a slow
    # sync left all of them (128) as temporary files.
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batchwrite, "_SYNC", interrupted)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(KeyboardInterrupt), Batch() as batch:
        for name in "abc":
            batch.write(out / f"{name}.ride", name.encode())
        batch.commit()
    assert os.listdir(out) == []


def test_an_interrupt_among_the_renames_keeps_the_renamed_and_removes_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batchwrite, "_SYNC", lambda: None)
    real_replace, calls = os.replace, []

    def replace(src: str, dst: Path) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt), Batch() as batch:
        for name in "abc":
            batch.write(out / f"{name}.ride", name.encode())
        batch.commit()
    assert sorted(os.listdir(out)) == ["a.ride"]
    assert (out / "a.ride").read_bytes() == b"a"


def _not_an_interrupt(signum: int, frame: object) -> None:
    raise RuntimeError("SIGTERM reached the handler that was there before the batch")


def test_sigterm_while_files_wait_is_an_interrupt_that_removes_them(tmp_path: Path) -> None:
    # The test's own handler stands for the default (which would end pytest itself).
    before = signal.signal(signal.SIGTERM, _not_an_interrupt)
    out = tmp_path / "out"
    out.mkdir()
    try:
        with pytest.raises(KeyboardInterrupt), Batch() as batch:
            batch.write(out / "a.ride", b"a")
            assert _temporaries(out) != []
            os.kill(os.getpid(), signal.SIGTERM)
            signal.pause()  # not reached: the handler raises at once
        assert os.listdir(out) == []
        assert signal.getsignal(signal.SIGTERM) is _not_an_interrupt
    finally:
        signal.signal(signal.SIGTERM, before)
