"""`.ride` sources through the ERG/MRC path: snippets against golden files, and the shipped
library compiled, checked and read back to the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.ergmrc.checker import check
from ridec.formats.ergmrc.reader import read
from ridec.formats.ergmrc.writer import LAP_STEP_S
from ridec.language import bind, parse
from ridec.model import Workout
from ridec.timeline import lower
from tests.formats.ergmrc.ergmrc_support import WRITERS
from tests.paths import WORKOUTS

HERE = Path(__file__).parent
SNIPPETS = sorted((HERE / "snippets").glob("*.ride"))
LIBRARY = sorted(WORKOUTS.glob("*.ride"))


def _source(path: Path) -> Workout:
    return bind(parse(path.read_text(encoding="utf-8"), str(path)), None)


def _write(workout: Workout, target: str) -> bytes:
    writer = WRITERS[target]
    return writer.render(lower(workout), CompileOptions(), Fidelity(target))


@pytest.mark.parametrize("target", sorted(WRITERS))
@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_compiles_to_its_golden_file(snippet: Path, target: str) -> None:
    golden = HERE / "golden" / f"snippet-{snippet.stem}.{target}"
    assert _write(_source(snippet), target) == golden.read_bytes()


def test_there_are_snippets_and_a_library() -> None:
    assert len(SNIPPETS) >= 2
    assert len(LIBRARY) >= 2


@pytest.mark.parametrize("target", sorted(WRITERS))
@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_library_workout_writes_a_valid_file_that_reads_back_to_the_same_bytes(
    path: Path, target: str
) -> None:
    workout = _source(path)
    data = _write(workout, target)
    assert WRITERS[target].validate(data) == []
    assert check(data, f"{path.stem}.{target}") == []
    back = read(data, f"{path.stem}.{target}")
    assert _write(back, target) == data
    timeline = lower(workout)
    laps = sum(1 for step in timeline.steps if step.duration_s is None)
    assert lower(back).duration_s == timeline.duration_s + laps * LAP_STEP_S


@pytest.mark.parametrize("target", sorted(WRITERS))
@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_validate_finds_nothing_to_say_about_our_own_files(
    path: Path, target: str, tmp_path: Path
) -> None:
    from ridec.commands.validate import diagnose

    out = tmp_path / f"{path.stem}.{target}"
    out.write_bytes(_write(_source(path), target))
    assert [d.render() for d in diagnose(out)] == []


def test_texts_at_one_second_are_one_row() -> None:
    # vo2max-30-30 starts a set with a block label, a repeat label, the step label and the
    # cadence at one second: one row, as the rider can read only one text at a time.
    data = _write(_source(WORKOUTS / "vo2max-30-30.ride"), "erg").decode()
    rows = data.split("[COURSE TEXT]\n")[1].split("\n[END COURSE TEXT]")[0].splitlines()
    seconds = [row.split("\t")[0] for row in rows]
    assert len(seconds) == len(set(seconds))
    assert "960\tSet 1/3 | 30/30 1/8 | On | Cadence 100-110 rpm\t10" in rows
