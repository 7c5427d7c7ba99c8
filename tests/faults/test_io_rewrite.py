"""`ridec fmt` rewrites a file's text and nothing else: mode, owner, links stay.

Before: `fmt` renamed a new file over the old one, so a 0600 file came back 0644 (the umask),
a file owned by another user became root's, a symbolic link was replaced by a regular file
(the target kept the old text), and of two hard links only the name given got the new text.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ridec import fileio
from ridec.cli import app
from ridec.diagnostics import DiagnosticError

runner = CliRunner()

MESSY = "name:   Tempo\n10m    60%\n"
TIDY = "name: Tempo\n\n10m 60%\n"


def messy(path: Path, mode: int = 0o644) -> Path:
    path.write_text(MESSY)
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604])
def test_the_mode_is_kept(tmp_path: Path, mode: int) -> None:
    source = messy(tmp_path / "w.ride", mode)
    result = runner.invoke(app, ["fmt", str(source)])
    assert result.exit_code == 0, result.stderr
    assert source.read_text() == TIDY
    assert stat.S_IMODE(source.stat().st_mode) == mode


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = messy(tmp_path / "real" / "w.ride", 0o600)
    link = tmp_path / "link.ride"
    link.symlink_to(Path("real") / "w.ride")
    result = runner.invoke(app, ["fmt", str(link)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"reformatted {link}\n"
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("real") / "w.ride")
    assert target.read_text() == TIDY
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["w.ride"]  # no .tmp left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ride", "real"]


def test_a_chain_of_links_reaches_the_file(tmp_path: Path) -> None:
    target = messy(tmp_path / "w.ride")
    (tmp_path / "one.ride").symlink_to("w.ride")
    (tmp_path / "two.ride").symlink_to("one.ride")
    result = runner.invoke(app, ["fmt", str(tmp_path / "two.ride")])
    assert result.exit_code == 0, result.stderr
    assert target.read_text() == TIDY
    assert (tmp_path / "one.ride").is_symlink() and (tmp_path / "two.ride").is_symlink()


def test_a_file_with_two_names_is_refused_and_left_alone(tmp_path: Path) -> None:
    source = messy(tmp_path / "w.ride")
    other = tmp_path / "other.ride"
    os.link(source, other)
    result = runner.invoke(app, ["fmt", str(source)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{source}: error: cannot rewrite the file: it has 2 names (hard links), and the "
        "others would keep the old text; nothing was written",
        "  hint: format a copy, or remove the other links (`ls -i` shows the file's number)",
    ]
    assert source.read_text() == other.read_text() == MESSY
    assert source.stat().st_ino == other.stat().st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.ride", "w.ride"]


def test_check_only_reads_a_hard_linked_file(tmp_path: Path) -> None:
    source = messy(tmp_path / "w.ride")
    os.link(source, tmp_path / "other.ride")
    result = runner.invoke(app, ["fmt", "--check", str(source)])
    assert result.exit_code == 1
    assert result.stderr == f"would reformat {source}\n"


def someone_elses(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[tuple[int, int, int]]:
    """Make `path` look owned by user 12345, group 23456, to `fileio` (as root could set
    up for real); the fchown calls made are recorded, and do nothing."""
    real_stat = os.stat

    def stat_as_owned(target: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        found = real_stat(target, *args, **kwargs)
        if os.fspath(target) != str(path):
            return found
        fields = list(found)
        fields[4:6] = [12345, 23456]
        return os.stat_result(fields)

    calls: list[tuple[int, int, int]] = []
    monkeypatch.setattr(os, "stat", stat_as_owned)
    monkeypatch.setattr(os, "fchown", lambda fd, uid, gid: calls.append((fd, uid, gid)))
    return calls


def test_the_owner_and_group_are_given_to_the_new_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = messy(tmp_path / "w.ride", 0o600)
    calls = someone_elses(monkeypatch, source)
    fileio.rewrite(source, TIDY.encode())
    assert [(uid, gid) for _, uid, gid in calls] == [(12345, 23456)]
    assert source.read_text() == TIDY
    assert stat.S_IMODE(source.stat().st_mode) == 0o600


def test_a_file_whose_owner_cannot_be_kept_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = messy(tmp_path / "w.ride")
    someone_elses(monkeypatch, source)

    def refused(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refused)
    with pytest.raises(DiagnosticError) as raised:
        fileio.rewrite(source, TIDY.encode())
    assert [d.render() for d in raised.value.diagnostics] == [
        f"{source}: error: cannot rewrite the file: it belongs to user 12345, group 23456, "
        "which this user cannot give it; nothing was written\n"
        "  hint: run the command as the file's owner"
    ]
    assert source.read_text() == MESSY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.ride"]


def test_outputs_still_follow_the_umask(tmp_path: Path) -> None:
    """Only `fmt` keeps a mode: compile's outputs are new files for riders and servers."""
    source = tmp_path / "w.ride"
    source.write_text(TIDY)
    old = tmp_path / "out" / "w.json"
    old.parent.mkdir()
    old.write_text("{}")
    old.chmod(0o600)
    umask = os.umask(0o022)
    try:
        result = runner.invoke(app, ["compile", str(source), "-t", "json", "-o", str(old.parent)])
    finally:
        os.umask(umask)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(old.stat().st_mode) == 0o644
