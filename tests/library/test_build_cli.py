"""`ridec build` on the command line: exit codes, stdout (summary) and stderr (the rest)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from ridec.commands import build
from tests.library.build_helpers import copy_library


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    build.register(app)

    @app.callback()
    def _root() -> None:
        """A group, so the command is called by name as in ridec."""

    return app


def _run(*args: str) -> Result:
    return CliRunner().invoke(_app(), ["build", *args])


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return copy_library(tmp_path)


def test_a_build_prints_progress_lines_and_a_summary(library: Path, tmp_path: Path) -> None:
    result = _run(str(library), "-o", str(tmp_path / "dist"), "-t", "json,zwo", "-j", "1")
    assert result.exit_code == 0
    assert result.stdout.startswith("built 7 sources in ")
    assert result.stdout.rstrip().endswith(
        "7 compiled, 0 unchanged, 0 failed; 37 files written, 0 removed"
    )
    lines = result.stderr.splitlines()
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == 7
    assert lines[0] == f"[1/7] compiled {library.as_posix()}/back-pain-protocol.plan (25 files)"
    assert progress[-1] == f"[7/7] compiled {library.as_posix()}/vo2max-30-30.ride (2 files)"
    # Then the one loss that changes the ride, once: ZWO has no lap button.
    warnings = [line for line in lines[7:] if ": warning: " in line]
    assert len(warnings) == 1 and "zwo: lap-button step 18" in warnings[0]
    assert (tmp_path / "dist" / "index.html").is_file()
    again = _run(str(library), "-o", str(tmp_path / "dist"), "-t", "json,zwo")
    assert again.exit_code == 0
    assert again.stderr == ""
    assert "0 compiled, 7 unchanged" in again.stdout


def test_quiet_prints_nothing(library: Path, tmp_path: Path) -> None:
    result = _run(str(library), "-o", str(tmp_path / "dist"), "-t", "json", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_errors_are_printed_at_the_end_and_the_rest_is_built(library: Path, tmp_path: Path) -> None:
    (library / "bad.ride").write_text("name: Bad\n4m 80% upstrke\n", encoding="utf-8")
    result = _run(str(library), "-o", str(tmp_path / "dist"), "-t", "json", "-j", "2", "-q")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{library.as_posix()}/bad.ride:2:8: error: unknown word 'upstrke': "
        'expected a cadence, a flag or a "label"\n'
        "  | 4m 80% upstrke\n"
        "  |        ^^^^^^^\n"
        "  hint: did you mean 'upstroke'?\n"
    )
    assert (tmp_path / "dist" / "standing.json").is_file()
    assert not (tmp_path / "dist" / "bad.json").exists()


def test_usage_errors_exit_2(library: Path, tmp_path: Path) -> None:
    result = _run(str(library), "-o", str(tmp_path / "dist"), "-t", "zwoo")
    assert result.exit_code == 2
    assert result.stderr == "ridec: error: unknown target 'zwoo': did you mean 'zwo'?\n"
    assert not (tmp_path / "dist").exists()
    missing = _run(str(tmp_path / "nowhere"), "-o", str(tmp_path / "dist"))
    assert missing.exit_code == 2
    # typer writes "path" or "Path" here depending on its version: the rest is the same.
    assert missing.stderr.endswith(f" '{tmp_path / 'nowhere'}' does not exist.\n")
    assert "Error: Invalid value for 'SRC...': " in missing.stderr
    no_output = _run(str(library))
    assert no_output.exit_code == 2
    (tmp_path / "file").write_text("")
    not_a_folder = _run(str(library), "-o", str(tmp_path / "file"))
    assert not_a_folder.exit_code == 2
    assert (
        not_a_folder.stderr == f"ridec: error: -o {tmp_path / 'file'}: exists and is not a folder\n"
    )


def test_a_roster_with_a_bad_row_reports_it_and_builds_the_others(
    library: Path, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,ftp,club\nAna,280,red\nBen,fast,blue\nCleo,200,red\n", "utf-8")
    dist = tmp_path / "dist"
    result = _run(str(library), "-o", str(dist), "--athletes", str(roster), "-q")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{roster}:3:5: error: ftp must be a whole number of watts from 50 to 2000, got 'fast'\n"
        "  | Ben,fast,blue\n"
        "  |     ^^^^\n"
    )
    assert (dist / "athletes" / "ana" / "standing.erg").is_file()
    assert (dist / "athletes" / "cleo" / "standing.erg").is_file()
    assert not (dist / "athletes" / "ben").exists()
