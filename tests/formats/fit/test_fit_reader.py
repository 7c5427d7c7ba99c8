"""The FIT reader: ridec's own files round trip; workouts shaped like Garmin's SDK examples
are read with located warnings, odd files refused with located diagnostics; no input raises
anything but DiagnosticError."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.diagnostics import DiagnosticError, Severity
from ridec.facts import zone_target
from ridec.formats.base import ActivationMode
from ridec.formats.fit.encoder import FieldValue, FitEncoder, Message
from ridec.formats.fit.profile import (
    DurationType,
    MesgNum,
    Sport,
    StepField,
    TargetType,
    WorkoutField,
)
from ridec.formats.fit.reader import read, read_fit
from ridec.formats.fit.writer_messages import Identity, file_id_message
from ridec.model import (
    FREE,
    LAP,
    MAX,
    Activation,
    Alternate,
    Cadence,
    Cue,
    Exercise,
    Flag,
    Intensity,
    Power,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import lower
from tests.formats.fit.fit_layout import data_message_offsets
from tests.formats.fit.fit_support import render, ride, workout
from tests.formats.fit.own_workouts import FIXTURES
from tests.paths import CORPUS, EDGE810
from tests.targets import PCT, WATTS, band, ramp, steady

UP = Step(240, steady(80), Intensity.INTERVAL, Cadence(55, 65), (Flag.UPSTROKE,), "Up")
DOWN = Step(240, steady(80), Intensity.INTERVAL, Cadence(55, 65), (Flag.DOWNSTROKE,), "Down")
EASY = Step(120, band(50, 60), Intensity.RECOVERY, label="Easy", cues=(Cue(60, "Spin"),))


ROUND_TRIPS = {
    "steps": workout(
        Step(300, steady(60), Intensity.WARMUP, label="Warm up"),
        Step(60, steady(250, WATTS), cues=(Cue(0, "Go"), Cue(30, "Half"))),
        Step(30, MAX, Intensity.INTERVAL, label="Sprint"),
        Step(120, FREE, Intensity.REST, Cadence(90, 90)),
        Step(LAP, FREE, Intensity.COOLDOWN, label="Cool down"),
        name="Mixed",
        description="All kinds",
    ),
    "zones": workout(
        Step(600, zone_target(2)), Step(300, zone_target(4)), Step(60, zone_target(1))
    ),
    "repeats": workout(Repeat(4, (Alternate((UP, DOWN)), EASY)), Repeat(3, (EASY,), label="Set")),
    "numbered": workout(Repeat(3, (Step(60, steady(110), label="Rep {i}/{n}"), EASY))),
    "nested": workout(Repeat(2, (Repeat(3, (UP, EASY)), Step(300, steady(40)))), name="Nest"),
}


@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
@pytest.mark.parametrize("nested", [False, True])
def test_fit_round_trip_keeps_the_timeline(name: str, nested: bool) -> None:
    source = ROUND_TRIPS[name]
    written = render(source, fit_nested_repeats=nested)
    back = read(written.data, "back.fit")
    assert ride(lower(back)) == ride(written.timeline)
    assert back.header.name == source.header.name
    assert back.header.description == source.header.description


def test_fit_round_trip_keeps_the_files_repeats() -> None:
    written = render(ROUND_TRIPS["nested"], fit_nested_repeats=True)
    back = read(written.data, "nested.fit")
    [outer] = back.body
    assert isinstance(outer, Repeat) and outer.count == 2
    inner = outer.body[0]
    assert isinstance(inner, Repeat) and inner.count == 3
    assert [s.label for s in inner.body if isinstance(s, Step)] == ["Up", "Easy"]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"fit_ramp_step_s": 60},
        {"fit_nested_repeats": True, "activation": ActivationMode.STEPS},
        {"fit_power_band_pct": 3.0},
    ],
)
def test_fit_writing_what_was_read_gives_the_same_bytes(options: dict[str, Any]) -> None:
    routine = Activation((Exercise("Clamshell", reps=12, each_side=True),))
    source = workout(
        Step(600, ramp(45, 70), Intensity.WARMUP, label="Warm up"),
        *ROUND_TRIPS["repeats"].body,
        *ROUND_TRIPS["nested"].body,
        Step(300, ramp(60, 40), Intensity.COOLDOWN),
        activation=routine,
        description="Both parts",
    )
    first = render(source, ftp=250, **options)
    again = render(read(first.data, "x.fit"), ftp=250, **options)
    assert again.data == first.data


def _step_offsets(data: bytes) -> list[int]:
    """Where each workout_step message starts, by an independent walk over the records."""
    return [at for at, number in data_message_offsets(data) if number == MesgNum.WORKOUT_STEP]


def test_fit_reader_reads_running_steps_with_a_warning_at_each_step() -> None:
    """Steps that end after a distance or a heart rate, and heart-rate targets (as in
    Garmin's SDK examples), are read as lap-button steps and free riding, each warned about
    at its message's offset, with the condition or target kept as a cue for the rider."""
    name = "ridec__workout-repeat-steps.fit"
    data = (CORPUS / "fit" / name).read_bytes()
    result = read_fit(data, name)
    at = _step_offsets(data)
    assert len(at) == 5  # four steps and the repeat step
    rendered = [d.render().split("\n")[0] for d in result.diagnostics]
    lap = "it is read as a lap-button step with the cue"
    assert rendered == [
        f"{name}: offset {at[0]}: warning: workout step 0: a heart-rate target is read as "
        "free riding with the cue 'Heart rate zone 2'",
        f"{name}: offset {at[1]}: warning: workout step 1: the step ends after a distance; "
        f"{lap} 'Until 400 m'",
        f"{name}: offset {at[1]}: warning: workout step 1: power zone 5 of the head unit is "
        "read as Coggan zone 5",
        f"{name}: offset {at[2]}: warning: workout step 2: the step ends after a distance; "
        f"{lap} 'Until 800 m'",
        f"{name}: offset {at[2]}: warning: workout step 2: power zone 3 of the head unit is "
        "read as Coggan zone 3",
        f"{name}: offset {at[4]}: warning: workout step 4: the step ends after a heart rate "
        f"below a value; {lap} 'Until heart rate below 125 bpm'",
        f"{name}: offset {at[4]}: warning: workout step 4: power zone 1 of the head unit is "
        "read as Coggan zone 1",
    ]


def test_fit_reader_keeps_running_conditions_as_cues() -> None:
    """The custom ranges of Garmin's third example: heart rate and its end in bpm + 100,
    powers in watts + 1000 (kept as watts)."""
    name = "ridec__workout-custom-target-values.fit"
    workout = read_fit((CORPUS / "fit" / name).read_bytes(), name).workout
    steps = [node for node in workout.body if isinstance(node, Step)]
    assert [s.duration for s in steps[1:]] == [LAP] * (len(steps) - 1)
    assert steps[0].target == FREE
    assert [c.text for s in steps for c in s.cues] == [
        "Heart rate 120-135 bpm",
        "Until 400 m",
        "Until 800 m",
        "Until heart rate below 125 bpm",
    ]
    assert steps[1].target == Target(TargetKind.RANGE, Power(280, WATTS), Power(290, WATTS))
    assert all(s.cues and s.cues[0].offset == 0 for s in steps)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fit_reader_locates_every_running_condition(name: str) -> None:
    data = (CORPUS / "fit" / name).read_bytes()
    result = read_fit(data, name)
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR]
    conditions = [d for d in result.diagnostics if "with the cue" in d.message]
    assert len(conditions) == 4  # a heart-rate target, two distances, a heart-rate end
    steps = _step_offsets(data)
    assert all(d.span is not None and d.span.start in steps for d in conditions)


def test_fit_reader_refuses_an_activity_file() -> None:
    data = EDGE810.read_bytes()
    with pytest.raises(DiagnosticError) as caught:
        read(data, "ride.fit")
    [diagnostic] = caught.value.diagnostics
    [(file_id, number), *_] = data_message_offsets(data)
    assert number == MesgNum.FILE_ID
    assert diagnostic.render() == (
        f"ride.fit: offset {file_id}: error: the file holds activity data (file type 4), not a "
        "workout\n  hint: this is a recorded ride: the `ridec review` command holds it "
        "against the planned workout"  # the API's words: the commands name the command line
    )


def _file(*steps: tuple[FieldValue, ...], sport: int = Sport.CYCLING) -> bytes:
    encoder = FitEncoder()
    encoder.write(file_id_message(Identity(3, 1_000_000_000)))
    info = (
        (WorkoutField.WKT_NAME, "Made"),
        (WorkoutField.SPORT, sport),
        (WorkoutField.NUM_VALID_STEPS, len(steps)),
    )
    encoder.write(Message(MesgNum.WORKOUT, info))
    for index, fields in enumerate(steps):
        encoder.write(Message(MesgNum.WORKOUT_STEP, ((StepField.MESSAGE_INDEX, index), *fields)))
    return encoder.finish()


def _timed(seconds: float, *fields: FieldValue) -> tuple[FieldValue, ...]:
    return (
        (StepField.DURATION_TYPE, DurationType.TIME),
        (StepField.DURATION_VALUE, int(seconds * 1000)),
        *fields,
    )


def _power(low: int, high: int) -> tuple[FieldValue, ...]:
    return (
        (StepField.TARGET_TYPE, TargetType.POWER),
        (StepField.TARGET_VALUE, 0),
        (StepField.CUSTOM_TARGET_VALUE_LOW, low),
        (StepField.CUSTOM_TARGET_VALUE_HIGH, high),
    )


def _repeat(
    first: int, count: int, kind: int = DurationType.REPEAT_UNTIL_STEPS_CMPLT
) -> tuple[FieldValue, ...]:
    return (
        (StepField.DURATION_TYPE, kind),
        (StepField.DURATION_VALUE, first),
        (StepField.TARGET_VALUE, count),
    )


def test_fit_reader_builds_nested_repeats_from_repeat_steps() -> None:
    data = _file(
        _timed(60, *_power(80, 80)),
        _timed(30, *_power(1200, 1250)),
        _repeat(0, 3),
        _timed(120, *_power(50, 50)),
        _repeat(0, 2),
    )
    body = read(data, "nest.fit").body
    hard = Step(60, Target(TargetKind.STEADY, Power(80, PCT)))
    watts = Step(30, Target(TargetKind.RANGE, Power(200, WATTS), Power(250, WATTS)))
    easy = Step(120, Target(TargetKind.STEADY, Power(50, PCT)))
    assert body == (Repeat(2, (Repeat(3, (hard, watts)), easy)),)


def test_fit_reader_reads_a_repeat_until_heart_rate_as_one_run_with_a_warning() -> None:
    data = _file(
        _timed(60, *_power(80, 80)), _repeat(0, 160, DurationType.REPEAT_UNTIL_HR_GREATER_THAN)
    )
    result = read_fit(data, "greater.fit")
    assert result.workout.body == (
        Repeat(1, (Step(60, Target(TargetKind.STEADY, Power(80, PCT))),)),
    )
    [warning] = result.diagnostics
    assert "repeat_until_hr_greater_than repeat is read as one run" in warning.message


def test_fit_reader_reads_zones_cadence_laps_and_notes() -> None:
    cadence_only = (
        (StepField.TARGET_TYPE, TargetType.CADENCE),
        (StepField.TARGET_VALUE, 0),
        (StepField.CUSTOM_TARGET_VALUE_LOW, 85),
        (StepField.CUSTOM_TARGET_VALUE_HIGH, 95),
    )
    secondary = (
        (StepField.SECONDARY_TARGET_TYPE, TargetType.CADENCE),
        (StepField.SECONDARY_TARGET_VALUE, 0),
        (StepField.SECONDARY_CUSTOM_TARGET_VALUE_LOW, 60),
        (StepField.SECONDARY_CUSTOM_TARGET_VALUE_HIGH, 70),
    )
    zone = ((StepField.TARGET_TYPE, TargetType.POWER), (StepField.TARGET_VALUE, 3))
    data = _file(
        _timed(90, *cadence_only),
        _timed(60, *_power(70, 70), *secondary, (StepField.NOTES, "Seated\n@0:30 Push")),
        ((StepField.DURATION_TYPE, DurationType.OPEN), *zone),
        _timed(1.4, (StepField.TARGET_TYPE, TargetType.OPEN)),
    )
    result = read_fit(data, "kinds.fit")
    assert result.workout.body == (
        Step(90, FREE, cadence=Cadence(85, 95)),
        Step(60, Target(TargetKind.STEADY, Power(70, PCT)), cadence=Cadence(60, 70),
             cues=(Cue(0, "Seated"), Cue(30, "Push"))),
        Step(LAP, zone_target(3)),
        Step(1, FREE),
    )  # fmt: skip
    messages = [d.message for d in result.diagnostics]
    assert messages == [
        "workout step 2: power zone 3 of the head unit is read as Coggan zone 3",
        "workout step 3: 1.4 s is rounded to 1 s",
    ]


def test_fit_reader_refuses_a_running_workout_at_its_workout_message() -> None:
    with pytest.raises(DiagnosticError) as caught:
        read(_file(_timed(60, *_power(80, 80)), sport=Sport.RUNNING), "run.fit")
    [diagnostic] = caught.value.diagnostics
    # header 14, file_id definition 21 and data 14, workout definition 6 + 3 * 3
    assert diagnostic.render() == (
        "run.fit: offset 64: error: a running workout; ridec reads cycling workouts"
    )


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ((_timed(60), _timed(60), _timed(60), _repeat(1, 2), _repeat(2, 2)),
         "workout step 4: the repeat goes back to step 2, inside an earlier repeat"),
        ((_timed(60), _repeat(0, 0)),
         "workout step 1: the repeat count is 0; ridec repeats 1 to 500 times"),
        ((_timed(60), _repeat(0, 501)),
         "workout step 1: the repeat count is 501; ridec repeats 1 to 500 times"),
        ((_timed(90_000),), "workout step 0: the step lasts 90000 s, longer than ridec's 24 h"),
        ((_timed(60, *_power(900, 1000 + 3500)),),
         "workout step 0: custom power 4500 is neither 0-999 % FTP nor 1-3000 W"),
        ((_timed(60, *_power(1000, 1000)),),
         "workout step 0: custom power 1000 is neither 0-999 % FTP nor 1-3000 W"),
        ((_timed(60), _repeat(0, 500), _repeat(0, 500)),
         "the repeats expand to more than 100000 steps"),
    ],
)  # fmt: skip
def test_fit_reader_refuses_impossible_structures_and_sizes(
    steps: tuple[tuple[FieldValue, ...], ...], expected: str
) -> None:
    with pytest.raises(DiagnosticError) as caught:
        read(_file(*steps), "odd.fit")
    assert expected in [d.message for d in caught.value.diagnostics]


def test_fit_reader_refuses_a_broken_file_with_the_checkers_diagnostic() -> None:
    data = bytearray(render(ROUND_TRIPS["steps"]).data)
    data[30] ^= 0x10
    with pytest.raises(DiagnosticError) as caught:
        read(bytes(data), "bad.fit")
    assert "file CRC" in caught.value.diagnostics[0].message


_VALID = render(ROUND_TRIPS["repeats"]).data


@settings(max_examples=150)
@given(st.data())
def test_fit_reader_never_raises_anything_but_diagnostics(data: st.DataObject) -> None:
    damaged = bytearray(_VALID)
    for _ in range(data.draw(st.integers(1, 3))):
        offset = data.draw(st.integers(0, len(damaged) - 1))
        damaged[offset] = data.draw(st.integers(0, 255))
    _fix_crcs(damaged, data.draw(st.booleans()))
    try:
        result = read_fit(bytes(damaged), "fuzz.fit")
    except DiagnosticError as error:
        assert error.diagnostics
    else:
        assert isinstance(result.workout, Workout)


def _fix_crcs(data: bytearray, fix: bool) -> None:
    """Recompute both CRCs half of the time, so damage reaches the record and step readers."""
    from ridec.formats.fit.crc import crc16

    if fix and len(data) > 16:
        data[12:14] = crc16(bytes(data[:12])).to_bytes(2, "little")
        data[-2:] = crc16(bytes(data[:-2])).to_bytes(2, "little")
