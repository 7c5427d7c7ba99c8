"""The ZWO reader: the corpus, every form real files carry, and round trips through the writer."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError, Severity
from ridec.formats.base import CompileOptions
from ridec.formats.zwo.reader import read, read_zwo
from ridec.formats.zwo.writer_blocks import TEXT_SEPARATOR
from ridec.model import Cadence, Intensity, Repeat, Step, Target, TargetKind, Workout
from tests.formats.zwo import zwo_oracle
from tests.formats.zwo.test_zwo_golden import CASES
from tests.formats.zwo.zwo_support import CORPUS_FILES, READABLE, REFUSED, pct, render

GENERATED_TEXT = re.compile(r"(Power \S+% FTP|Cadence \d+-\d+ rpm)\Z")
TOLERANCE = 0.005
"""0.5 % FTP, as a fraction."""


def zwo(blocks: str, header: str = "<name>T</name>") -> bytes:
    return f"<workout_file>{header}<workout>{blocks}</workout></workout_file>".encode()


def target(step: Step) -> Target:
    assert isinstance(step.target, Target)
    return step.target


def steps_of(workout: Workout) -> list[Step]:
    found: list[Step] = []
    for node in workout.body:
        assert isinstance(node, Step), node
        found.append(node)
    return found


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_imports_or_is_rejected_with_a_location(path: Path) -> None:
    data = path.read_bytes()
    if path.name in REFUSED:
        with pytest.raises(DiagnosticError) as caught:
            read(data, path.name)
        rendered = caught.value.diagnostics[-1].render()
        assert rendered.startswith(f"{path.name}:{REFUSED[path.name]}"), rendered
        return
    result = read_zwo(data, path.name)
    assert result.workout.body
    assert all(d.severity is not Severity.ERROR for d in result.diagnostics)


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_corpus_round_trip_keeps_power_curve_and_text_times(path: Path) -> None:
    original = path.read_bytes()
    written, _ = render(read(original, path.name), CompileOptions(ascii_text=False))
    before, after = zwo_oracle.power_curve(original), zwo_oracle.power_curve(written)
    assert len(before) == len(after)
    for second, (old, new) in enumerate(zip(before, after, strict=True)):
        if old is None or new is None:
            assert old is new, f"second {second}"
        else:
            assert abs(old - new) <= TOLERANCE, f"second {second}: {old} -> {new}"
    kept = [t for t in zwo_oracle.texts(original) if t[0] < len(before)]
    expected = zwo_oracle.by_second(kept, TEXT_SEPARATOR)
    shown = dict(zwo_oracle.texts(written))
    assert set(expected) <= set(shown)
    for second, message in shown.items():
        said = expected.get(second)
        added = message if said is None else message.removeprefix(said + TEXT_SEPARATOR)
        assert message == said or GENERATED_TEXT.match(added), (second, message)


@pytest.mark.parametrize("name", sorted(CASES))
def test_write_read_write_gives_the_same_bytes(name: str) -> None:
    first, _ = render(CASES[name]())
    again, _ = render(read(first, f"{name}.zwo"), ftp=250)
    assert again == first


def test_intervals_become_a_repeat_of_two_steps() -> None:
    block = '<IntervalsT Repeat="4" OnDuration="30" OffDuration="60" OnPower="1.2" OffPower="0.5" '
    workout = read(zwo(block + 'Cadence="100" CadenceResting="85"/>'), "t.zwo")
    (repeat,) = workout.body
    assert isinstance(repeat, Repeat) and repeat.count == 4
    on, off = repeat.body
    assert isinstance(on, Step) and isinstance(off, Step)
    assert (on.duration, target(on).low, on.cadence, on.intensity) == (
        30, pct(120), Cadence(100, 100), Intensity.INTERVAL,
    )  # fmt: skip
    assert (off.duration, off.cadence, off.intensity) == (60, Cadence(85, 85), Intensity.RECOVERY)


def test_runs_of_equal_blocks_become_repeats() -> None:
    hard = '<SteadyState Duration="30" Power="1.5"><textevent timeoffset="0" message="Go"/>'
    blocks = (hard + '</SteadyState><SteadyState Duration="270" Power="0.92"/>') * 3
    workout = read(zwo('<SteadyState Duration="60" Power="0.5"/>' + blocks), "t.zwo")
    _, repeat = workout.body
    assert isinstance(repeat, Repeat) and repeat.count == 3 and len(repeat.body) == 2


def test_silent_steady_pairs_stay_flat_because_the_writer_would_fold_them() -> None:
    blocks = '<SteadyState Duration="30" Power="1.5"/><SteadyState Duration="30" Power="0.5"/>'
    workout = read(zwo(blocks * 3), "t.zwo")
    assert len(workout.body) == 6


def test_cooldown_power_low_is_the_start() -> None:
    falling = read(zwo('<Cooldown Duration="300" PowerLow="0.7" PowerHigh="0.4"/>'), "t.zwo")
    (step,) = steps_of(falling)
    assert (target(step).low, target(step).high) == (pct(70), pct(40))
    result = read_zwo(zwo('<Cooldown Duration="300" PowerLow="0.4" PowerHigh="0.5"/>'), "t.zwo")
    (step,) = steps_of(result.workout)
    assert (target(step).low, target(step).high) == (pct(40), pct(50))
    assert "this Cooldown rises" in result.diagnostics[0].message


def test_2015_forms_and_other_spellings() -> None:
    blocks = (
        '<SteadyState Duration="20" PowerLow="0.8" PowerHigh="1.0"/>'
        '<Freeride Duration="60"><TextEvent TimeOffset="10" Message="hi"/></Freeride>'
        '<IntervalsT Repeat="2" OnDuration="60" OffDuration="30" PowerOnLow="1.4" '
        'PowerOnHigh="1.6" PowerOffLow="0.5" PowerOffHigh="0.5"/>'
    )
    workout = read(zwo(blocks), "t.zwo")
    band, free, repeat = workout.body
    assert isinstance(band, Step) and target(band).kind is TargetKind.RANGE
    assert isinstance(free, Step) and target(free).kind is TargetKind.FREE
    assert [(c.offset, c.text) for c in free.cues] == [(10, "hi")]
    assert isinstance(repeat, Repeat) and repeat.count == 2


def test_float_artefacts_and_fractional_durations_are_rounded() -> None:
    block = '<SteadyState Duration="180.00002" Power="0.64999998"><textevent timeoffset="90.4" '
    (step,) = steps_of(read(zwo(block + 'message="x"/></SteadyState>'), "t.zwo"))
    assert (step.duration, target(step).low, step.cues[0].offset) == (180, pct(65), 90)


def test_top_level_texts_count_from_the_workout_start() -> None:
    blocks = (
        '<SteadyState Duration="60" Power="0.5"/><textevent timeoffset="75" message="top"/>'
        '<SteadyState Duration="60" Power="0.6"/>'
    )
    first, second = steps_of(read(zwo(blocks), "t.zwo"))
    assert first.cues == () and [(c.offset, c.text) for c in second.cues] == [(15, "top")]


def test_texts_become_label_then_cues_and_ranges_come_back() -> None:
    block = (
        '<SteadyState Duration="120" Power="0.8" Cadence="55">'
        '<textevent timeoffset="0" message="Stand"/><textevent timeoffset="0" message="Hold"/>'
        '<textevent timeoffset="0" message="Power 75-85% FTP"/>'
        '<textevent timeoffset="0" message="Cadence 50-60 rpm"/>'
        '<textevent timeoffset="30" message="Later" duration="5"/></SteadyState>'
    )
    (step,) = steps_of(read(zwo(block), "t.zwo"))
    assert step.label == "Stand | Hold"
    assert [(c.offset, c.text, c.duration) for c in step.cues] == [(30, "Later", 5)]
    assert step.cadence == Cadence(50, 60)
    assert target(step).kind is TargetKind.RANGE


def test_range_text_that_does_not_match_the_midpoint_stays_a_cue() -> None:
    block = (
        '<SteadyState Duration="60" Power="0.7">'
        '<textevent timeoffset="0" message="Power 75-85% FTP"/>'
    )
    (step,) = steps_of(read(zwo(block + "</SteadyState>"), "t.zwo"))
    assert target(step).kind is TargetKind.STEADY
    assert step.label == "Power 75-85% FTP"


def test_header_fields_tags_and_name_default() -> None:
    header = (
        "<description>\n    Two lines\n    indented\n  </description><author> A </author>"
        '<tags><tag name="x"/><tag>y</tag></tags><category>C</category><sportType>bike</sportType>'
    )
    workout = read(zwo('<FreeRide Duration="60"/>', header), "dir/My file.zwo")
    assert workout.header.name == "My file"
    assert workout.header.description == "Two lines\nindented"
    assert (workout.header.author, workout.header.tags) == ("A", ("x", "y"))
    assert workout.header.category == "C"


def test_xml_declaration_and_cp1252_bytes() -> None:
    declared = b'<?xml version="1.0" encoding="UTF-8"?>\n' + zwo('<FreeRide Duration="60"/>')
    assert read(declared, "t.zwo").header.name == "T"
    latin = b"<workout_file><name>Caf\xe9 \x96 \x93x\x94</name><workout/></workout_file>"
    result = read_zwo(latin, "t.zwo")
    assert result.workout.header.name == "Café – “x”"
    assert result.diagnostics[0].render().startswith("t.zwo:1:24: warning: the file is not UTF-8")
    iso = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>'
        b"<workout_file><name>\xe9</name><workout/></workout_file>"
    )
    assert read_zwo(iso, "t.zwo").workout.header.name == "é"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "1:1: error: the file is empty"),
        (b"<workout_file><name>x</workout_file>", "1:37: error: not well-formed XML"),
        (b"<plan/>", "1:1: error: the root element is <plan>"),
        (b"<workout_file><name>x</name></workout_file>", "error: the file has no <workout>"),
        (zwo("", "<sportType>run</sportType>"), "error: sportType 'run' is not supported"),
        (zwo('<SteadyState Duration="60"/>'), "error: <SteadyState> needs a Power attribute"),
        (zwo('<SteadyState Duration="abc" Power="1"/>'), ':51: error: Duration="abc" is not a'),
        (zwo('<SteadyState Duration="-5" Power="1"/>'), 'error: Duration="-5" must not be neg'),
        (zwo('<SteadyState Duration="60" Power="60.5"/>'), "6050.0 % FTP, above the 6000 % limit"),
        (zwo('<SteadyState Duration="99999999" Power="1"/>'), "is longer than 86400 s"),
        (
            zwo(
                '<IntervalsT Repeat="501" OnDuration="1" OffDuration="1" OnPower="1" OffPower="1"/>'
            ),
            "is more than 500 repetitions",
        ),
    ],
)
def test_bad_files_give_located_errors(data: bytes, message: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        read(data, "t.zwo")
    assert message in "\n".join(d.render() for d in caught.value.diagnostics)


def test_unknown_elements_and_attributes_are_reported_not_dropped_silently() -> None:
    blocks = '<SteadyState Duration="60" Power="1" Colour="red"><Foo/></SteadyState><Bar/>'
    result = read_zwo(zwo(blocks, "<name>x</name><Baz/>"), "t.zwo")
    messages = [d.message for d in result.diagnostics]
    assert messages == [
        "unknown element <Baz> is ignored",
        "unknown attribute 'Colour' on <SteadyState> is ignored",
        "unknown element <Foo> inside <SteadyState> is ignored",
        "unknown element <Bar> is ignored",
    ]


def test_texts_after_the_end_are_reported() -> None:
    block = '<SteadyState Duration="60" Power="1"><textevent timeoffset="90" message="late"/>'
    result = read_zwo(zwo(block + "</SteadyState>"), "t.zwo")
    assert [d.severity for d in result.diagnostics] == [Severity.NOTE, Severity.WARNING]
    assert "after the workout ends (60 s)" in result.diagnostics[1].message


def test_steps_with_texts_are_made_with_every_field_of_step() -> None:
    """The reader builds a step with texts field by field (cheaper than `replace`): a new
    field of Step must be passed there too."""
    names = [f.name for f in fields(Step)]
    assert names == ["duration", "target", "intensity", "cadence", "flags", "label", "cues", "span"]
