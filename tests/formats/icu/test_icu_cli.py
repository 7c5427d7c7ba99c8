"""intervals.icu through every command and the API: `-t icu`, reading by extension, and
`--from icu` for any other name and for standard input."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ridec
from ridec.cli import app
from ridec.formats.icu.checker import check_file, problems
from tests.paths import WORKOUTS

PASTED = "Main Set 3x\n- 4m 105% 95rpm\n- 2m Z1\n"
runner = CliRunner()


def test_the_api_reads_text_bytes_as_icu() -> None:
    loaded = ridec.read(PASTED.encode(), "icu")
    (repeat,) = loaded.workout.body
    assert repeat.label == "Main Set {i}/{n}"  # type: ignore[union-attr]
    same = ridec.read(PASTED.encode(), "pasted.txt", format="icu")
    assert same.workout.body == loaded.workout.body
    assert ridec.validate(PASTED.encode(), "pasted.txt", format="icu") == []


def test_compile_writes_icu_only_when_asked_for(tmp_path: Path) -> None:
    source = WORKOUTS / "sweet-spot.ride"
    runner.invoke(app, ["compile", str(source), "-t", "all", "-o", str(tmp_path / "all")])
    assert sorted(p.suffix for p in (tmp_path / "all").iterdir()) == [
        ".erg",
        ".fit",
        ".json",
        ".mrc",
        ".zwo",
    ]
    result = runner.invoke(app, ["compile", str(source), "-t", "zwo,icu", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    written = (tmp_path / "sweet-spot.icu").read_bytes()
    assert check_file(written, "sweet-spot.icu") == [] and problems(written) == []
    back = runner.invoke(app, ["import", str(tmp_path / "sweet-spot.icu")])
    assert back.exit_code == 0, back.stderr
    assert "repeat" in back.stdout


def test_import_reads_standard_input_as_the_format_from_says() -> None:
    result = runner.invoke(app, ["import", "-", "--from", "icu"], input=PASTED)
    assert result.exit_code == 0, result.stderr
    assert 'repeat 3 "Main Set {i}/{n}":\n  4m 105% 95rpm\n  2m z1\n' in result.stdout


def test_import_writes_stdin_as_stdin_ride(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "-", "--from", "icu", "-o", str(tmp_path)], input=PASTED)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "stdin.ride").read_text().startswith("name: Workout\n")


def test_compile_a_text_file_and_stdin_from_icu(tmp_path: Path) -> None:
    pasted = tmp_path / "pasted.txt"
    pasted.write_text(PASTED)
    result = runner.invoke(app, ["compile", str(pasted), "--from", "icu", "-t", "zwo"])
    assert result.exit_code == 0, result.stderr
    assert b"Main Set 2/3" in (tmp_path / "pasted.zwo").read_bytes()
    out = runner.invoke(
        app, ["compile", "-", "--from", "icu", "-t", "json", "-o", "-"], input=PASTED
    )
    assert out.exit_code == 0, out.stderr
    assert b'"duration_s": 1080' in out.stdout_bytes
    assert out.stderr.startswith("<stdin>: json:")


def test_check_validate_and_show_take_from(tmp_path: Path) -> None:
    assert runner.invoke(app, ["check", "-", "--from", "icu"], input=PASTED).exit_code == 0
    bad = runner.invoke(app, ["check", "-", "--from", "icu"], input="- 5m Z9\n")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("<stdin>:1:6: error: there is no power zone `Z9`")
    ok = runner.invoke(app, ["validate", "-", "--from", "icu"], input="- 5m 70% HR\n")
    assert (ok.exit_code, ok.stdout) == (0, "<stdin>: ok (with warnings)\n")
    assert "a heart-rate target (70% HR)" in ok.stderr
    text = tmp_path / "w.txt"
    text.write_text(PASTED)
    shown = runner.invoke(app, ["show", str(text), "--from", "icu", "--json"])
    assert shown.exit_code == 0, shown.stderr
    assert '"duration_s": 1080' in shown.stdout
    assert "icu" in shown.stdout


def test_validate_reads_icu_by_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "w.icu"
    path.write_text("- 10m 75%\n10m 50%\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:1: error: a step without its `- `" in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["import", "-"], "reading standard input (-) needs --from FORMAT"),
        (["import", "-", "-", "--from", "icu"], "standard input (-) can be read once"),
        (["import", "w.txt", "--from", "gpx"], "--from gpx: unknown format"),
        (["compile", "-", "--from", "icu"], "standard input (-) has no folder to write beside"),
    ],
)
def test_from_and_stdin_misuse_is_a_usage_error(args: list[str], said: str) -> None:
    result = runner.invoke(app, args, input=PASTED)
    assert result.exit_code == 2
    assert said in result.stderr


def test_reading_a_format_ridec_only_writes_says_so(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_text("{}")
    result = runner.invoke(app, ["import", str(path), "--from", "json"])
    assert result.exit_code == 1
    assert "ridec writes json but does not read it" in result.stderr
