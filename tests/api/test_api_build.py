"""`ridec.build`: the library build of `ridec build`, from Python (on a Dask cluster with a
client: tests/dask)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ridec
from ridec.cli import app
from tests.paths import WORKOUTS

PRIVATE = ".ridec/stamps.json"


def _files(dist: Path) -> dict[str, bytes]:
    return {
        path.relative_to(dist).as_posix(): path.read_bytes()
        for path in sorted(dist.rglob("*"))
        if path.is_file() and path.relative_to(dist).as_posix() != PRIVATE
    }


def test_build_writes_what_ridec_build_writes(tmp_path: Path) -> None:
    options = ridec.BuildOptions(
        targets=("zwo", "json"), jobs=1, params={"reps": "4"}, compile=ridec.CompileOptions(ftp=280)
    )
    report = ridec.build([WORKOUTS], tmp_path / "api", options)
    assert isinstance(report, ridec.BuildReport)
    assert report.ok and report.compiled == 7 and report.unchanged == 0
    args = ["build", str(WORKOUTS), "-o", str(tmp_path / "cli"), "-t", "zwo,json", "-j", "1"]
    done = CliRunner().invoke(app, [*args, "--set", "reps=4", "--ftp", "280", "-q"])
    assert done.exit_code == 0, done.stderr
    assert _files(tmp_path / "api") == _files(tmp_path / "cli")
    again = ridec.build(str(WORKOUTS), tmp_path / "api", options)  # one folder, as a str
    assert again.ok and again.compiled == 0 and again.unchanged == 7


def test_build_reports_problems_and_raises_for_an_unknown_format(tmp_path: Path) -> None:
    (tmp_path / "bad.ride").write_text("name: Bad\n10m 80% upstrke\n", encoding="utf-8")
    report = ridec.build(tmp_path / "bad.ride", tmp_path / "dist")
    assert not report.ok and report.failed == 1
    assert "bad.ride:2:9: error: unknown word 'upstrke'" in report.diagnostics()[0]
    with pytest.raises(ridec.DiagnosticError, match="did you mean 'zwo'"):
        ridec.build(tmp_path / "bad.ride", tmp_path / "dist", ridec.BuildOptions(targets="zwoo"))


@pytest.mark.parametrize("jobs", [0, -3, 1.5, True, "2"])
def test_build_options_refuse_a_number_of_jobs_that_makes_no_sense(jobs: object) -> None:
    with pytest.raises(ValueError, match=r"^jobs must be a whole number, at least 1, not "):
        ridec.BuildOptions(jobs=jobs)  # type: ignore[arg-type]


@pytest.mark.parametrize("jobs", [0, -3])
def test_the_command_refuses_those_jobs_too(tmp_path: Path, jobs: int) -> None:
    args = ["build", str(WORKOUTS), "-o", str(tmp_path / "dist"), "-j", str(jobs)]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 2  # a usage error, before anything is built
    assert not (tmp_path / "dist").exists()


def test_build_options_take_one_job_or_none() -> None:
    assert ridec.BuildOptions(jobs=1).jobs == 1
    assert ridec.BuildOptions().jobs is None
