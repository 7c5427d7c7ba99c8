"""The public API (`ridec`, defined in `ridec.api`): the same bytes as the commands, every
problem as a DiagnosticError, nothing printed, and documented by `help(ridec)`."""

from __future__ import annotations

import dataclasses
import pydoc
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ridec
from ridec import api
from ridec.cli import app
from tests.paths import WORKOUTS

STANDING = WORKOUTS / "standing.ride"
PLAN = WORKOUTS / "back-pain-protocol.plan"
NO_FTP = "name: No FTP\n10m 200w\n5m 60%\n"


def cli_outputs(tmp_path: Path, *args: str) -> dict[str, bytes]:
    out = tmp_path / "cli"
    result = CliRunner().invoke(app, ["compile", *args, "-t", "all", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_parse_bind_compile_give_the_bytes_of_ridec_compile(tmp_path: Path) -> None:
    expected = cli_outputs(tmp_path, str(STANDING), "--set", "reps=5", "--ftp", "280")
    workout = ridec.bind(ridec.parse_file(STANDING), {"reps": "5"}, ftp=280)
    outputs = ridec.compile(workout)
    written = [name for name in ridec.FORMATS if ridec.format_entry(name).in_all]
    assert [o.format for o in outputs] == written == ["zwo", "erg", "mrc", "fit", "json"]
    assert {f"standing.{o.format}": o.data for o in outputs} == expected


def test_the_ftp_bound_equals_the_ftp_as_an_option() -> None:
    workout = ridec.parse_file(STANDING)
    bound = ridec.compile(ridec.bind(workout, ftp=300), "erg,fit")
    option = ridec.compile(ridec.bind(workout), "erg,fit", ridec.CompileOptions(ftp=300))
    assert [o.data for o in bound] == [o.data for o in option]
    assert ridec.bind(workout, ftp=300).header.ftp == 300
    assert workout.header.ftp == 250


def test_parameters_not_bound_take_their_defaults() -> None:
    workout = ridec.parse("let reps = 3\nrepeat $reps:\n  1m 80%\n")
    assert ridec.lower(workout).duration_s == 180
    assert ridec.lower(ridec.bind(workout, {"reps": "4"})).duration_s == 240
    assert ridec.compile(workout, "json") == ridec.compile(ridec.bind(workout), "json")


def test_compile_accepts_a_timeline_and_keeps_the_losses() -> None:
    timeline = ridec.lower(ridec.bind(ridec.parse_file(STANDING)))
    zwo, mrc = ridec.compile(timeline, ["zwo", "mrc"])
    # cadence ranges reach Zwift as CadenceLow/CadenceHigh; only interval and recovery are lost
    assert [loss.topic for loss in zwo.fidelity.losses()] == ["intensity-lost"] * 2
    features = [loss.feature for loss in mrc.fidelity.losses()]
    assert "cadence 50-60 rpm" in features  # MRC has no cadence: a cue says it
    assert all(loss.kind is not ridec.LossKind.EXACT for loss in mrc.fidelity.losses())


def test_every_format_that_cannot_be_written_is_one_diagnostic_error() -> None:
    workout = ridec.bind(ridec.parse(NO_FTP, "no-ftp.ride"))
    with pytest.raises(ridec.DiagnosticError) as caught:
        ridec.compile(workout, ["zwo", "erg", "mrc", "json"])
    messages = [d.message for d in caught.value.diagnostics]
    assert [m.split(":")[0] for m in messages] == ["zwo", "erg", "mrc"]
    assert all(d.span is not None and d.hint for d in caught.value.diagnostics)
    with pytest.raises(ridec.DiagnosticError, match="did you mean 'zwo'"):
        ridec.compile(workout, "zwoo")


def test_bind_refuses_what_the_workout_cannot_take() -> None:
    workout = ridec.parse_file(STANDING)
    with pytest.raises(ridec.DiagnosticError, match="reps"):
        ridec.bind(workout, {"repz": "5"})
    with pytest.raises(ridec.DiagnosticError, match="FTP is 50 to 2000 watts"):
        ridec.bind(workout, ftp=20)


def test_parse_raises_every_problem_located() -> None:
    with pytest.raises(ridec.DiagnosticError) as caught:
        ridec.parse("4m 80% upstrke\n2m 80% 300rpm\n", "bad.ride")
    rendered = [d.render() for d in caught.value.diagnostics]
    assert len(rendered) == 2
    assert rendered[0].startswith("bad.ride:1:8: error:")
    assert rendered[1].startswith("bad.ride:2:8: error:")


@pytest.mark.parametrize("fmt", ["zwo", "erg", "mrc", "fit"])
def test_read_takes_every_written_format_back(fmt: str) -> None:
    workout = ridec.bind(ridec.parse_file(STANDING))
    (output,) = ridec.compile(workout, [fmt])
    for name in (fmt, f"session.{fmt}", f"SESSION.{fmt.upper()}"):
        loaded = ridec.read(output.data, name)
        assert ridec.lower(loaded.workout).duration_s == ridec.lower(workout).duration_s
    assert ridec.read_file(WORKOUTS / "standing.ride").workout == workout


def test_read_and_validate_name_the_formats_they_cannot_take() -> None:
    with pytest.raises(ridec.DiagnosticError, match=r"unsupported file type '\.json'"):
        ridec.read(b"{}", "json")
    (problem,) = ridec.validate(b"<gpx/>", "track.gpx")
    assert "cannot validate '.gpx' files" in problem.message


def test_validate_returns_the_checkers_and_the_readers_findings() -> None:
    workout = ridec.bind(ridec.parse_file(STANDING))
    for output in ridec.compile(workout):
        assert ridec.validate(output.data, output.format) == [], output.format
    fit = ridec.compile(workout, ["fit"])[0].data
    broken = fit[:-3] + bytes([fit[-3] ^ 0xFF]) + fit[-2:]
    problems = ridec.validate(broken, "fit")
    assert problems and problems[0].severity is ridec.Severity.ERROR
    assert ridec.validate(b"4m 80% upstrke\n", "bad.ride")[0].message.startswith("unknown word")


def test_validate_file_reports_a_missing_file(tmp_path: Path) -> None:
    (problem,) = ridec.validate_file(tmp_path / "gone.zwo")
    assert problem.message.startswith("cannot read")


def test_a_plan_gives_one_unit_per_week_and_workout() -> None:
    units = ridec.load_units(PLAN)
    stems = {unit.stem for unit in units}
    assert "back-pain-protocol/week-01/standing" in stems
    assert len(units) == len(stems) == 12


def test_format_entries_say_what_each_format_keeps() -> None:
    assert ridec.format_entry("fit").supports(ridec.Capability.LAP_STEPS)
    assert not ridec.format_entry("zwo").supports(ridec.Capability.LAP_STEPS)
    with pytest.raises(ridec.DiagnosticError):
        ridec.format_entry("gpx")


def test_the_api_prints_nothing_and_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    workout = ridec.parse_file(STANDING)
    before = dataclasses.replace(workout)
    outputs = ridec.compile(ridec.bind(workout, {"reps": "4"}, ftp=260))
    ridec.read(outputs[0].data, "zwo")
    ridec.validate(outputs[3].data, "fit")
    with pytest.raises(ridec.DiagnosticError):
        ridec.parse("4m 80% upstrke")
    assert workout == before
    assert capsys.readouterr() == ("", "")


def test_help_documents_every_public_name() -> None:
    text = re.sub(".\b", "", pydoc.render_doc(ridec))  # without the bold overstrikes
    for name in api.__all__:
        assert name in text, name
    for function in (ridec.parse, ridec.bind, ridec.compile, ridec.read, ridec.validate):
        summary = (function.__doc__ or "").splitlines()[0]
        assert summary and summary in text


def test_python_help_ridec_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import ridec; help(ridec)"],
        capture_output=True,
        text=True,
        check=False,
        env={"PAGER": "cat", "TERM": "dumb"},
    )
    assert done.returncode == 0, done.stderr
    assert "compile(workout" in done.stdout and "DiagnosticError" in done.stdout


def test_importing_ridec_loads_no_compiler() -> None:
    """`ridec --help` and `ridec --version` start fast: the API loads on first use."""
    code = "import sys, ridec; print(sorted(m for m in sys.modules if m.startswith('ridec')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['ridec']"


def test_the_package_re_exports_exactly_the_api() -> None:
    """`ridec/__init__.py` writes the API's names out (it imports the API lazily): the two
    lists must not drift apart."""
    assert set(ridec.__all__) == {*api.__all__, "__version__"}
    assert all(getattr(ridec, name) is getattr(api, name) for name in api.__all__)
