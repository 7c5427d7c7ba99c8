"""`make corpus` (tools/corpus.py): the table over the repository's own corpus, and that its
comparison finds what it must (a moved change of target, a changed level, a crash)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tools.corpus import Outcome, check_file, compare, main, run
from tools.corpus_curves import Unit, curve, reading

from ridec.formats.base import CompileOptions
from ridec.formats.fit.reader import read_fit
from ridec.language import bind, parse
from ridec.pipeline import compile_workout
from ridec.timeline import lower
from tests.formats.zwo.zwo_support import REFUSED
from tests.paths import CORPUS
from tools import corpus

HEADER = "[COURSE HEADER]\nMINUTES WATTS\n[END COURSE HEADER]\n"


def _erg(*rows: str) -> bytes:
    return (HEADER + "[COURSE DATA]\n" + "\n".join(rows) + "\n[END COURSE DATA]\n").encode()


def test_the_repository_corpus_gives_the_documented_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    collections = {c.name: c for c in run(CORPUS)}
    assert sorted(collections) == ["ergmrc", "fit", "zwo"]
    ergmrc, fit, zwo = collections["ergmrc"], collections["fit"], collections["zwo"]
    assert ergmrc.count(Outcome.ROUND_TRIPPED) == len(ergmrc.results) == 14
    assert [r.path.name for r in fit.results if r.outcome is Outcome.ACTIVITY] == [
        "dtcooper__elemnt-bolt-no-application-id-inside-developer-data-id.fit",
        "polyvertex__Edge810-Vector-2013-08-16-15-35-10.fit",
    ]
    assert fit.count(Outcome.ROUND_TRIPPED) == 3  # steps ending after a distance, a heart rate
    rejected = {r.path.name: r.detail for r in zwo.results if r.outcome is Outcome.REJECTED}
    assert {
        name: rejected.get(name, "")[: len(start)] for name, start in REFUSED.items()
    } == REFUSED
    assert zwo.count(Outcome.ROUND_TRIPPED) == len(zwo.results) - len(REFUSED)
    assert main([str(CORPUS)]) == 0
    printed = capsys.readouterr().out
    assert "| all        |    31 |   29 |            27 |        2 |       0 |       0 |" in printed
    assert "zwo/ridec__running.zwo: 5:5: error: sportType 'run' is not supported" in printed


def test_a_change_of_target_moved_by_two_seconds_is_found() -> None:
    original = _erg("0\t100", "5\t100", "5\t200", "10\t200")
    moved = _erg("0\t100", "5.0333\t100", "5.0333\t200", "10\t200")
    assert compare(original, moved, ".erg") == ("at 300 s the target is 200.0 W, written 100.0 W")
    # ridec puts a change between seconds on the next whole second: the same at every second.
    between = _erg("0\t100", "5.0033\t100", "5.0033\t200", "10\t200")  # at 300.2 s
    next_second = _erg("0\t100", "5.0167\t100", "5.0167\t200", "10\t200")  # at 301 s
    assert compare(between, next_second, ".erg") is None


def test_a_lost_jump_between_seconds_is_found_though_every_second_agrees() -> None:
    original = _erg("0\t100", "5\t100", "5\t103", "5.5\t103", "5.5\t100", "10\t100")
    smoothed = _erg("0\t100", "10\t100")
    assert compare(original, smoothed, ".erg") == "at 300 s the target is 103.0 W, written 100.0 W"
    blip = _erg("0\t100", "5.005\t100", "5.005\t110", "5.01\t110", "5.01\t100", "10\t100")
    assert compare(blip, smoothed, ".erg") == (
        "the target's change at 300.3 s is not within 1 s of one written"
    )


def test_levels_within_half_a_watt_agree_and_a_watt_does_not() -> None:
    original = _erg("0\t100", "5\t100")
    assert compare(original, _erg("0\t100.4", "5\t100.4"), ".erg") is None
    assert compare(original, _erg("0\t101", "5\t101"), ".erg") == (
        "at 0 s the target is 100.0 W, written 101.0 W"
    )


SOURCE = """\
name: Repeats and units
ftp: 250
10m 55%
repeat 3:
  repeat 2:
    30s 120%
    30s 50%
  4m 60%
5m 200w
lap 50%
3m free
"""


def test_fit_readings_follow_repeats_units_and_lap_steps(tmp_path: Path) -> None:
    workout = bind(parse(SOURCE, "r.ride"))
    data = compile_workout(workout, "fit", CompileOptions()).data
    read = reading(data, ".fit")
    assert read.unit is Unit.FIT_MIXED
    expected: list[float | None] = []
    for step in lower(workout).steps:
        levels = step.percent(None)
        encoded = None if levels is None else levels.start
        if step.target.low is not None and step.target.low.unit.value == "w":
            encoded = 1000 + step.target.low.value
        expected.extend([encoded] * (step.duration_s or 0))
    assert curve(read) == expected
    (tmp_path / "r.fit").write_bytes(data)
    assert check_file(tmp_path / "r.fit").outcome is Outcome.ROUND_TRIPPED


def test_a_reader_that_raises_is_a_crash_and_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "a.erg").write_bytes(_erg("0\t100", "5\t100"))

    def broken(path: Path) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(corpus, "load_with_warnings", broken)
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "crashed (1):\n  set/a.erg: RuntimeError: boom" in out


def test_a_missing_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/nonexistent/corpus"]) == 2
    assert "is not a folder (set RIDEC_CORPUS)" in capsys.readouterr().err


def test_fit_steps_without_a_length_compare_by_their_targets() -> None:
    """Steps that end after a distance or a heart rate have no 1 Hz curve: they must come
    back as many, in order, each with its target (here the lap button replaces them)."""
    data = (CORPUS / "fit" / "ridec__workout-custom-target-values.fit").read_bytes()
    read = reading(data, ".fit")
    assert read.untimed == (1280 + 5.0, 1260 + 5.0, 1150 + 5.0)  # watts + 1000, range middles
    written = compile_workout(read_fit(data, "c.fit").workout, "fit", CompileOptions()).data
    assert reading(written, ".fit").untimed == read.untimed
    assert compare(data, written, ".fit") is None
    lap = bind(parse("name: L\n5m free\nlap 300w\n", "l.ride"))
    other = compile_workout(lap, "fit", CompileOptions()).data
    assert compare(data, other, ".fit") == "3 untimed steps, written back 1"
