"""Athlete folders: a distinct, safe name for every athlete, in any script."""

from __future__ import annotations

import os
from pathlib import Path

from tests.faults.build_support import workout, write_files
from tests.library.build_helpers import run_build


def _athletes(tmp_path: Path, roster: str) -> tuple[Path, list[str]]:
    lib, dist, csv = tmp_path / "lib", tmp_path / "dist", tmp_path / "roster.csv"
    write_files(lib, {"w.ride": workout("W")})
    csv.write_text(roster, encoding="utf-8")
    report = run_build([lib], dist, targets=("erg", "zwo"), roster=csv)
    assert report.ok, report.diagnostics()
    return dist, sorted(os.listdir(dist / "athletes"))


def test_names_in_other_scripts_keep_folders_of_their_own(tmp_path: Path) -> None:
    dist, folders = _athletes(tmp_path, "name,ftp\nИван,200\nПётр,210\n東京 太郎,230\n")
    assert folders == ["иван", "пётр", "東京-太郎"]
    assert "FTP = 210" in (dist / "athletes" / "пётр" / "w.erg").read_text("utf-8")


def test_names_that_meet_in_one_slug_are_told_apart(tmp_path: Path) -> None:
    dist, folders = _athletes(tmp_path, "name,ftp\nJosé,200\nJose,210\nAna López,220\n")
    assert folders[0] == "ana-lopez"
    assert [f[:5] for f in folders[1:]] == ["jose-", "jose-"]
    assert len(set(folders)) == 3
    by_ftp = {
        (dist / "athletes" / f / "w.erg").read_text("utf-8").split("FTP = ")[1][:3]: f
        for f in folders
    }
    assert set(by_ftp) == {"200", "210", "220"}
    # The same names give the same folders, whatever the order of the rows.
    _, again = _athletes(tmp_path / "again", "name,ftp\nJose,210\nAna López,220\nJosé,200\n")
    assert again == folders


def test_a_very_long_name_still_gets_a_folder(tmp_path: Path) -> None:
    long_names = f"{'Ж' * 300},200\n{'Zoe ' * 75},210\n"
    _, folders = _athletes(tmp_path, f"name,ftp\n{long_names}")
    assert len(folders) == 2
    assert all(len(folder.encode("utf-8")) <= 120 for folder in folders)
