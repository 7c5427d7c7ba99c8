"""The reader's decisions on Zwift's dialect beyond one name at a time: zones beside powers,
fixed FTPs, cadence ranges beside a single cadence, texts without a time, tag lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.commands.importer import to_source
from ridec.diagnostics import DiagnosticError, Severity
from ridec.formats.zwo.reader import read, read_zwo
from ridec.model import Cadence, Power, PowerUnit, Repeat, Step, Target, TargetKind, Workout

HEADER = "<name>T</name>"


def zwo(blocks: str, header: str = HEADER) -> bytes:
    return f"<workout_file>{header}<workout>{blocks}</workout></workout_file>".encode()


def steps(workout: Workout) -> list[Step]:
    found = [node for node in workout.body if isinstance(node, Step)]
    assert len(found) == len(workout.body)
    return found


def messages(data: bytes) -> list[str]:
    return [d.message for d in read_zwo(data, "t.zwo").diagnostics]


def test_a_zone_beside_a_power_is_noted_and_the_power_kept() -> None:
    data = zwo('<SteadyState Duration="60" Power="0.65" Zone="2"/>')
    (step,) = steps(read(data, "t.zwo"))
    assert step.target == Target(TargetKind.STEADY, Power(65, PowerUnit.PERCENT))
    assert messages(data) == [
        "attribute 'Zone' on <SteadyState> is not kept beside a power: the power says what to ride"
    ]


def test_a_zone_that_is_not_one_is_a_located_error() -> None:
    with pytest.raises(DiagnosticError) as caught:
        read(zwo('<SteadyState Duration="60" Zone="9"/>'), "t.zwo")
    (error,) = [d for d in caught.value.diagnostics if d.severity is Severity.ERROR]
    assert error.render().startswith('t.zwo:1:65: error: Zone="9" is not a zone from 1 to 7')


def test_ftp_override_reads_powers_as_watts_and_sets_the_ftp() -> None:
    header = HEADER + "<ftpOverride>250</ftpOverride>"
    blocks = (
        '<Warmup Duration="60" PowerLow="0.4" PowerHigh="0.8"/>'
        '<IntervalsT Repeat="2" OnDuration="30" OffDuration="30" OnPower="1.2" OffPower="0.5"/>'
    )
    result = read_zwo(zwo(blocks, header), "t.zwo")
    workout = result.workout
    warmup, repeat = workout.body
    assert workout.header.ftp == 250
    assert isinstance(warmup, Step) and isinstance(repeat, Repeat)
    assert warmup.target == Target(
        TargetKind.RAMP, Power(100, PowerUnit.WATTS), Power(200, PowerUnit.WATTS)
    )
    on = repeat.body[0]
    assert isinstance(on, Step)
    assert on.target == Target(TargetKind.STEADY, Power(300, PowerUnit.WATTS))
    assert [d.message for d in result.diagnostics] == [
        "ftpOverride 250 W: Zwift rides this workout's powers as fixed watts of it, so they are "
        "read in watts and the workout's FTP is set to it"
    ]


@pytest.mark.parametrize("value", ["10", "abc", "99999"])
def test_an_ftp_override_the_language_cannot_hold_is_ignored(value: str) -> None:
    header = f"{HEADER}<ftpOverride>{value}</ftpOverride>"
    data = zwo('<SteadyState Duration="60" Power="0.8"/>', header)
    result = read_zwo(data, "t.zwo")
    assert result.workout.header.ftp is None
    assert [d.message for d in result.diagnostics] == [
        f"ftpOverride '{value}' is not an FTP from 50 to 2000 W and is ignored"
    ]


def test_cadence_beside_its_range_is_the_midpoint_and_the_range_is_kept() -> None:
    block = '<SteadyState Duration="60" Power="0.8" Cadence="{}" CadenceLow="50" CadenceHigh="60"/>'
    same = zwo(block.format(55))
    (step,) = steps(read(same, "t.zwo"))
    assert step.cadence == Cadence(50, 60)
    assert messages(same) == []
    other = zwo(block.format(90))
    (step,) = steps(read(other, "t.zwo"))
    assert step.cadence == Cadence(50, 60)
    assert messages(other) == [
        'Cadence="90" is not the middle of CadenceLow/CadenceHigh (50-60 rpm): the range is kept'
    ]


def test_a_text_without_offset_shows_at_its_block_start_or_where_it_stands() -> None:
    blocks = (
        '<SteadyState Duration="60" Power="0.5"/>'
        '<textevent message="Next: hard"/>'
        '<SteadyState Duration="60" Power="1.0"><textevent message="Go"/>'
        '<textevent message="Later" timeoffset="30"/></SteadyState>'
    )
    first, second = steps(read(zwo(blocks), "t.zwo"))
    assert (first.label, first.cues) == (None, ())
    assert second.label == "Next: hard | Go"
    assert [(c.offset, c.text) for c in second.cues] == [(30, "Later")]
    assert messages(zwo(blocks)) == [
        "<textevent> without a timeoffset is shown at the start of the block after it"
    ]


def test_a_text_placed_by_distance_shows_at_its_block_start_with_a_note() -> None:
    block = (
        '<SteadyState Duration="60" Power="0.5"><textevent distoffset="400" message="Far"/>'
        '<textevent distoffset="0" timeoffset="20" message="Timed"/></SteadyState>'
    )
    (step,) = steps(read(zwo(block), "t.zwo"))
    assert step.label == "Far"
    assert [(c.offset, c.text) for c in step.cues] == [(20, "Timed")]
    (note,) = messages(zwo(block))
    assert note.startswith("attribute 'distoffset' on <textevent> is not kept: a distance has no")


def test_text_notifications_are_texts_with_a_note() -> None:
    block = (
        '<Cooldown Duration="300" PowerLow="0.6" PowerHigh="0.4">'
        '<TextNotification timeOffset="180" text="Cool off! 110 cadence!" duration="10"/>'
        "</Cooldown>"
    )
    (step,) = steps(read(zwo(block), "t.zwo"))
    assert [(c.offset, c.text, c.duration) for c in step.cues] == [
        (180, "Cool off! 110 cadence!", 10)
    ]
    assert messages(zwo(block)) == [
        "<TextNotification> is read as a text at its time (Zwift is reported not to show it; "
        "ridec shows it, and writes it as a textevent)"
    ]


def test_empty_tag_entries_are_dropped_with_a_note_and_the_import_succeeds() -> None:
    header = HEADER + '<tags><tag name="INTERVALS, RECOMMENDABLE,, X"/><tag name=" , "/></tags>'
    data = zwo('<SteadyState Duration="60" Power="0.8"/>', header)
    result = read_zwo(data, "tags.zwo")
    assert result.workout.header.tags == ("INTERVALS", "RECOMMENDABLE", "X")
    assert [d.render().split("\n")[0] for d in result.diagnostics] == [
        "tags.zwo:1:35: note: tag 'INTERVALS, RECOMMENDABLE,, X' has 1 empty entry, dropped",
        "tags.zwo:1:77: note: tag ',' has 2 empty entries, dropped",
    ]
    source = to_source(result.workout, Path("tags.zwo"))
    assert "tags: INTERVALS, RECOMMENDABLE, X\n" in source


def test_zwift_elements_under_workout_and_blocks_are_noted_once() -> None:
    blocks = (
        "<RestDay/><RestDay/>"
        '<Cooldown Duration="60" PowerLow="0.6" PowerHigh="0.4">'
        '<gameplayevent type="GPE_CAMERA" camera="4" timeoffset="0"/></Cooldown>'
    )
    assert messages(zwo(blocks)) == [
        "<RestDay> is not kept: a rest day of a Zwift training plan: nothing to ride",
        "<gameplayevent> is not kept: a Zwift game event (a camera angle, a celebration): "
        "nothing to ride",
    ]


def test_a_header_element_inside_the_workout_is_still_unknown() -> None:
    assert messages(zwo('<name>x</name><SteadyState Duration="60" Power="0.8"/>')) == [
        "unknown element <name> is ignored"
    ]


def test_a_second_header_element_is_ignored_with_a_warning() -> None:
    header = HEADER + "<ftpOverride>200</ftpOverride><ftpOverride>300</ftpOverride>"
    result = read_zwo(zwo('<SteadyState Duration="60" Power="0.8"/>', header), "t.zwo")
    assert result.workout.header.ftp == 200
    assert result.diagnostics[-1].message == "a second <ftpOverride> is ignored"
