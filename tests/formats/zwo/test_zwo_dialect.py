"""Zwift's dialect, all of it: one small ZWO per element and attribute of the inventory of
Zwift's built-in workouts (`zwift_inventory.json`), in every place the inventory found it.

Each file imports with no warning of an unknown name; each kept name is checked in the
model, each name that is not kept gets a note saying why. The rows below are the test's
own table; `ridec.formats.zwo.dialect.ENTRIES` is the reader's, and both must cover the
inventory exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ridec.diagnostics import Severity
from ridec.facts import zone_target
from ridec.formats.base import ReadResult
from ridec.formats.zwo.dialect import ENTRIES, canonical, lookup, markdown_table
from ridec.formats.zwo.reader import read_zwo
from ridec.model import (
    Cadence,
    Intensity,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import lower

HERE = Path(__file__).parent
INVENTORY: dict[str, dict[str, list[str]]] = json.loads(
    (HERE / "zwift_inventory.json").read_text(encoding="utf-8")
)["elements"]
DOCS = Path(__file__).resolve().parents[3] / "docs" / "formats.md"
TABLE_START = "<!-- zwift-dialect-table:"
TABLE_END = "<!-- end of zwift-dialect-table -->"

BASE: dict[str, dict[str, str]] = {
    "SteadyState": {"Duration": "60", "Power": "0.8"},
    "Warmup": {"Duration": "60", "PowerLow": "0.5", "PowerHigh": "0.7"},
    "Cooldown": {"Duration": "60", "PowerLow": "0.7", "PowerHigh": "0.5"},
    "Ramp": {"Duration": "60", "PowerLow": "0.6", "PowerHigh": "0.9"},
    "IntervalsT": {
        "Repeat": "2", "OnDuration": "30", "OffDuration": "30", "OnPower": "1.2", "OffPower": "0.5",
    },
    "FreeRide": {"Duration": "60"},
    "Freeride": {"Duration": "60"},
    "MaxEffort": {"Duration": "20"},
    "textevent": {"timeoffset": "5", "message": "Hi"},
    "TextEvent": {"TimeOffset": "5", "message": "Hi"},
    "TextNotification": {"timeOffset": "5", "text": "Hi"},
    "gameplayevent": {"type": "GPE_CELEBRATION", "timeoffset": "5"},
    "test_details": {"name": "Half marathon"},
    "tag": {"name": "INTERVALS"},
}  # fmt: skip
"""Attributes that make each element readable on its own."""

Check = Callable[[Workout], None]


@dataclass(frozen=True)
class Row:
    """One name of the dialect: the attributes that show it, and what the model must hold."""

    attributes: Mapping[str, str | None] = field(default_factory=dict)
    """Set on top of `BASE` (None removes a base attribute)."""
    check: Check | None = None
    """For a kept name: what the model holds. None: a note says why it is not kept."""
    text: str = ""
    """The element's text (header elements)."""


def only_step(workout: Workout) -> Step:
    (step,) = workout.body
    assert isinstance(step, Step), step
    return step


def target(step: Step) -> Target:
    assert isinstance(step.target, Target)
    return step.target


def interval_steps(workout: Workout) -> tuple[Step, Step]:
    (repeat,) = workout.body
    assert isinstance(repeat, Repeat)
    on, off = repeat.body
    assert isinstance(on, Step) and isinstance(off, Step)
    return on, off


def pct(value: float) -> Power:
    return Power(value, PowerUnit.PERCENT)


def shown(workout: Workout) -> dict[int, tuple[str, int | None]]:
    """Every text on the workout clock: (message, how long it shows)."""
    found: dict[int, tuple[str, int | None]] = {}
    for step in lower(workout).steps:
        if step.label:
            found[step.start_s] = (step.label, None)
        found.update({cue.at_s: (cue.text, cue.duration_s) for cue in step.cues})
    return found


def steady_is(percent: float) -> Check:
    def check(workout: Workout) -> None:
        assert target(only_step(workout)) == Target(TargetKind.STEADY, pct(percent))

    return check


def ramp_is(start: float, end: float) -> Check:
    def check(workout: Workout) -> None:
        assert target(only_step(workout)) == Target(TargetKind.RAMP, pct(start), pct(end))

    return check


def range_is(low: float, high: float) -> Check:
    def check(workout: Workout) -> None:
        assert target(only_step(workout)) == Target(TargetKind.RANGE, pct(low), pct(high))

    return check


def zone_is(zone: int, intensity: Intensity) -> Check:
    def check(workout: Workout) -> None:
        step = only_step(workout)
        assert (target(step), step.intensity) == (zone_target(zone), intensity)

    return check


def cadence_is(low: int, high: int) -> Check:
    def check(workout: Workout) -> None:
        assert only_step(workout).cadence == Cadence(low, high)

    return check


def duration_is(seconds: int) -> Check:
    def check(workout: Workout) -> None:
        assert only_step(workout).duration == seconds

    return check


def kind_is(kind: TargetKind, intensity: Intensity) -> Check:
    def check(workout: Workout) -> None:
        step = only_step(workout)
        assert (target(step).kind, step.intensity) == (kind, intensity)

    return check


def intervals(check: Callable[[Step, Step, Repeat], bool]) -> Check:
    def checked(workout: Workout) -> None:
        on, off = interval_steps(workout)
        assert isinstance(workout.body[0], Repeat)
        assert check(on, off, workout.body[0]), (on, off)

    return checked


def text_at(second: int, message: str = "Hi", duration: int | None = None) -> Check:
    """The text shows at `second` of its block (blocks here start at 0; a text directly
    under <workout> comes first and counts from the workout's start)."""

    def check(workout: Workout) -> None:
        assert shown(workout).get(second) == (message, duration), shown(workout)

    return check


def header_is(check: Callable[[Workout], bool]) -> Check:
    def checked(workout: Workout) -> None:
        assert check(workout), workout.header

    return checked


def has_a_step(workout: Workout) -> None:
    assert only_step(workout).duration == 60


CADENCE = {"Cadence": "90"}
RAMP_CADENCES: dict[tuple[str, str | None], Row] = {}
for _element, _start, _end in (("Warmup", 50, 70), ("Cooldown", 70, 50)):
    RAMP_CADENCES[(_element, "Cadence")] = Row(CADENCE, cadence_is(90, 90))
    RAMP_CADENCES[(_element, "CadenceLow")] = Row(
        {"CadenceLow": "70", "CadenceHigh": "100", "Cadence": "85"}, cadence_is(70, 100)
    )
    RAMP_CADENCES[(_element, "CadenceHigh")] = Row(
        {"CadenceLow": "85", "CadenceHigh": "105"}, cadence_is(85, 105)
    )
    RAMP_CADENCES[(_element, "Duration")] = Row({"Duration": "90"}, duration_is(90))
    RAMP_CADENCES[(_element, "PowerLow")] = Row({"PowerLow": "0.4"}, ramp_is(40, _end))
    RAMP_CADENCES[(_element, "PowerHigh")] = Row({"PowerHigh": "0.8"}, ramp_is(_start, 80))
    intensity = Intensity.WARMUP if _element == "Warmup" else Intensity.COOLDOWN
    RAMP_CADENCES[(_element, "Zone")] = Row(
        {"PowerLow": None, "PowerHigh": None, "Zone": "1"}, zone_is(1, intensity)
    )
    RAMP_CADENCES[(_element, None)] = Row({}, kind_is(TargetKind.RAMP, intensity))
    for _noted in ("pace", "units"):
        RAMP_CADENCES[(_element, _noted)] = Row({_noted: "0"})

TEXT_ROWS: dict[tuple[str, str | None], Row] = {
    ("textevent", None): Row({}, text_at(5)),
    ("textevent", "message"): Row({"message": "Go"}, text_at(5, "Go")),
    ("textevent", "timeoffset"): Row({"timeoffset": "7"}, text_at(7)),
    ("textevent", "duration"): Row({"duration": "10"}, text_at(5, duration=10)),
    ("textevent", "distoffset"): Row({"timeoffset": None, "distoffset": "400"}),
    ("textevent", "textscale"): Row({"textscale": "0.5"}),
    ("textevent", "y"): Row({"y": "270"}),
    ("TextEvent", None): Row({}, text_at(5)),
    ("TextEvent", "message"): Row({"message": "Go"}, text_at(5, "Go")),
    ("TextEvent", "TimeOffset"): Row({"TimeOffset": "8"}, text_at(8)),
    ("TextEvent", "timeoffset"): Row({"TimeOffset": None, "timeoffset": "9"}, text_at(9)),
    ("TextEvent", "Duration"): Row({"Duration": "10"}, text_at(5, duration=10)),
    ("TextNotification", None): Row({}, text_at(5)),
    ("TextNotification", "text"): Row({"text": "60 RPM"}, text_at(5, "60 RPM")),
    ("TextNotification", "timeOffset"): Row({"timeOffset": "7"}, text_at(7)),
    ("TextNotification", "duration"): Row({"duration": "10"}, text_at(5, duration=10)),
    ("TextNotification", "font_size"): Row({"font_size": "0.5"}),
    ("TextNotification", "x"): Row({"x": "400"}),
    ("TextNotification", "y"): Row({"y": "270"}),
    ("gameplayevent", None): Row(),
    ("gameplayevent", "camera"): Row({"type": "GPE_CAMERA", "camera": "4"}),
    ("gameplayevent", "duration"): Row({"duration": "10"}),
    ("gameplayevent", "timeoffset"): Row({"timeoffset": "0"}),
    ("gameplayevent", "type"): Row({"type": "GPE_CAMERA"}),
}

HEADER_ROWS: dict[tuple[str, str | None], Row] = {
    ("workout_file", None): Row({}, has_a_step),
    ("workout", None): Row({}, has_a_step),
    ("activitySaveName", None): Row(text="Saved as"),
    ("author", None): Row({}, header_is(lambda w: w.header.author == "Coach"), "Coach"),
    ("author_alias", None): Row(text="FTP"),
    ("authorIcon", None): Row(text="UI/Logo.tga"),
    ("category", None): Row({}, header_is(lambda w: w.header.category == "Build"), "Build"),
    ("categoryIndex", None): Row(text="3"),
    ("description", None): Row({}, header_is(lambda w: w.header.description == "D"), "D"),
    ("entid", None): Row(text="150"),
    ("ftpOverride", None): Row(
        {},
        header_is(
            lambda w: w.header.ftp == 200
            and target(only_step(w)) == Target(TargetKind.STEADY, Power(160, PowerUnit.WATTS))
        ),
        "200",
    ),
    ("name", None): Row({}, header_is(lambda w: w.header.name == "Named"), "Named"),
    ("overrideHash", None): Row(text="1606757541"),
    ("painIndex", None): Row(text="3"),
    ("ShowCP20", None): Row(text="1"),
    ("Skippable", None): Row(text="0"),
    ("sportType", None): Row({}, header_is(lambda w: w.header.sport == "bike"), "bike"),
    ("subcategory", None): Row({}, header_is(lambda w: w.header.subcategory == "Wk 1"), "Wk 1"),
    ("tags", None): Row({}, header_is(lambda w: w.header.tags == ("INTERVALS",))),
    ("tag", None): Row({}, header_is(lambda w: w.header.tags == ("INTERVALS",))),
    ("tag", "name"): Row(
        {"name": "INTERVALS, RECOMMENDABLE,, X"},
        header_is(lambda w: w.header.tags == ("INTERVALS", "RECOMMENDABLE", "X")),
    ),
    ("test_details", None): Row(),
    ("test_details", "name"): Row(),
    ("test_details", "paceid"): Row({"paceid": "1"}),
    ("test_details", "tracking_text_paceid"): Row({"tracking_text_paceid": "3"}),
    ("test_details", "tracking_text_post"): Row({"tracking_text_post": " half-marathon!"}),
    ("test_details", "tracking_text_pre"): Row({"tracking_text_pre": "On track for a"}),
    ("visibleAfterTime", None): Row(text="1533538860"),
    ("visibleOutsidePlan", None): Row(text="0"),
    ("workoutLength", None): Row(text="1800"),
    ("WorkoutPlan", None): Row(text="1"),
}

BLOCK_ROWS: dict[tuple[str, str | None], Row] = {
    ("SteadyState", None): Row({}, kind_is(TargetKind.STEADY, Intensity.ACTIVE)),
    ("SteadyState", "Cadence"): Row(CADENCE, cadence_is(90, 90)),
    ("SteadyState", "CadenceLow"): Row(
        {"CadenceLow": "50", "CadenceHigh": "60", "Cadence": "55"}, cadence_is(50, 60)
    ),
    ("SteadyState", "CadenceHigh"): Row(
        {"CadenceLow": "85", "CadenceHigh": "105"}, cadence_is(85, 105)
    ),
    ("SteadyState", "Duration"): Row({"Duration": "90"}, duration_is(90)),
    ("SteadyState", "Power"): Row({"Power": "0.9"}, steady_is(90)),
    ("SteadyState", "PowerLow"): Row(
        {"Power": None, "PowerLow": "0.8", "PowerHigh": "1.0"}, range_is(80, 100)
    ),
    ("SteadyState", "PowerHigh"): Row(
        {"Power": None, "PowerLow": "0.7", "PowerHigh": "0.9"}, range_is(70, 90)
    ),
    ("SteadyState", "Zone"): Row({"Power": None, "Zone": "3"}, zone_is(3, Intensity.ACTIVE)),
    ("SteadyState", "FailThresholdDuration"): Row({"FailThresholdDuration": "15"}),
    ("SteadyState", "NeverFails"): Row({"NeverFails": "1"}),
    ("SteadyState", "Slop"): Row({"Slop": "2.5"}),
    ("SteadyState", "Target"): Row({"Target": "0.5"}),
    ("SteadyState", "ramptest"): Row({"ramptest": "1"}),
    ("SteadyState", "forced_performance_test"): Row({"forced_performance_test": "1"}),
    ("SteadyState", "replacement_prescription"): Row({"replacement_prescription": "WALK"}),
    ("SteadyState", "replacement_verb"): Row({"replacement_verb": ""}),
    ("SteadyState", "show_avg"): Row({"show_avg": "1"}),
    ("SteadyState", "Text"): Row({"Text": "text"}),
    ("SteadyState", "pace"): Row({"pace": "0"}),
    ("SteadyState", "units"): Row({"units": "1"}),
    **RAMP_CADENCES,
    ("Warmup", "CadenceResting"): Row({"CadenceResting": "85"}),
    ("Warmup", "Quantize"): Row({"Quantize": "20"}),
    ("Warmup", "Text"): Row({"Text": "text"}),
    ("Cooldown", "Pace"): Row({"Pace": "0"}),
    ("Ramp", None): Row({}, kind_is(TargetKind.RAMP, Intensity.ACTIVE)),
    ("Ramp", "Cadence"): Row(CADENCE, cadence_is(90, 90)),
    ("Ramp", "CadenceResting"): Row({"CadenceResting": "85"}),
    ("Ramp", "Duration"): Row({"Duration": "90"}, duration_is(90)),
    ("Ramp", "Power"): Row({"PowerLow": None, "PowerHigh": None, "Power": "0.7"}, ramp_is(70, 70)),
    ("Ramp", "PowerLow"): Row({"PowerLow": "0.4"}, ramp_is(40, 90)),
    ("Ramp", "PowerHigh"): Row({"PowerHigh": "1.1"}, ramp_is(60, 110)),
    ("Ramp", "pace"): Row({"pace": "0"}),
    ("IntervalsT", None): Row({}, intervals(lambda on, off, r: r.count == 2)),
    ("IntervalsT", "Repeat"): Row({"Repeat": "3"}, intervals(lambda on, off, r: r.count == 3)),
    ("IntervalsT", "OnDuration"): Row(
        {"OnDuration": "40"}, intervals(lambda on, off, r: on.duration == 40)
    ),
    ("IntervalsT", "OffDuration"): Row(
        {"OffDuration": "20"}, intervals(lambda on, off, r: off.duration == 20)
    ),
    ("IntervalsT", "OnPower"): Row(
        {"OnPower": "1.1"},
        intervals(lambda on, off, r: target(on) == Target(TargetKind.STEADY, pct(110))),
    ),
    ("IntervalsT", "OffPower"): Row(
        {"OffPower": "0.4"},
        intervals(lambda on, off, r: target(off) == Target(TargetKind.STEADY, pct(40))),
    ),
    ("IntervalsT", "PowerOnLow"): Row(
        {"OnPower": None, "PowerOnLow": "1.0", "PowerOnHigh": "1.2"},
        intervals(lambda on, off, r: target(on) == Target(TargetKind.RANGE, pct(100), pct(120))),
    ),
    ("IntervalsT", "PowerOnHigh"): Row(
        {"OnPower": None, "PowerOnLow": "1.04", "PowerOnHigh": "1.07"},
        intervals(lambda on, off, r: target(on) == Target(TargetKind.RANGE, pct(104), pct(107))),
    ),
    ("IntervalsT", "PowerOffLow"): Row(
        {"OffPower": None, "PowerOffLow": "0.5", "PowerOffHigh": "0.6"},
        intervals(lambda on, off, r: target(off) == Target(TargetKind.RANGE, pct(50), pct(60))),
    ),
    ("IntervalsT", "PowerOffHigh"): Row(
        {"OffPower": None, "PowerOffLow": "0.93", "PowerOffHigh": "0.97"},
        intervals(lambda on, off, r: target(off) == Target(TargetKind.RANGE, pct(93), pct(97))),
    ),
    ("IntervalsT", "PowerOnZone"): Row(
        {"OnPower": None, "PowerOnZone": "5"},
        intervals(lambda on, off, r: target(on) == zone_target(5)),
    ),
    ("IntervalsT", "PowerOffZone"): Row(
        {"OffPower": None, "PowerOffZone": "2"},
        intervals(lambda on, off, r: target(off) == zone_target(2)),
    ),
    ("IntervalsT", "Cadence"): Row(
        {"Cadence": "100"}, intervals(lambda on, off, r: on.cadence == Cadence(100, 100))
    ),
    ("IntervalsT", "CadenceLow"): Row(
        {"CadenceLow": "70", "CadenceHigh": "100"},
        intervals(lambda on, off, r: on.cadence == Cadence(70, 100) and off.cadence is None),
    ),
    ("IntervalsT", "CadenceHigh"): Row(
        {"CadenceLow": "110", "CadenceHigh": "130", "Cadence": "120"},
        intervals(lambda on, off, r: on.cadence == Cadence(110, 130)),
    ),
    ("IntervalsT", "CadenceResting"): Row(
        {"CadenceResting": "80"}, intervals(lambda on, off, r: off.cadence == Cadence(80, 80))
    ),
    ("IntervalsT", "OverUnder"): Row({"OverUnder": "1"}),
    ("IntervalsT", "FlatRoad"): Row({"FlatRoad": "1"}),
    ("IntervalsT", "pace"): Row({"pace": "0"}),
    ("MaxEffort", None): Row({}, kind_is(TargetKind.MAX, Intensity.INTERVAL)),
    ("MaxEffort", "Duration"): Row({"Duration": "15"}, duration_is(15)),
    ("RestDay", None): Row(),
    ("run", None): Row(),
}  # fmt: skip
for _free in ("FreeRide", "Freeride"):
    BLOCK_ROWS[(_free, None)] = Row({}, kind_is(TargetKind.FREE, Intensity.ACTIVE))
    BLOCK_ROWS[(_free, "Duration")] = Row({"Duration": "90"}, duration_is(90))
    BLOCK_ROWS[(_free, "FlatRoad")] = Row({"FlatRoad": "1"})
    BLOCK_ROWS[(_free, "ftptest")] = Row({"ftptest": "1"})
BLOCK_ROWS[("FreeRide", "Cadence")] = Row({"Cadence": "95"}, cadence_is(95, 95))
BLOCK_ROWS[("FreeRide", "Power")] = Row({"Power": "0.5"})
BLOCK_ROWS[("FreeRide", "show_avg")] = Row({"show_avg": "1"})

ROWS: dict[tuple[str, str | None], Row] = {**HEADER_ROWS, **BLOCK_ROWS, **TEXT_ROWS}
"""The test's table: every element and attribute of the inventory."""


def inventory() -> set[tuple[str, str | None]]:
    found: set[tuple[str, str | None]] = set()
    for element, facts in INVENTORY.items():
        found.add((element, None))
        found.update((element, attribute) for attribute in facts["attributes"])
    return found


def cases() -> Iterator[tuple[str, str | None, str]]:
    """(element, attribute, parent path) for every row, in every place the inventory found
    its element."""
    for element, attribute in sorted(ROWS, key=str):
        for parent in INVENTORY[element]["parents"] or [""]:
            yield element, attribute, parent


def start_tag(element: str, attribute: str | None) -> str:
    row = ROWS[(element, attribute)]
    values: dict[str, str | None] = {**BASE.get(element, {}), **row.attributes}
    written = "".join(f' {key}="{value}"' for key, value in values.items() if value is not None)
    return f"<{element}{written}"


def one_file(element: str, attribute: str | None, parent: str) -> bytes:
    """The smallest file that carries the name where the inventory found it."""
    block = '<SteadyState Duration="60" Power="0.8"/>'
    row = ROWS[(element, attribute)]
    tag = start_tag(element, attribute)
    header = "" if element == "name" else "<name>T</name>"
    if element in ("workout_file", "workout"):
        pass  # the smallest file holds them
    elif parent == "workout_file" and element == "tags":
        header += '<tags><tag name="INTERVALS"/></tags>'
    elif parent == "workout_file":
        header += f"{tag}>{row.text}</{element}>"
    elif parent == "workout_file/tags":
        header += f"<tags>{tag}/></tags>"
    elif parent == "workout_file/workout" and element in ("textevent", "RestDay", "run"):
        block = f"{tag}/>{block}"
    elif parent == "workout_file/workout":
        block = f"{tag}/>"
    else:
        host = parent.rpartition("/")[2]
        host_tag = start_tag(host, None) if (host, None) in ROWS else f"<{host}"
        block = f"{host_tag}>{tag}/></{host}>"
    text = f"<workout_file>{header}<workout>{block}</workout></workout_file>"
    return text.encode()


def test_the_table_covers_the_inventory_exactly() -> None:
    assert set(ROWS) == inventory()


def test_the_dialect_covers_the_inventory_and_agrees_with_the_table() -> None:
    dialect = {(entry.element, entry.attribute) for entry in ENTRIES if entry.inventory}
    assert dialect == inventory()
    for (element, attribute), row in ROWS.items():
        entry = lookup(element, attribute)
        assert entry is not None, (element, attribute)
        assert entry.kept == (row.check is not None), entry


def test_spellings_that_read_alike_have_one_decision() -> None:
    decided: dict[tuple[str, str | None], bool] = {}
    for entry in ENTRIES:
        assert decided.setdefault(entry.key, entry.kept) == entry.kept, entry


def note_names(result: ReadResult) -> list[str]:
    return [d.message for d in result.diagnostics if d.severity is Severity.NOTE]


@pytest.mark.parametrize(
    ("element", "attribute", "parent"), list(cases()), ids=lambda v: str(v or "-")
)
def test_each_name_imports_and_is_kept_or_noted(
    element: str, attribute: str | None, parent: str
) -> None:
    data = one_file(element, attribute, parent)
    result = read_zwo(data, "dialect.zwo")
    messages = [d.message for d in result.diagnostics]
    assert not [m for m in messages if "unknown" in m], (data, messages)
    assert all(d.severity is Severity.NOTE for d in result.diagnostics), (data, messages)
    row = ROWS[(element, attribute)]
    if row.check is not None:
        row.check(result.workout)
        return
    entry = lookup(element, attribute)
    assert entry is not None
    owner = lookup(element)
    if attribute is not None and owner is not None and owner.kept:
        expected = f"attribute '{attribute}' on <{canonical(element)}> is not kept: "
    else:
        expected = f"<{element}> is not kept: "
    assert any(m.startswith(expected) for m in note_names(result)), (data, messages)


def test_the_docs_hold_the_table() -> None:
    """docs/formats.md holds `markdown_table()` as it is, between its two markers in the ZWO
    section. After a change to the dialect, replace the table with the output of
    `.venv/bin/python -c "from ridec.formats.zwo.dialect import markdown_table as t; print(t())"`.
    """
    text = DOCS.read_text(encoding="utf-8")
    assert text.count(TABLE_START) == 1 and text.count(TABLE_END) == 1
    start = text.index("\n", text.index(TABLE_START)) + 1
    assert text[start : text.index(TABLE_END)] == markdown_table()


def test_kept_attributes_are_each_elements_kept_entries() -> None:
    from ridec.formats.zwo.dialect import ENTRIES, kept_attributes

    owners = {entry.key[0] for entry in ENTRIES}
    for owner in owners:
        expected = {
            entry.key[1]
            for entry in ENTRIES
            if entry.key[0] == owner and entry.key[1] is not None and entry.kept
        }
        assert kept_attributes(owner) == expected, owner
    assert "duration" in kept_attributes("SteadyState") and "pace" not in kept_attributes("Warmup")
