"""`ridec import`, `ridec validate` and compiling third-party files, through the CLI."""

from pathlib import Path

from typer.testing import CliRunner

from ridec.cli import app
from ridec.language import bind, parse
from ridec.timeline import lower
from tests.paths import CORPUS, EDGE810, WORKOUTS

runner = CliRunner()
SHORT_MIX = CORPUS / "zwo" / "ridec__2015-short-mix.zwo"
"""A ZWO in Zwift's 2015 layout: CRLF, categoryIndex, IntervalsT with PowerOnLow/High."""


def compile_to(tmp_path: Path, source: Path, target: str) -> Path:
    result = runner.invoke(app, ["compile", str(source), "-t", target, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    return tmp_path / f"{source.stem}.{target}"


def test_import_prints_ride_source_that_parses() -> None:
    result = runner.invoke(app, ["import", str(SHORT_MIX)])
    assert result.exit_code == 0, result.stderr
    workout = bind(parse(result.stdout, "short-mix.ride"))
    assert workout.header.name
    assert workout.body


def test_import_writes_one_ride_file_per_input(tmp_path: Path) -> None:
    erg = CORPUS / "ergmrc" / "ridec__gc-2x15m@85%.erg"
    result = runner.invoke(app, ["import", str(SHORT_MIX), str(erg), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["ridec__2015-short-mix.ride", "ridec__gc-2x15m@85%.ride"]
    check = runner.invoke(app, ["check", *(str(p) for p in tmp_path.iterdir())])
    assert check.exit_code == 0, check.stderr


def test_import_of_our_own_fit_gives_back_the_workout(tmp_path: Path) -> None:
    fit = compile_to(tmp_path, WORKOUTS / "vo2max-30-30.ride", "fit")
    result = runner.invoke(app, ["import", str(fit)])
    assert result.exit_code == 0, result.stderr
    imported = lower(bind(parse(result.stdout, "vo2.ride")))
    original = lower(bind(parse((WORKOUTS / "vo2max-30-30.ride").read_text(), "vo2.ride")))
    assert imported.duration_s == original.duration_s
    assert "same second" in result.stderr  # nested repeat labels at one second were merged


def test_import_refuses_an_activity_file_with_its_offset() -> None:
    ride = EDGE810
    result = runner.invoke(app, ["import", str(ride)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{ride}: offset " in result.stderr
    assert "activity" in result.stderr


def test_show_on_a_recorded_ride_points_to_review() -> None:
    """A coach who opens a ride with `show` is told which command reads rides."""
    result = runner.invoke(app, ["show", str(EDGE810)])
    assert result.exit_code == 1
    assert result.stdout == ""
    first, hint = result.stderr.splitlines()
    assert first.startswith(f"{EDGE810}: offset ")
    assert first.endswith("error: the file holds activity data (file type 4), not a workout")
    assert hint == (
        "  hint: this is a recorded ride: `ridec review RIDE.fit --against WORKOUT` holds it "
        "against the planned workout"
    )


def test_validate_accepts_what_we_write(tmp_path: Path) -> None:
    files = [
        compile_to(tmp_path, WORKOUTS / "standing.ride", t)
        for t in ("zwo", "erg", "mrc", "fit", "json")
    ]
    result = runner.invoke(app, ["validate", *(str(f) for f in files)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(": ok") == 5


def test_validate_locates_a_bare_ampersand_in_a_zwo(tmp_path: Path) -> None:
    broken = tmp_path / "amp.zwo"
    broken.write_text(
        "<workout_file>\n  <name>Fish & chips</name>\n  <workout/>\n</workout_file>\n"
    )
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:2:" in result.stderr
    assert "  |   <name>Fish & chips</name>" in result.stderr


def test_validate_locates_a_mismatched_tag_in_a_zwo(tmp_path: Path) -> None:
    broken = tmp_path / "tag.zwo"
    broken.write_text("<workout_file>\n  <name>X</nmae>\n  <workout/>\n</workout_file>\n")
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:2:" in result.stderr


def test_validate_names_the_crc_and_offset_of_a_flipped_fit_byte(tmp_path: Path) -> None:
    fit = compile_to(tmp_path, WORKOUTS / "standing.ride", "fit")
    data = bytearray(fit.read_bytes())
    data[40] ^= 0x01
    fit.write_bytes(bytes(data))
    result = runner.invoke(app, ["validate", str(fit)])
    assert result.exit_code == 1
    assert f"{fit}: offset {len(data) - 2}: error: file CRC" in result.stderr


def test_validate_refuses_unknown_extensions_with_a_hint(tmp_path: Path) -> None:
    other = tmp_path / "w.tcx"
    other.write_text("<x/>")
    result = runner.invoke(app, ["validate", str(other)])
    assert result.exit_code == 1
    assert "cannot validate '.tcx' files" in result.stderr


def test_compile_reads_a_zwo_and_writes_erg(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["compile", str(SHORT_MIX), "-t", "erg", "--ftp", "250", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "ridec__2015-short-mix.erg").read_text()
    assert "FTP = 250" in text and "[COURSE DATA]" in text
    last_row = text.split("[END COURSE DATA]")[0].strip().splitlines()[-1]
    assert last_row.split("\t")[0] == "24.7500"  # 1485 s, the ZWO's blocks end to end


def test_set_on_a_third_party_file_is_an_error() -> None:
    result = runner.invoke(
        app, ["compile", str(SHORT_MIX), "-t", "json", "-o", "-", "--set", "a=1"]
    )
    assert result.exit_code == 1
    assert "parameters (`--set`) are set on .ride sources only, not .zwo" in result.stderr
