"""What `compile` and `import` print about losses: a summary line per file and target and
the warnings by default, every loss with `-v` and `--report`, errors only with `-q`."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from ridec.cli import app
from ridec.formats.base import CompileOptions
from ridec.formats.registry import REGISTRY
from ridec.mentions import for_cli_text
from ridec.pipeline import compile_workout, load
from ridec.reporting import Place, place_of
from tests.paths import WORKOUTS

runner = CliRunner()
STANDING = str(WORKOUTS / "standing.ride")
PLAN = str(WORKOUTS / "back-pain-protocol.plan")


def compile_stderr(tmp_path: Path, *args: str) -> list[str]:
    result = runner.invoke(app, ["compile", *args, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    return result.stderr.splitlines()


def every_loss(path: str) -> dict[str, set[tuple[Place, str]]]:
    """Target -> every distinct loss (place, text) the writers record for a workout."""
    workout = load(Path(path))
    found: dict[str, set[tuple[Place, str]]] = {}
    for target in REGISTRY:
        fidelity = compile_workout(workout, target, CompileOptions()).fidelity
        # in the command line's words, as compile prints them
        found[target] = {(place_of(loss), for_cli_text(loss.text())) for loss in fidelity.losses()}
    return found


def test_standing_to_every_format_is_a_short_summary_and_the_warnings(tmp_path: Path) -> None:
    lines = compile_stderr(tmp_path, STANDING, "-t", "all")
    assert len(lines) <= 12
    assert lines[:5] == [
        # cadence ranges reach Zwift as CadenceLow/CadenceHigh; interval and recovery do not
        f"{STANDING}: zwo: 2 step intensities dropped",
        f"{STANDING}: erg: description on one line; 3 cadences as cues; "
        "author, tags, step intensities dropped",
        f"{STANDING}: mrc: description on one line; 3 cadences as cues; "
        "author, tags, step intensities dropped",
        # the checklist does not fit the description: lap-button steps, so nothing is cut
        f"{STANDING}: fit: 1 text cut at 254 bytes; 1 activation routine as lap-button steps; "
        "2 ramps as short steady steps; 4 timed cues as step notes; author, tags dropped",
        f"{STANDING}: json: exact",
    ]
    located = [line for line in lines if line.startswith(f"{STANDING}:") and ": warning: " in line]
    assert [line.split(": warning: ")[0] for line in located] == [
        f"{STANDING}:27:5",  # the cue the step's notes could not hold
    ]
    assert not any(": note: " in line for line in lines)


def test_the_plan_reports_each_repeated_loss_once(tmp_path: Path) -> None:
    lines = compile_stderr(tmp_path, PLAN, "-t", "all")
    assert len(lines) <= 20
    assert lines[0].startswith(f"{PLAN}: zwo (12 workouts): ")
    assert "step intensities dropped" in lines[0]
    warnings = [line for line in lines if ": warning: " in line]
    assert len(warnings) == len(set(warnings)) == 1
    assert sum("standing.ride:27:5" in line for line in warnings) == 1  # not once per week


def test_report_lists_every_loss_with_its_location(tmp_path: Path) -> None:
    text = "\n".join(compile_stderr(tmp_path, STANDING, "-t", "all,icu", "--report", "-q"))
    sections = re.split(r"\n  (?=[a-z]+: [0-9]+ degraded)", text)
    for target, losses in every_loss(STANDING).items():
        section = next(s for s in sections if s.startswith(f"{target}: "))
        assert section.startswith(f"{target}: ")
        for _, loss in losses:
            assert loss in section, (target, loss)
    assert f"{STANDING}:22:1: note: cadence 85-95 rpm becomes a cue 'Cadence 85-95 rpm'" in text
    assert "zwo: 2 degraded, 0 dropped" in text  # cadence ranges reach Zwift whole
    assert (
        f"{STANDING}:24:3: note: step intensity 'interval' becomes a plain SteadyState block, "
        "read back as 'active'" in text
    )
    assert f"{STANDING}: note: author is dropped (the format cannot express it)" in text


def test_verbose_locates_every_loss_once_over_its_targets(tmp_path: Path) -> None:
    lines = compile_stderr(tmp_path, STANDING, "-t", "erg,mrc", "-v")
    notes = [line for line in lines if ": note: " in line or ": warning: " in line]
    assert (
        f"{STANDING}:24:3: note: erg, mrc: cadence 50-60 rpm becomes a cue 'Cadence 50-60 rpm'"
        in notes
    )
    expected = every_loss(STANDING)["erg"]
    assert len(notes) == len(expected)  # erg and mrc lose the same things: once each


def test_quiet_prints_errors_only(tmp_path: Path) -> None:
    assert compile_stderr(tmp_path, STANDING, "-q") == []
    bad = tmp_path / "noftp.ride"
    bad.write_text("name: No FTP\n10m 75%\n", encoding="utf-8")
    result = runner.invoke(app, ["compile", str(bad), "-q", "-t", "erg,json", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:2:1: error: erg:")
    assert ": json: " not in result.stderr  # no summary under -q


def test_verbose_and_quiet_together_are_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compile", STANDING, "-v", "-q", "-o", str(tmp_path)])
    assert result.exit_code == 2


ERG_SAME_SECOND = (
    "[COURSE HEADER]\nMINUTES WATTS\n[END COURSE HEADER]\n"
    "[COURSE DATA]\n0\t100\n2\t100\n2\t200\n4\t200\n[END COURSE DATA]\n"
    "[COURSE TEXT]\n10\tone\t5\n10\ttwo\t5\n130\tthree\t5\n130\tfour\t5\n"
    "150\tfive\t5\n150\tsix\t5\n[END COURSE TEXT]\n"
)


def test_import_prints_each_kind_of_warning_once(tmp_path: Path) -> None:
    path = tmp_path / "stacked.erg"
    path.write_text(ERG_SAME_SECOND, encoding="utf-8")
    normal = runner.invoke(app, ["import", str(path)])
    assert normal.exit_code == 0
    assert normal.stderr.count(": warning: ") == 1
    assert "  note: 2 more like this (-v lists them)" in normal.stderr
    verbose = runner.invoke(app, ["import", "-v", str(path)])
    assert verbose.stderr.count(": warning: ") == 3
    quiet = runner.invoke(app, ["import", "-q", str(path)])
    assert quiet.stderr == "" and quiet.stdout == normal.stdout
