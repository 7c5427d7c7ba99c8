"""The JSON target: document shape, values, schema validity and its own checker."""

import json
from typing import Any

import jsonschema
import pytest

from ridec.formats.base import CompileOptions
from ridec.formats.json.checker import problems
from ridec.model import (
    LAP,
    Activation,
    Cadence,
    Cue,
    Exercise,
    Flag,
    Header,
    Intensity,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.pipeline import compile_workout
from tests.paths import SCHEMAS

PCT = PowerUnit.PERCENT
SCHEMA = json.loads((SCHEMAS / "ridec-workout.schema.json").read_text())


def validate_schema(doc: Any) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)


def standing_like() -> Workout:
    interval = Step(
        120,
        Target(TargetKind.STEADY, Power(75, PCT)),
        Intensity.INTERVAL,
        Cadence(50, 60),
        (Flag.STANDING,),
        "Standing {i}/{n}",
        (Cue(20, "Hands", from_end=False), Cue(15, "Sit down", from_end=True)),
    )
    band = Step(
        60, Target(TargetKind.RANGE, Power(190, PowerUnit.WATTS), Power(210, PowerUnit.WATTS))
    )
    ramp = Target(TargetKind.RAMP, Power(65, PCT), Power(45, PCT))
    activation = Activation((Exercise("Glute bridge", reps=15), Exercise("Dead bug", duration=45)))
    return Workout(
        Header("Standing", tags=("standing",), ftp=250),
        (
            Repeat(2, (interval, band)),
            Step(LAP, intensity=Intensity.REST),
            Step(480, ramp, Intensity.COOLDOWN),
        ),
        activation=activation,
    )


def document(workout: Workout, ftp: int | None = None) -> Any:
    compiled = compile_workout(workout, "json", CompileOptions(ftp=ftp))
    return json.loads(compiled.data)


def test_document_holds_the_timeline_with_percent_and_watts() -> None:
    doc = document(standing_like())
    validate_schema(doc)
    assert doc["duration_s"] == 2 * 180 + 480
    first = doc["timeline"][0]
    assert (first["start_s"], first["duration_s"], first["intensity"]) == (0, 120, "interval")
    assert (first["power_start_pct"], first["power_end_pct"]) == (75, 75)
    assert first["power_start_w"] == 187.5
    assert (first["cadence_low"], first["cadence_high"]) == (50, 60)
    assert first["flags"] == ["standing"]
    assert first["label"] == "Standing 1/2"
    assert [(c["at_s"], c["text"]) for c in first["cues"]] == [(20, "Hands"), (105, "Sit down")]


def test_range_gives_midpoint_and_band_and_ramp_gives_ends() -> None:
    doc = document(standing_like())
    band = doc["timeline"][1]
    assert band["power_start_pct"] == band["power_end_pct"] == 80
    assert (band["power_low_pct"], band["power_high_pct"]) == (76, 84)
    cooldown = doc["timeline"][-1]
    assert (cooldown["power_start_pct"], cooldown["power_end_pct"]) == (65, 45)
    lap = doc["timeline"][-2]
    assert lap["duration_s"] is None and lap["power_start_pct"] is None


def test_second_iteration_cues_count_from_workout_start() -> None:
    second = document(standing_like())["timeline"][2]
    assert second["start_s"] == 180
    assert [c["at_s"] for c in second["cues"]] == [200, 285]
    assert second["repeat"] == [{"iteration": 2, "count": 2}]


def test_header_activation_and_structure_are_in_the_document() -> None:
    doc = document(standing_like())
    assert doc["name"] == "Standing" and doc["tags"] == ["standing"] and doc["ftp"] == 250
    assert doc["activation"]["exercises"][1] == {
        "name": "Dead bug",
        "reps": None,
        "each_side": False,
        "duration_s": 45,
    }
    assert [n["type"] for n in doc["structure"]] == ["repeat", "step", "step"]
    assert doc["structure"][0]["count"] == 2


def test_unknown_ftp_leaves_the_other_unit_null() -> None:
    workout = standing_like()
    no_ftp = Workout(Header("No FTP"), workout.body)
    doc = document(no_ftp)
    validate_schema(doc)
    assert doc["timeline"][0]["power_start_w"] is None
    assert doc["timeline"][1]["power_start_pct"] is None
    assert doc["timeline"][1]["power_start_w"] == 200


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("timeline"), "missing key 'timeline'"),
        (lambda d: d.update(duration_s=1), "duration_s: the steps add up to 840 s, not 1"),
        (
            lambda d: d["timeline"][1].update(start_s=7),
            "timeline[1].start_s: the step starts at 7 s, expected 120 s",
        ),
    ],
)
def test_checker_finds_broken_documents(mutate: Any, expected: str) -> None:
    doc = document(standing_like())
    mutate(doc)
    assert expected in problems(json.dumps(doc).encode())


def test_checker_rejects_non_json() -> None:
    assert problems(b"{")[0].startswith("not JSON")


def test_layout_is_one_key_and_one_step_per_line_and_loads_back_exactly() -> None:
    from ridec.formats.json.writer import dump

    doc = document(standing_like())
    text = dump(doc)
    assert json.loads(text) == doc
    lines = text.splitlines()
    steps = [line for line in lines if line.startswith('    {"index": ')]
    assert len(steps) == len(doc["timeline"])
    assert lines[0] == "{" and lines[-1] == "}" and text.endswith("}\n")


def test_own_check_reads_the_document_it_dumped_and_parses_any_other_bytes() -> None:
    """The bytes the writer just made are checked on the document they were dumped from;
    equal bytes in another object, or changed bytes, are parsed and checked in full."""
    from ridec.formats.base import Fidelity
    from ridec.formats.json.writer import JsonWriter
    from ridec.timeline import lower

    writer = JsonWriter()
    data = writer.render(lower(standing_like()), CompileOptions(), Fidelity("json"))
    assert writer.made.of(data) is not None
    assert writer.validate(data) == []
    copy = bytes(bytearray(data))
    assert copy == data and writer.made.of(copy) is None
    assert writer.validate(copy) == []
    broken = data.replace(b'"duration_s": 840', b'"duration_s": 841', 1)
    assert writer.made.of(broken) is None
    assert writer.validate(broken) == ["duration_s: the steps add up to 840 s, not 841"]


def test_own_check_of_the_dumped_document_equals_the_check_of_its_parse() -> None:
    """What makes reading the document instead of the bytes sound: the document and the
    parse of its bytes have the same problems, whole or broken."""
    from ridec.formats.json.checker import document_problems
    from ridec.formats.json.writer import dump

    for mutate in (lambda d: None, lambda d: d.update(duration_s=3), lambda d: d.pop("name")):
        doc = document(standing_like())
        mutate(doc)
        assert document_problems(doc) == problems(dump(doc).encode("utf-8"))
    assert document_problems(document(standing_like())) == []
