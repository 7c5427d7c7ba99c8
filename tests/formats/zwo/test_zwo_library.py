"""The shipped library and `.ride` snippets through the whole ZWO path: source to file and back."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from ridec.formats.base import CompileOptions
from ridec.formats.zwo.checker import validate_bytes
from ridec.formats.zwo.reader import read
from ridec.language import bind, parse, print_workout
from ridec.pipeline import compile_workout, load
from ridec.timeline import lower
from tests.formats.zwo.zwo_support import READABLE, render
from tests.paths import WORKOUTS

LIBRARY = sorted(WORKOUTS.glob("*.ride"))


def test_library_is_present() -> None:
    assert len(LIBRARY) >= 2


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.name)
def test_library_workout_compiles_to_valid_zwo_that_reads_back_to_the_same_file(
    path: Path,
) -> None:
    workout = load(path)
    compiled = compile_workout(workout, "zwo", CompileOptions())
    assert validate_bytes(compiled.data) == []
    assert compiled.data.isascii()
    ftp = workout.header.ftp
    again, _ = render(read(compiled.data, path.with_suffix(".zwo").name), ftp=ftp)
    assert again == compiled.data


SNIPPET = """\
name: Snippet
ftp: 200
warmup 5m 40%->60%
repeat 3:
  30s 150% 100rpm
  30s 50% 85rpm
1m 300w standing "Big gear"
  @-15s for 5s "Sit down soon"
cooldown 5m 60%->40%
"""


def test_ride_snippet_becomes_the_expected_blocks() -> None:
    workout = bind(parse(SNIPPET, "snippet.ride"), None)
    data, report = render(workout)
    blocks = etree.fromstring(data).find("workout")
    assert blocks is not None
    assert [(b.tag, dict(b.attrib)) for b in blocks] == [
        ("Warmup", {"Duration": "300", "PowerLow": "0.4", "PowerHigh": "0.6"}),
        (
            "IntervalsT",
            {
                "Repeat": "3", "OnDuration": "30", "OffDuration": "30", "OnPower": "1.5",
                "OffPower": "0.5", "Cadence": "100", "CadenceResting": "85",
            },
        ),
        ("SteadyState", {"Duration": "60", "Power": "1.5"}),
        ("Cooldown", {"Duration": "300", "PowerLow": "0.6", "PowerHigh": "0.4"}),
    ]  # fmt: skip
    texts = [(t.get("timeoffset"), t.get("message"), t.get("duration")) for t in blocks[2]]
    assert texts == [("0", "Big gear | Stand up", None), ("45", "Sit down soon", "5")]
    assert [loss.feature for loss in report.losses()] == ["power in watts (300 W)"]


@pytest.mark.parametrize("path", [*READABLE, *LIBRARY], ids=lambda p: p.name)
def test_what_the_reader_makes_prints_as_ride_source_with_the_same_timeline(path: Path) -> None:
    """`ridec import` prints the model as .ride: it must parse back to the same timeline
    (one cue per second, one-line strings and header values)."""
    if path.suffix == ".ride":
        data = compile_workout(load(path), "zwo", CompileOptions()).data
    else:
        data = path.read_bytes()
    workout = read(data, path.name)
    again = bind(parse(print_workout(workout), "printed.ride"), None)
    assert lower(again).steps == lower(workout).steps
