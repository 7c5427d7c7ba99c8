"""No command writes over a file it read (only `fmt`, whose job it is).

Before: `ridec compile x.zwo` wrote its lossy ZWO re-render over x.zwo, and `ridec import
d/x.zwo -o d` replaced an existing d/x.ride, comments and `let` lines included.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ridec.cli import app

runner = CliRunner()

ZWO = b"""<workout_file>
  <name>Mine</name>
  <sportType>bike</sportType>
  <workout>
    <SteadyState Duration="600" Power="0.6"/>
    <SteadyState Duration="300" Power="0.9"/>
  </workout>
</workout_file>
"""
RIDE = "# my notes\nname: Mine\nlet on = 5m\n10m 60%\n$on 90%\n"


def test_compiling_a_zwo_beside_itself_skips_the_zwo_with_a_note(tmp_path: Path) -> None:
    source = tmp_path / "x.zwo"
    source.write_bytes(ZWO)
    result = runner.invoke(app, ["compile", str(source), "--ftp", "250"])
    assert result.exit_code == 0, result.stderr
    # The summary says it, one line per format, in the place of the ZWO's losses.
    summaries = [line for line in result.stderr.splitlines() if line.startswith(f"{source}: ")]
    assert f"{source}: zwo: not written: it would replace this input (use -o DIR)" in summaries
    assert not any(line.startswith(f"{source}: zwo: ") for line in summaries[:-1])
    assert source.read_bytes() == ZWO
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "x.erg",
        "x.fit",
        "x.json",
        "x.mrc",
        "x.zwo",
    ]


def test_asking_for_that_target_by_name_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "x.zwo"
    source.write_bytes(ZWO)
    result = runner.invoke(app, ["compile", str(source), "-t", "zwo,json"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{source}: error: the output would replace an input file of this command; "
        "nothing was written",
        "  hint: write it to another folder with -o DIR, or leave zwo out (-t)",
    ]
    assert f"{source}: zwo: " not in result.stderr  # no summary claims a ZWO was written
    assert source.read_bytes() == ZWO
    assert (tmp_path / "x.json").exists()


def test_an_input_reached_through_a_link_or_another_spelling_is_protected(tmp_path: Path) -> None:
    real = tmp_path / "real.fit"
    (tmp_path / "w.ride").write_text(RIDE)
    assert (
        runner.invoke(
            app, ["compile", str(tmp_path / "w.ride"), "-t", "fit", "-o", str(tmp_path)]
        ).exit_code
        == 0
    )
    (tmp_path / "w.fit").rename(real)
    before = real.read_bytes()
    (tmp_path / "w.fit").symlink_to(real)
    # w.ride compiles to ./w.fit, which is the same file as the input real.fit.
    result = runner.invoke(app, ["compile", str(real), str(tmp_path / "w.ride"), "-t", "fit"])
    assert result.exit_code == 1
    assert f"{tmp_path}/w.fit: error: the output would replace an input" in result.stderr
    assert real.read_bytes() == before


def test_import_never_replaces_a_ride_file_without_force(tmp_path: Path) -> None:
    (tmp_path / "x.zwo").write_bytes(ZWO)
    mine = tmp_path / "x.ride"
    mine.write_text(RIDE)
    result = runner.invoke(app, ["import", str(tmp_path / "x.zwo"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{mine}: error: a .ride file of this name already exists; it was left as it is",
        "  hint: give --force to replace it, or choose another folder with -o DIR",
    ]
    assert mine.read_text() == RIDE
    forced = runner.invoke(app, ["import", str(tmp_path / "x.zwo"), "-o", str(tmp_path), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert mine.read_text().startswith("name: Mine\n")


def test_import_never_replaces_its_own_input_even_with_force(tmp_path: Path) -> None:
    mine = tmp_path / "x.ride"
    mine.write_text(RIDE)
    result = runner.invoke(app, ["import", str(mine), "-o", str(tmp_path), "--force"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{mine}: error: the output would replace an input file of this command; "
        "nothing was written",
        "  hint: write the .ride files to another folder with -o DIR",
    ]
    assert mine.read_text() == RIDE


def test_a_chart_never_replaces_the_workout_it_charts(tmp_path: Path) -> None:
    mine = tmp_path / "x.ride"
    mine.write_text(RIDE)
    result = runner.invoke(app, ["show", str(mine), "--svg", str(mine)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{mine}: error: the output would replace an input file")
    assert mine.read_text() == RIDE


def test_import_dash_o_dash_writes_to_stdout_and_makes_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.zwo").write_bytes(ZWO)
    result = runner.invoke(app, ["import", "x.zwo", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("name: Mine\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.zwo"]


def test_svg_dash_writes_the_chart_to_stdout_instead_of_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a file named "-" would appear
    mine = tmp_path / "x.ride"
    mine.write_text(RIDE)
    result = runner.invoke(app, ["show", str(mine), "--svg", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.ride"]
    both = runner.invoke(app, ["show", str(mine), "--svg", "-", "--json"])
    assert both.exit_code == 2
    assert both.stderr == "ridec: error: only one of --svg, --json can write to stdout\n"


def test_build_refuses_dash_o_dash_instead_of_making_a_folder_named_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("w.ride").write_text(RIDE)
    result = runner.invoke(app, ["build", "w.ride", "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr == (
        "ridec: error: -o - names stdout, and a build writes a folder of files: give -o DIST\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.ride"]
