"""The shipped library stays clean: every workout checks, compiles and is already formatted."""

from pathlib import Path

import pytest

from ridec.formats.base import CompileOptions
from ridec.formats.registry import REGISTRY
from ridec.language import format_source, parse_file
from ridec.pipeline import compile_workout, load
from tests.paths import WORKOUTS

RIDES = sorted(WORKOUTS.glob("*.ride"))


def test_the_library_has_the_protocol_and_classic_workouts() -> None:
    names = {p.stem for p in RIDES}
    assert {"standing", "isolated-stroke"} <= names
    assert len(names) >= 6


@pytest.mark.parametrize("path", RIDES, ids=lambda p: p.stem)
def test_shipped_workout_is_in_canonical_format(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_source(text, str(path)) == text


@pytest.mark.parametrize("path", RIDES, ids=lambda p: p.stem)
def test_shipped_workout_compiles_to_every_target(path: Path) -> None:
    workout = load(path)
    assert parse_file(path).header.ftp is not None
    for target in REGISTRY:
        compiled = compile_workout(workout, target, CompileOptions())
        assert compiled.data
