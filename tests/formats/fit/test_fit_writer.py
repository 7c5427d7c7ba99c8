"""The FIT writer: steps, targets, notes, activation, options and the fidelity report.

Every file is read back by our validator, garmin-fit-sdk and fitparse (see `render`), and
the steps they read are compared with the expected ones.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ridec.formats.base import (
    ActivationMode,
    Capability,
    CompileOptions,
    ConversionError,
    Fidelity,
    LossKind,
    RampMode,
)
from ridec.formats.fit.writer import FitWriter
from ridec.formats.registry import REGISTRY
from ridec.model import (
    FREE,
    LAP,
    MAX,
    Activation,
    Cadence,
    Cue,
    Exercise,
    Flag,
    Intensity,
    Power,
    Step,
    Target,
    TargetKind,
)
from ridec.timeline import lower
from tests.formats.fit.fit_support import render, workout
from tests.targets import PCT, WATTS, band, ramp, steady


def _losses(report: Fidelity) -> list[tuple[str, str | None]]:
    return [(e.feature, e.became) for e in report.entries if e.kind is not LossKind.EXACT]


def test_fit_writer_declares_its_format() -> None:
    writer = FitWriter()
    assert (writer.name, writer.extension) == ("fit", ".fit")
    fit = REGISTRY["fit"]
    assert not fit.supports(Capability.RAMPS)
    assert all(fit.supports(c) for c in (Capability.REPEATS, Capability.LAP_STEPS))
    assert fit.supports(Capability.CADENCE_RANGES)


def test_fit_file_id_and_workout_messages() -> None:
    source = workout(Step(60, steady(50)), name="Sweet spot", description="Two by twenty")
    read = render(source, created=dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)).sdk
    [file_id] = read["file_id_mesgs"]
    assert file_id["type"] == "workout"
    assert file_id["manufacturer"] == "development"
    assert file_id["serial_number"] > 0
    assert file_id["time_created"] == dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    [info] = read["workout_mesgs"]
    assert info["wkt_name"] == "Sweet spot"
    assert (info["sport"], info["sub_sport"]) == ("cycling", "generic")
    assert info["num_valid_steps"] == 1
    assert info["wkt_description"] == "Two by twenty"


def test_fit_steps_carry_names_durations_power_cadence_and_intensity() -> None:
    source = workout(
        Step(300, steady(65), Intensity.WARMUP, label="Warm up"),
        Step(240, steady(80), Intensity.INTERVAL, Cadence(60, 70), label="Low cadence"),
        Step(120, band(100, 150, WATTS), Intensity.RECOVERY, Cadence(90, 90)),
        Step(60, steady(250, WATTS), Intensity.ACTIVE),
        Step(30, FREE, Intensity.REST),
        Step(LAP, FREE, Intensity.COOLDOWN, label="Spin easy"),
    )
    assert render(source).steps == [
        ("step", "Warm up", 300, (65, 65), "warmup", None, None),
        ("step", "Low cadence", 240, (80, 80), "interval", (60, 70), None),
        ("step", None, 120, (1100, 1150), "recovery", (90, 90), None),
        ("step", None, 60, (1250, 1250), "active", None, None),
        ("step", None, 30, None, "rest", None, None),
        ("step", "Spin easy", "lap", None, "cooldown", None, None),
    ]


def test_fit_watts_and_percent_need_no_ftp() -> None:
    source = workout(Step(60, steady(250, WATTS)), Step(60, steady(80)))
    assert [s[3] for s in render(source, ftp=None).steps] == [(1250, 1250), (80, 80)]


def test_fit_ramp_becomes_steps_at_their_midpoint_power() -> None:
    source = workout(Step(120, ramp(50, 70), Intensity.WARMUP, label="Ramp"))
    out = render(source)
    assert out.steps == [
        ("step", "Ramp", 30, (p, p), "warmup", None, None) for p in (53, 58, 63, 68)
    ]
    assert _losses(out.report) == [("ramp 50% to 70%", "4 steps of 30 s")]


def test_fit_falling_ramp_with_a_short_last_step_and_its_cues() -> None:
    source = workout(Step(100, ramp(300, 200, WATTS), cues=(Cue(40, "Half way"),)))
    out = render(source, fit_ramp_step_s=40)
    assert [(s[2], s[3], s[6]) for s in out.steps] == [
        (40, (1280, 1280), None),
        (40, (1240, 1240), "Half way"),
        (20, (1210, 1210), None),
    ]
    assert ("ramp 300 W to 200 W", "3 steps of 40 s (the last 20 s)") in _losses(out.report)


def test_fit_ramp_as_one_range_step() -> None:
    out = render(workout(Step(600, ramp(75, 50), Intensity.COOLDOWN)), fit_ramp=RampMode.RANGE)
    assert out.steps == [("step", None, 600, (50, 75), "cooldown", None, None)]
    assert _losses(out.report) == [("ramp 75% to 50%", "one step in the range 50-75%")]


def test_fit_power_band_widens_single_values() -> None:
    source = workout(Step(60, steady(80)), Step(60, steady(240, WATTS)), Step(60, band(60, 70)))
    out = render(source, ftp=200, fit_power_band_pct=5)
    assert [s[3] for s in out.steps] == [(75, 85), (1230, 1250), (60, 70)]


def test_fit_power_band_on_watts_needs_an_ftp() -> None:
    timeline = lower(workout(Step(60, steady(240, WATTS))))
    options = CompileOptions(fit_power_band_pct=5)
    with pytest.raises(ConversionError, match="FTP"):
        FitWriter().render(timeline, options, Fidelity("fit"))


def test_fit_mixed_units_convert_to_percent_with_an_ftp() -> None:
    mixed = Target(TargetKind.RANGE, Power(50, PCT), Power(200, WATTS))
    assert render(workout(Step(60, mixed)), ftp=250).steps[0][3] == (50, 80)
    with pytest.raises(ConversionError, match="mixing % FTP and watts"):
        FitWriter().render(lower(workout(Step(60, mixed))), CompileOptions(), Fidelity("fit"))


def test_fit_fractional_power_is_rounded_and_reported() -> None:
    out = render(workout(Step(60, steady(72.5))))
    assert out.steps[0][3] == (73, 73)
    assert _losses(out.report) == [("power 72.5%", "73% (FIT stores whole numbers)")]


def test_fit_max_effort_is_an_open_target_with_a_note() -> None:
    out = render(workout(Step(20, MAX, Intensity.INTERVAL, label="Sprint")))
    assert out.steps == [("step", "Sprint", 20, None, "interval", None, "Max effort")]
    assert _losses(out.report) == [
        ("max effort", "an open target with the note 'Max effort'"),
    ]


def test_fit_flags_and_cues_become_notes_and_timed_cues_are_reported() -> None:
    cues = (Cue(0, "Hands on the hoods"), Cue(90, "Heels down"))
    source = workout(Step(180, steady(75), flags=(Flag.STANDING,), cues=cues))
    out = render(source)
    assert out.steps[0][6] == "Stand up\nHands on the hoods\n@1:30 Heels down"
    assert _losses(out.report) == [
        ("timed cue 'Heels down' at 90 s", "a step note (FIT has no timed messages)"),
    ]


def test_fit_activation_goes_into_the_description_by_default() -> None:
    routine = Activation((Exercise("Glute bridge", reps=15), Exercise("Plank", duration=45)))
    source = workout(Step(60, steady(50)), description="Easy", activation=routine)
    info = render(source).sdk["workout_mesgs"][0]
    assert info["wkt_description"] == ("Easy\n\nActivation:\n- Glute bridge: 15 reps\n- Plank: 45s")


def test_fit_activation_as_lap_button_steps() -> None:
    bridge = Exercise("Glute bridge", reps=15, each_side=True)
    routine = Activation((bridge, Exercise("Plank", duration=45)))
    source = workout(Step(60, steady(50)), description="Easy", activation=routine)
    out = render(source, activation=ActivationMode.STEPS)
    assert out.steps == [
        ("step", "Glute bridge", "lap", None, "warmup", None, "Glute bridge: 15 reps each side"),
        ("step", "Plank", "lap", None, "warmup", None, "Plank: 45s"),
        ("step", None, 60, (50, 50), "active", None, None),
    ]
    assert out.sdk["workout_mesgs"][0]["wkt_description"] == "Easy"


def test_fit_long_texts_are_cut_and_reported() -> None:
    out = render(workout(Step(60, steady(50), label="é" * 200), name="N" * 300))
    assert out.steps[0][1] == "é" * 127
    assert out.sdk["workout_mesgs"][0]["wkt_name"] == "N" * 254
    features = [feature for feature, _ in _losses(out.report)]
    assert features == [f"step name '{'é' * 27}...'", f"workout name '{'N' * 27}...'"]


def test_fit_warns_past_the_step_limit() -> None:
    source = workout(*(Step(60, steady(50 + i)) for i in range(6)))
    out = render(source, fit_max_steps=5)
    assert _losses(out.report) == [
        (
            "a workout of 6 FIT steps",
            "a file some head units refuse (more than the limit of 5 steps)",
        )
    ]
    assert _losses(render(source, fit_max_steps=6).report) == []


def test_fit_bytes_are_reproducible_and_identity_follows_content() -> None:
    one = workout(Step(60, steady(50)))
    two = workout(Step(60, steady(51)))
    first = render(one, created=None)
    assert render(one, created=None).data == first.data
    other = render(two, created=None)
    ids = [r.sdk["file_id_mesgs"][0] for r in (first, other)]
    assert ids[0]["serial_number"] != ids[1]["serial_number"]
    assert ids[0]["time_created"] != ids[1]["time_created"]
    assert ids[0]["time_created"].year >= 2020


def test_fit_rejects_a_creation_time_before_fit_dates() -> None:
    timeline = lower(workout(Step(60, steady(50))))
    options = CompileOptions(created=dt.datetime(1995, 1, 1))
    with pytest.raises(ConversionError, match="1998"):
        FitWriter().render(timeline, options, Fidelity("fit"))


def test_fit_percent_from_1000_up_needs_watts() -> None:
    source = workout(Step(10, steady(1200)))
    assert render(source, ftp=200).steps[0][3] == (3400, 3400)
    with pytest.raises(ConversionError, match="above 999% FTP"):
        FitWriter().render(lower(source), CompileOptions(), Fidelity("fit"))


def test_fit_writer_validate_reports_problems_as_text() -> None:
    data = bytearray(render(workout(Step(60, steady(50)))).data)
    data[20] ^= 0x40
    problems = FitWriter().validate(bytes(data))
    assert problems and all(p.startswith("offset ") for p in problems)


def test_fit_notes_that_would_read_as_something_else_are_escaped() -> None:
    cues = (Cue(0, "Max effort"), Cue(0, "@1:30 looks timed"), Cue(0, "two\nlines"))
    out = render(workout(Step(60, FREE, cues=cues)))
    assert out.steps[0][6] == "@0:00 Max effort\n@0:00 @1:30 looks timed\ntwo lines"
    assert _losses(out.report) == [("line breaks in cue 'two lines'", "spaces")]
