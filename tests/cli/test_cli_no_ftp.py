"""No FTP is no failure: a workout in % FTP without one compiles to every format that needs
none (ZWO, MRC, FIT, JSON) and leaves ERG, written in watts, out with one line saying what
to give; ERG asked for by name is an error with the same hint. `build` does the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ridec
from ridec.cli import app

runner = CliRunner()
NO_FTP = "name: No FTP\nwarmup 10m 45%->70%\nrepeat 3:\n  5m 90%\n  3m 55%\n"
SKIP_LINE = "erg: not written: ERG needs an FTP: give `--ftp W` or `ftp:` in the header"
HINT = "  hint: set the FTP with `ftp:` in the header or `--ftp W`"


def _source(folder: Path, name: str = "noftp.ride") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(NO_FTP, encoding="utf-8")
    return path


def test_compile_all_writes_the_others_and_one_line_for_erg(tmp_path: Path) -> None:
    source = _source(tmp_path / "src")
    out = tmp_path / "out"
    result = runner.invoke(app, ["compile", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["noftp.fit", "noftp.json", "noftp.mrc", "noftp.zwo"]
    assert [line for line in result.stderr.splitlines() if "erg" in line] == [
        f"{source}: {SKIP_LINE}"
    ]
    assert "error" not in result.stderr


def test_erg_by_name_is_an_error_with_the_ftp_hint(tmp_path: Path) -> None:
    source = _source(tmp_path)
    result = runner.invoke(app, ["compile", str(source), "-t", "erg", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}:2:1: error: erg: step 1 has a target in % FTP")
    assert HINT in result.stderr.splitlines()
    assert not (tmp_path / "noftp.erg").exists()


def test_with_an_ftp_erg_is_written(tmp_path: Path) -> None:
    source = _source(tmp_path / "src")
    out = tmp_path / "out"
    result = runner.invoke(app, ["compile", str(source), "--ftp", "250", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert (out / "noftp.erg").read_text(encoding="utf-8").count("FTP = 250") == 1
    assert "not written" not in result.stderr


def test_strict_makes_the_missing_erg_an_error(tmp_path: Path) -> None:
    source = _source(tmp_path / "src")
    result = runner.invoke(app, ["compile", str(source), "--strict", "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{source}:2:1: error: erg: " in result.stderr


def test_a_plan_without_an_ftp_says_it_once(tmp_path: Path) -> None:
    _source(tmp_path, "w.ride")
    plan = tmp_path / "p.plan"
    plan.write_text('name: P\nweeks: 3\n\nworkout "w.ride" 2 per week\n', encoding="utf-8")
    result = runner.invoke(app, ["compile", str(plan), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("not written") == 1
    assert f"{plan}: {SKIP_LINE}" in result.stderr.splitlines()
    assert len(list((tmp_path / "out").rglob("*.fit"))) == 3


def test_build_leaves_erg_out_with_one_line_for_every_source(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    for name in ("a.ride", "b.ride", "c.ride", "d.ride"):
        _source(library, name)
    dist = tmp_path / "dist"
    result = runner.invoke(app, ["build", str(library), "-o", str(dist), "-j", "1"])
    assert result.exit_code == 0, result.output
    keys = ", ".join(str(library / n) for n in ("a.ride", "b.ride", "c.ride"))
    line = (
        f"erg: not written for 4 sources ({keys} and 1 more): ERG needs an FTP: give "
        "`--ftp W` or `ftp:` in the header"
    )
    assert result.stderr.splitlines().count(line) == 1
    assert "error" not in result.stderr
    assert sorted(p.suffix for p in dist.glob("a.*")) == [".fit", ".json", ".mrc", ".zwo"]


def test_build_with_erg_named_fails_the_source(tmp_path: Path) -> None:
    _source(tmp_path / "lib")
    result = runner.invoke(
        app, ["build", str(tmp_path / "lib"), "-o", str(tmp_path / "dist"), "-t", "erg,zwo"]
    )
    assert result.exit_code == 1
    assert HINT in result.stderr.splitlines()
    assert "1 failed" in result.stdout


def test_the_api_says_ftp_where_the_cli_says_its_flag() -> None:
    workout = ridec.parse(NO_FTP, "noftp.ride")
    with pytest.raises(ridec.FtpRequiredError) as caught:
        ridec.compile(workout, "erg")
    assert caught.value.target == "erg"
    assert caught.value.reason == "ERG needs an FTP: give `ftp=` or `ftp:` in the header"
    [problem] = caught.value.diagnostics
    assert problem.hint == "set the FTP with `ftp:` in the header or `ftp=`"
    with pytest.raises(ridec.DiagnosticError) as every:  # several formats: one error for all
        ridec.compile(workout, "all")
    assert [d.message.split(":")[0] for d in every.value.diagnostics] == ["erg"]
