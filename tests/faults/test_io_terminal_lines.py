"""File names and workout names are escaped in every line ridec prints, line feeds too.

Before: compile's summary lines (`NAME: zwo: ...`), `--report`, build's progress lines and
bar, `show` of a plan (the plan's and each workout's name), usage errors naming a path and
`review`'s note printed names as they are: ESC sequences reached the terminal, and a file
name holding a line feed started a line of its own that looked like one of ridec's
(`x.ride: error: ...`). Diagnostics escaped control characters but kept the line feed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ridec.cli import app
from ridec.library.progress import BarProgress, LineProgress

runner = CliRunner()

ESC_NAME = "bad\x1b[2J\nx\x1b]0;t\x07"
"""Clears the screen, starts a new line, retitles the window."""
SHOWN = "bad\\x1b[2J\\x0ax\\x1b]0;t\\x07"
WORKOUT = "name: Tempo\x1b[31m\nftp: 250\n10m 60% 90rpm \"Go\"\n"


def clean(text: str) -> None:
    """No control character but the line feeds between ridec's own lines, and no line
    that starts with the rest of the hostile name."""
    assert "\x1b" not in text and "\x07" not in text, text
    assert not any(line.startswith("x") for line in text.splitlines()), text


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    source = tmp_path / f"{ESC_NAME}.ride"
    source.write_text(WORKOUT)
    return source


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["compile", "-t", "all", "-o", "out"], True),
        (["compile", "-t", "zwo", "--report", "-o", "out"], True),
        (["compile", "-t", "json", "-o", "-"], True),
        (["check"], False),
        (["fmt", "--check"], True),
        (["validate"], True),
        (["show"], False),
        (["show", "--week", "2"], True),
    ],
)
def test_every_line_about_the_file_escapes_its_name(
    hostile: Path, args: list[str], named: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(hostile.parent)
    result = runner.invoke(app, [*args[:1], hostile.name, *args[1:]])
    clean(result.stderr)
    if "-" not in args:
        clean(result.stdout)
    assert (SHOWN in result.stderr + result.stdout) is named
    if args == ["show"]:  # the workout's name, escaped in the table's title
        assert result.stdout.startswith("Tempo\\x1b[31m ")


def test_the_compile_summary_names_the_file_on_one_line(
    hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(hostile.parent)
    result = runner.invoke(app, ["compile", hostile.name, "-t", "json", "-o", "out"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"{SHOWN}.ride: json: exact\n"


def test_a_diagnostic_keeps_the_file_name_on_its_first_line(
    hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(hostile.parent)
    hostile.write_text("name: x\n10m 60% upstrke\n")
    result = runner.invoke(app, ["check", hostile.name])
    assert result.stderr.splitlines()[0].startswith(f"{SHOWN}.ride:2:9: error: unknown word")


def test_build_progress_lines_escape_the_source(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / f"{ESC_NAME}.ride").write_text(WORKOUT)
    result = runner.invoke(app, ["build", str(tmp_path / "src"), "-o", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.stderr
    clean(result.stderr)
    assert f"[1/1] compiled {tmp_path}/src/{SHOWN}.ride (5 files)\n" in result.stderr


def test_the_progress_bar_escapes_the_source_and_its_markup() -> None:
    class Result:  # progress shows a source as the user reached it (`shown`)
        shown = f"[bold]{ESC_NAME}.ride"
        ok = True
        outputs = ()

    bar = BarProgress()
    bar.start(1)
    try:
        bar.advance(Result())  # type: ignore[arg-type]  # only shown is read
        assert bar.bar is not None
        shown: Any = bar.bar.tasks[0].fields["current"]
    finally:
        bar.finish()
    assert shown == f"\\[bold]{SHOWN}.ride"


def test_line_progress_escapes_the_source(tmp_path: Path) -> None:
    class Result:
        shown = f"{ESC_NAME}.ride"
        ok = False
        outputs = ("a",)

    out = tmp_path / "log"
    with out.open("w") as stream:
        progress = LineProgress(stream)
        progress.start(1)
        progress.advance(Result())  # type: ignore[arg-type]
    assert out.read_text() == f"[1/1] FAILED   {SHOWN}.ride (1 file)\n"


def test_show_of_a_plan_escapes_the_plan_and_workout_names(tmp_path: Path) -> None:
    (tmp_path / "w.ride").write_text(WORKOUT)
    plan = 'name: Block\x1b]0;t\x07\nweeks: 1\n\nworkout "w.ride" 2 per week\n'
    (tmp_path / "p.plan").write_text(plan)
    result = runner.invoke(app, ["show", str(tmp_path / "p.plan")])
    assert result.exit_code == 0, result.stderr
    clean(result.stdout)
    assert "Block\\x1b]0;t\\x07: 1 weeks" in result.stdout
    assert "Tempo\\x1b[31m" in result.stdout


def test_a_usage_error_escapes_the_path(hostile: Path) -> None:
    result = runner.invoke(app, ["show", str(hostile), "--week", "2"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"ridec: error: --week chooses a workout of a plan, and {hostile.parent}/{SHOWN}.ride "
        "is not a .plan\n"
    )


def test_fmt_names_the_file_on_one_line(hostile: Path) -> None:
    hostile.write_text("name:   x\n10m   60%\n")
    result = runner.invoke(app, ["fmt", str(hostile)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"reformatted {hostile.parent}/{SHOWN}.ride\n"
