"""`schemas/zwo.xsd` against the real corpus, and against what ridec must never write."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.formats.zwo.checker import Problem, diagnostics, validate_bytes, validate_file
from tests.formats.zwo.zwo_support import CORPUS_FILES

REFUSED: dict[str, tuple[str, str]] = {
    "ridec__2015-threshold-check.zwo": (
        "Element 'ShowCP20'",
        "the 2015 layout: ShowCP20, categoryIndex, Freeride, SteadyState PowerLow/PowerHigh",
    ),
    "ridec__2015-short-mix.zwo": (
        "Element 'categoryIndex'",
        "the 2015 layout: categoryIndex, IntervalsT PowerOnLow/PowerOnHigh, Text",
    ),
    "ridec__empty.zwo": ("Document is empty", "empty file"),
    "ridec__running.zwo": (
        "Element 'sportType': [facet 'enumeration'] The value 'run'",
        "a running workout: ridec writes and reads bike workouts only",
    ),
    "ridec__tags-as-text.zwo": (
        "Element 'tag': The attribute 'name' is required but missing",
        "tags as element text: Zwift reads only the name attribute, so it sees no tags",
    ),
}
"""Corpus files the schema refuses: the first problem reported, and why refusing is right."""


def test_corpus_has_files_the_schema_accepts_and_files_it_refuses() -> None:
    accepted = [p for p in CORPUS_FILES if p.name not in REFUSED]
    assert len(accepted) >= 7
    assert {p.name for p in accepted} >= {"nene__bike-varia.zwo", "rhennigan__Workout.zwo"}


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_validates_or_is_refused_for_its_listed_reason(path: Path) -> None:
    problems = validate_file(path)
    if path.name in REFUSED:
        expected, _reason = REFUSED[path.name]
        assert problems, f"{path.name} is listed as refused but validates"
        assert problems[0].message.startswith(expected)
    else:
        assert problems == []


def test_listed_refusals_name_existing_files() -> None:
    assert set(REFUSED) <= {p.name for p in CORPUS_FILES}


def test_the_2015_forms_are_refused_on_their_own() -> None:
    """Each legacy form is refused by itself, not only because of a header element."""
    legacy = {
        '<Freeride Duration="60"/>': "Element 'Freeride'",
        '<SteadyState Duration="60" PowerLow="0.5" PowerHigh="0.7"/>': "Element 'SteadyState'",
        '<IntervalsT Repeat="2" OnDuration="60" OffDuration="30" PowerOnLow="1" '
        'PowerOnHigh="1.2" PowerOffLow="0.5" PowerOffHigh="0.6"/>': "Element 'IntervalsT'",
        '<Warmup Duration="60" PowerLow="0.3" PowerHigh="0.7" Quantize="20"/>': "Element 'Warmup'",
    }
    for block, expected in legacy.items():
        problems = validate_bytes(document(block))
        assert problems and problems[0].message.startswith(expected), block


def document(blocks: str, header: str = "<name>x</name>") -> bytes:
    return f"<workout_file>{header}<workout>{blocks}</workout></workout_file>".encode()


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ('<steadystate Duration="60" Power="0.5"/>', "Element 'steadystate'"),
        ('<SteadyState duration="60" Power="0.5"/>', "Element 'SteadyState'"),
        ('<SteadyState Duration="-1" Power="0.5"/>', "Element 'SteadyState', attribute 'Duration'"),
        ('<SteadyState Duration="60" Power="half"/>', "Element 'SteadyState', attribute 'Power'"),
        ('<SteadyState Duration="60"/>', "Element 'SteadyState': The attribute 'Power'"),
        ('<Ramp Duration="60" PowerLow="0.5"/>', "Element 'Ramp': The attribute 'PowerHigh'"),
        ('<MaxEffort Duration="60" Cadence="90"/>', "Element 'MaxEffort', attribute 'Cadence'"),
        ('<SteadyState Duration="60" Power="0.5" Cadence="90.5"/>', "Element 'SteadyState', attr"),
        (
            '<IntervalsT Repeat="0" OnDuration="1" OffDuration="1" OnPower="1" OffPower="1"/>',
            "Element 'IntervalsT', attribute 'Repeat'",
        ),
        (
            '<SteadyState Duration="60" Power="0.5"><textevent message="x"/></SteadyState>',
            "Element 'textevent': The attribute 'timeoffset'",
        ),
        (
            '<SteadyState Duration="60" Power="0.5"><TextEvent timeoffset="1" message="x"/>'
            "</SteadyState>",
            "Element 'TextEvent'",
        ),
    ],
)
def test_schema_refuses_wrong_spellings_and_types(blocks: str, expected: str) -> None:
    problems = validate_bytes(document(blocks))
    assert problems and problems[0].message.startswith(expected)


def test_schema_refuses_other_sports_and_unknown_header_elements() -> None:
    assert validate_bytes(document("", "<name>x</name><sportType>run</sportType>"))
    assert validate_bytes(document("", "<name>x</name><durationType>distance</durationType>"))
    assert validate_bytes(document("", "<name>x</name><colour>red</colour>"))
    assert validate_bytes(document("", "")), "a workout needs a name"


def test_schema_admits_current_extras() -> None:
    blocks = (
        '<SteadyState Duration="180.00002" Power="0.60000002" pace="0" CadenceLow="80" '
        'CadenceHigh="90"/><Ramp Duration="60" PowerLow="0.5" PowerHigh="0.7" Cadence="90"/>'
        '<FreeRide Duration="60" FlatRoad="1"><textevent timeoffset="10.5" message="a" y="270" '
        'duration="5"/></FreeRide><textevent timeoffset="5" message="top level"/>'
    )
    header = "<sportType>bike</sportType><name>x</name><durationType>time</durationType><tags/>"
    assert validate_bytes(document(blocks, header)) == []


def test_doctype_and_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<workout_file><name>&b;</name><workout/></workout_file>"
    )
    assert validate_bytes(bomb)[0].message == "a DOCTYPE declaration is not allowed in a ZWO file"
    external = (
        b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<workout_file><name>&x;</name><workout/></workout_file>"
    )
    assert validate_bytes(external)[0].message.startswith("a DOCTYPE")


def test_syntax_errors_are_located() -> None:
    problems = validate_bytes(b"<workout_file>\n  <name>x</nam>\n</workout_file>")
    assert problems[0] == Problem(2, 16, problems[0].message)
    assert "mismatch" in problems[0].message


def test_diagnostics_point_at_the_element() -> None:
    data = (
        b"<workout_file>\n<name>x</name>\n<workout>\n"
        b'  <Steady Duration="1"/>\n</workout>\n</workout_file>'
    )
    (diagnostic,) = diagnostics(validate_bytes(data), "w.zwo", data)
    assert diagnostic.render().splitlines() == [
        "w.zwo:4:3: error: Element 'Steady': This element is not expected. Expected is one of "
        "( SteadyState, Warmup, Cooldown, Ramp, IntervalsT, FreeRide, MaxEffort, textevent )",
        '  |   <Steady Duration="1"/>',
        "  |   ^^^^^^^",
    ]
