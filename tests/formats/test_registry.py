"""The format registry: every entry agrees with its code, every capability it claims is
honest, and the commands take their formats from it (a toy format registered by the test
is compiled, imported and validated by the CLI with no other change)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ridec
from ridec.cli import app
from ridec.formats.base import Capability, FormatEntry
from ridec.formats.registry import (
    REGISTRY,
    UnknownTargetError,
    by_extension,
    checkable_extensions,
    entry,
    parse_targets,
    readable_extensions,
    writer,
)
from ridec.pipeline import SOURCE_EXTENSIONS
from tests.formats.toy.toy import ENTRY as TOY

HEADER = "name: Features\nftp: 250\n"
FEATURES = {
    Capability.CADENCE: "5m 80% 90rpm\n",
    Capability.CADENCE_RANGES: "5m 80% 85-95rpm\n",
    Capability.POWER_RANGES: "5m 75-85%\n",
    Capability.RAMPS: "5m 50%->70%\n",
    Capability.LAP_STEPS: "lap 60%\n5m 80%\n",
    Capability.FREE_RIDE: "5m free\n",
    Capability.TEXT_CUES: '5m 80%\n  @1m "Hands on the hoods"\n',
}
"""A workout holding one feature, for each capability a loss can be reported for (REPEATS
is structure: unrolling them is exact, so no format reports it)."""

runner = CliRunner()


def test_the_formats_in_the_order_all_writes_them() -> None:
    assert list(REGISTRY) == ["zwo", "erg", "mrc", "fit", "json", "icu"]
    assert parse_targets("all") == ["zwo", "erg", "mrc", "fit", "json"]
    assert parse_targets("all,icu") == [*parse_targets("all"), "icu"]
    assert parse_targets("icu,zwo") == ["icu", "zwo"]
    assert parse_targets("FIT, zwo,fit") == ["fit", "zwo"]
    with pytest.raises(UnknownTargetError, match="did you mean 'zwo'"):
        parse_targets("zwoo")


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_entry_agrees_with_its_writer_reader_and_checker(name: str) -> None:
    found = entry(name)
    made = writer(name)
    assert (made.name, made.extension) == (found.name, found.extension)
    assert by_extension(found.extension.upper()) is found
    assert callable(found.load_checker())
    reader = found.load_reader()
    assert (reader is None) == (found.reader is None)


def test_every_format_is_checked_and_all_but_json_are_read() -> None:
    assert checkable_extensions() == (".zwo", ".erg", ".mrc", ".fit", ".json", ".icu")
    assert readable_extensions() == (".zwo", ".erg", ".mrc", ".fit", ".icu")
    assert SOURCE_EXTENSIONS == (".ride", ".plan", ".zwo", ".erg", ".mrc", ".fit", ".icu")


@pytest.mark.parametrize("capability", list(FEATURES), ids=lambda c: str(c.name).lower())
@pytest.mark.parametrize("name", list(REGISTRY))
def test_a_claimed_capability_is_kept_without_loss(name: str, capability: Capability) -> None:
    workout = ridec.parse(HEADER + FEATURES[capability])
    (output,) = ridec.compile(workout, [name])
    lost = output.fidelity.losses()
    assert (not lost) == REGISTRY[name].supports(capability), lost


def test_repeats_are_claimed_by_the_formats_that_write_repeat_structure() -> None:
    kept = {name for name, e in REGISTRY.items() if e.supports(Capability.REPEATS)}
    assert kept == {"fit", "json", "icu"}


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> FormatEntry:
    monkeypatch.setitem(REGISTRY, TOY.name, TOY)
    return TOY


def test_a_registered_format_is_compiled_by_the_cli(toy: FormatEntry, tmp_path: Path) -> None:
    source = tmp_path / "w.ride"
    source.write_text("name: W\nrepeat 2:\n  1m 80% 90rpm\n  30s free\n", encoding="utf-8")
    result = runner.invoke(app, ["compile", str(source), "-t", "toy", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "w.toy").read_text() == "60 80\n30 0\n60 80\n30 0\n"
    assert result.stderr == f"{source}: toy: 1 change\n"  # quiet by default: the summary
    verbose = runner.invoke(app, ["compile", str(source), "-t", "toy", "-o", "-", "-v"])
    assert "toy: cadence is dropped" in verbose.stderr


def test_a_registered_format_is_imported_and_validated(toy: FormatEntry, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.toy", tmp_path / "bad.toy"
    good.write_text("60 80\n30 0\n60 80\n30 0\n")
    bad.write_text("60 80\nsixty\n")
    imported = runner.invoke(app, ["import", str(good)])
    assert imported.exit_code == 0, imported.stderr
    assert "repeat 2:" in imported.stdout and "1m 80%" in imported.stdout
    assert runner.invoke(app, ["validate", str(good)]).exit_code == 0
    checked = runner.invoke(app, ["validate", str(bad)])
    assert checked.exit_code == 1
    assert f"{bad}:2:1: error: expected `<seconds> <percent>`" in checked.stderr


def test_an_unregistered_extension_names_the_registered_ones(tmp_path: Path) -> None:
    path = tmp_path / "w.gpx"
    path.write_text("<gpx/>")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "ridec checks .ride, .plan, .zwo, .erg, .mrc, .fit, .icu, .json" in result.stderr


def test_the_cli_lists_the_registered_formats() -> None:
    result = runner.invoke(app, ["compile", "--help"], terminal_width=200)
    assert "Formats: zwo,erg,mrc,fit,json,icu or all (zwo,erg,mrc,fit,json)" in result.stdout
