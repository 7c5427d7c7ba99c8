"""The ZWO writer's rules, one behaviour per test; every output validates (see `render`)."""

from __future__ import annotations

import pytest
from lxml import etree

from ridec.formats.base import ActivationMode, CompileOptions, ConversionError, Fidelity, LossKind
from ridec.formats.zwo.writer import ZwoWriter
from ridec.formats.zwo.writer_blocks import fraction, rpm
from ridec.model import (
    LAP,
    MAX,
    Activation,
    Cadence,
    Cue,
    Exercise,
    Flag,
    Intensity,
    Repeat,
    Step,
    Target,
)
from ridec.text import to_ascii
from ridec.timeline import lower
from tests.formats.zwo.zwo_support import losses, render, workout
from tests.targets import WATTS, band, ramp, steady


def blocks(data: bytes) -> list[etree._Element]:
    found = etree.fromstring(data).find("workout")
    assert found is not None
    return list(found)


def attributes(element: etree._Element) -> dict[str, str]:
    return {str(key): str(value) for key, value in element.attrib.items()}


def test_header_children_in_order() -> None:
    source = workout(Step(60, steady(50)), author="A", description="D", tags=("t",))
    data, _ = render(source)
    root = etree.fromstring(data)
    assert [child.tag for child in root] == [
        "author", "name", "description", "sportType", "tags", "workout",
    ]  # fmt: skip
    assert root.findtext("sportType") == "bike"
    assert [tag.get("name") for tag in root.iter("tag")] == ["t"]


def test_no_xml_declaration_and_a_final_newline() -> None:
    data, _ = render(workout(Step(60, steady(50))))
    assert data.startswith(b"<workout_file>\n")
    assert data.endswith(b"</workout_file>\n")


def test_cooldown_power_low_is_the_start_and_higher_than_power_high() -> None:
    data, _ = render(workout(Step(300, ramp(70, 40), Intensity.COOLDOWN)))
    (cooldown,) = blocks(data)
    assert cooldown.tag == "Cooldown"
    assert float(cooldown.get("PowerLow", "")) > float(cooldown.get("PowerHigh", ""))


@pytest.mark.parametrize(
    ("intensity", "start", "end", "element"),
    [
        (Intensity.WARMUP, 40, 70, "Warmup"),
        (Intensity.WARMUP, 70, 40, "Ramp"),
        (Intensity.COOLDOWN, 70, 40, "Cooldown"),
        (Intensity.COOLDOWN, 40, 70, "Ramp"),
        (Intensity.ACTIVE, 40, 70, "Ramp"),
        (Intensity.ACTIVE, 70, 40, "Ramp"),
    ],
)
def test_ramp_element_follows_intensity_and_direction(
    intensity: Intensity, start: float, end: float, element: str
) -> None:
    data, _ = render(workout(Step(300, ramp(start, end), intensity)))
    (block,) = blocks(data)
    assert (block.tag, block.get("PowerLow"), block.get("PowerHigh")) == (
        element, fraction(start), fraction(end),
    )  # fmt: skip


def test_power_has_at_most_three_decimals() -> None:
    assert [fraction(p) for p in (75, 72.35, 100, 0.04, 133.3333)] == [
        "0.75", "0.724", "1", "0", "1.333",
    ]  # fmt: skip


def test_repeat_of_two_silent_steady_steps_becomes_intervals() -> None:
    on = Step(40, steady(120), cadence=Cadence(100, 100))
    off = Step(20, steady(50), cadence=Cadence(80, 80))
    data, _ = render(workout(Step(60, steady(50)), Repeat(8, (on, off))))
    intervals = blocks(data)[1]
    assert attributes(intervals) == {
        "Repeat": "8", "OnDuration": "40", "OffDuration": "20", "OnPower": "1.2",
        "OffPower": "0.5", "Cadence": "100", "CadenceResting": "80",
    }  # fmt: skip


@pytest.mark.parametrize(
    "on",
    [
        Step(40, steady(120), label="Hard"),
        Step(40, steady(120), flags=(Flag.STANDING,)),
        Step(40, steady(120), cues=(Cue(10, "Go"),)),
        Step(40, band(110, 130)),
        Step(40, ramp(100, 120)),
    ],
    ids=["label", "flag", "cue", "power-range", "ramp"],
)
def test_repeat_with_text_or_range_is_not_folded(on: Step) -> None:
    data, _ = render(workout(Repeat(3, (on, Step(20, steady(50))))))
    assert "IntervalsT" not in [b.tag for b in blocks(data)]
    assert len(blocks(data)) == 6


def test_intervals_carry_the_on_cadence_range_as_cadence_low_and_high() -> None:
    on = Step(40, steady(120), cadence=Cadence(90, 101))
    off = Step(20, steady(50), cadence=Cadence(80, 80))
    data, report = render(workout(Repeat(3, (on, off))))
    (intervals,) = blocks(data)
    assert attributes(intervals) == {
        "Repeat": "3", "OnDuration": "40", "OffDuration": "20", "OnPower": "1.2",
        "OffPower": "0.5", "Cadence": "96", "CadenceLow": "90", "CadenceHigh": "101",
        "CadenceResting": "80",
    }  # fmt: skip
    assert losses(report) == []


def test_an_off_cadence_range_keeps_the_intervals_with_its_midpoint_and_says_so() -> None:
    """A 30/30 whose off step has a cadence range is one IntervalsT, not 2 x N blocks: the
    off step's cadence is CadenceResting, the range's midpoint, reported as degraded."""
    on = Step(40, steady(120), cadence=Cadence(95, 95))
    off = Step(20, steady(50), cadence=Cadence(80, 90))
    data, report = render(workout(Repeat(20, (on, off))))
    assert [b.tag for b in blocks(data)] == ["IntervalsT"]
    assert attributes(blocks(data)[0]) == {
        "Repeat": "20", "OnDuration": "40", "OffDuration": "20", "OnPower": "1.2",
        "OffPower": "0.5", "Cadence": "95", "CadenceResting": "85",
    }  # fmt: skip
    [loss] = report.losses()
    assert (loss.kind, loss.topic) == (LossKind.DEGRADED, "cadence-resting")
    assert loss.feature == "cadence range 80-90 rpm on the off step of an IntervalsT"
    assert loss.became is not None and loss.became.startswith("CadenceResting 85 (the midpoint")

def test_repeat_label_prevents_folding() -> None:
    data, _ = render(workout(Repeat(3, (Step(40, steady(120)), Step(20, steady(50))), "Set")))
    assert [b.tag for b in blocks(data)] == ["SteadyState"] * 6


def test_outermost_foldable_repeat_wins() -> None:
    pair = Repeat(1, (Step(40, steady(120)), Step(20, steady(50))))
    data, _ = render(workout(Repeat(4, (pair,))))
    (intervals,) = blocks(data)
    assert intervals.get("Repeat") == "4"


def test_steps_of_three_per_iteration_are_unrolled() -> None:
    body = (Step(40, steady(120)), Step(20, steady(50)), Step(20, steady(60)))
    data, _ = render(workout(Repeat(2, body)))
    assert [b.get("Power") for b in blocks(data)] == ["1.2", "0.5", "0.6"] * 2


def test_a_50_60_rpm_step_is_a_steady_state_with_cadence_low_and_high() -> None:
    data, report = render(workout(Step(120, steady(75), cadence=Cadence(50, 60))))
    (block,) = blocks(data)
    assert block.tag == "SteadyState"
    assert attributes(block) == {
        "Duration": "120", "Power": "0.75", "Cadence": "55", "CadenceLow": "50",
        "CadenceHigh": "60",
    }  # fmt: skip
    assert list(block) == []
    assert losses(report) == []


@pytest.mark.parametrize(
    ("intensity", "power", "element"),
    [
        (Intensity.WARMUP, ramp(40, 70), "Warmup"),
        (Intensity.COOLDOWN, ramp(70, 40), "Cooldown"),
    ],
)
def test_warmup_and_cooldown_carry_a_cadence_range(
    intensity: Intensity, power: Target, element: str
) -> None:
    data, report = render(workout(Step(300, power, intensity, Cadence(85, 95))))
    (block,) = blocks(data)
    assert block.tag == element
    assert (block.get("Cadence"), block.get("CadenceLow"), block.get("CadenceHigh")) == (
        "90", "85", "95",
    )  # fmt: skip
    assert losses(report) == []


def test_cadence_range_on_a_ramp_writes_midpoint_and_text_and_is_reported() -> None:
    data, report = render(workout(Step(120, ramp(60, 80), cadence=Cadence(50, 61))))
    (block,) = blocks(data)
    assert (block.tag, block.get("Cadence"), block.get("CadenceLow")) == ("Ramp", "56", None)
    assert [(t.get("timeoffset"), t.get("message")) for t in block] == [("0", "Cadence 50-61 rpm")]
    assert losses(report) == [
        "cadence range 50-61 rpm -> Cadence 56 (the midpoint) and the text 'Cadence 50-61 rpm'"
    ]


def test_power_range_writes_midpoint_and_text() -> None:
    data, report = render(workout(Step(120, band(75, 85))))
    (block,) = blocks(data)
    assert block.get("Power") == "0.8"
    assert [t.get("message") for t in block] == ["Power 75-85% FTP"]
    assert len(losses(report, LossKind.DEGRADED)) == 1


def test_text_offsets_are_seconds_from_the_block_start() -> None:
    cues = (Cue(30, "half"), Cue(10, "end soon", from_end=True, duration=5))
    data, _ = render(workout(Step(600, steady(50)), Step(60, steady(90), label="Go", cues=cues)))
    events = [attributes(t) for t in blocks(data)[1]]
    assert events == [
        {"timeoffset": "0", "message": "Go"},
        {"timeoffset": "30", "message": "half"},
        {"timeoffset": "50", "message": "end soon", "duration": "5"},
    ]


def test_flags_become_texts_unless_said() -> None:
    data, _ = render(workout(Step(60, steady(90), flags=(Flag.UPSTROKE, Flag.SEATED))))
    assert [t.get("message") for t in blocks(data)[0]] == ["Upstroke only | Sit down"]


def test_free_ride_and_max_effort() -> None:
    data, report = render(workout(Step(300, cadence=Cadence(90, 90)), Step(15, target=MAX)))
    free, most = blocks(data)
    assert (free.tag, attributes(free)) == ("FreeRide", {"Duration": "300", "Cadence": "90"})
    assert (most.tag, attributes(most)) == ("MaxEffort", {"Duration": "15"})
    assert losses(report) == []


def test_lap_steps_are_dropped_and_reported_without_shifting_time() -> None:
    source = workout(Step(LAP, label="ready?"), Step(60, steady(50), cues=(Cue(30, "x"),)))
    data, report = render(source)
    assert [b.tag for b in blocks(data)] == ["SteadyState"]
    assert losses(report, LossKind.DROPPED) == [
        "lap-button step 1 'ready?' (ZWO has no lap button) -> None"
    ]


def test_watts_need_an_ftp_and_the_error_names_the_step() -> None:
    source = workout(Step(60, steady(50)), Step(60, steady(200, WATTS), label="Push"))
    with pytest.raises(ConversionError, match="step 2 'Push' is in watts"):
        ZwoWriter().render(lower(source), CompileOptions(), Fidelity("zwo"))


def test_watts_become_fractions_of_ftp_and_are_reported_once() -> None:
    source = workout(Step(60, steady(200, WATTS)), Step(60, steady(300, WATTS)))
    data, report = render(source, ftp=250)
    assert [b.get("Power") for b in blocks(data)] == ["0.8", "1.2"]
    assert losses(report) == [
        "power in watts (200 W and 1 more) -> fractions of FTP 250 W, which Zwift scales "
        "by the rider's own FTP"
    ]


def test_activation_checklist_goes_into_the_description() -> None:
    routine = Activation((Exercise("Bridge", 10),), "Wake up")
    source = workout(Step(60, steady(50)), description="Easy.", activation=routine)
    data, report = render(source, CompileOptions(activation=ActivationMode.STEPS))
    assert etree.fromstring(data).findtext("description") == "Easy.\n\nWake up:\n- Bridge: 10 reps"
    assert losses(report) == [
        "activation routine as lap-button steps -> a checklist in the description "
        "(ZWO has no lap button)"
    ]


def test_non_ascii_text_is_transliterated_and_reported_once() -> None:
    step = Step(60, steady(50), label="Übung – “los”")
    data, report = render(workout(Repeat(2, (step,)), name="Ærø"))
    assert data.isascii()
    assert [t.get("message") for b in blocks(data) for t in b] == ['Ubung - "los"'] * 2
    assert losses(report) == [
        "non-ASCII text 'Ærø' -> ASCII 'AEro'",
        "non-ASCII text 'Übung – “los”' -> ASCII 'Ubung - \"los\"'",
    ]


def test_unicode_is_kept_when_ascii_is_off() -> None:
    data, report = render(
        workout(Step(60, steady(50)), name="Ærø"), CompileOptions(ascii_text=False)
    )
    assert etree.fromstring(data).findtext("name") == "Ærø"
    assert losses(report) == []


def test_control_characters_are_removed_and_reported() -> None:
    data, report = render(workout(Step(60, steady(50), label="a\x00b\x1bc")))
    assert [t.get("message") for t in blocks(data)[0]] == ["abc"]
    assert losses(report) == [
        "text 'a\\x00b\\x1bc' with control characters or line breaks -> 'abc'"
    ]


def test_same_workout_gives_same_bytes() -> None:
    from tests.formats.zwo.test_zwo_golden import standing

    assert render(standing())[0] == render(standing())[0]


def test_transliteration_table() -> None:
    assert to_ascii("ß ø Ø æ Æ ł Ł œ đ ‘a’ “b” – — − … ½ 😀x 日") == (
        "ss o O ae AE l L oe d 'a' \"b\" - - - ... 1/2 x ?"
    )


def test_rpm_rounds_half_up() -> None:
    assert [rpm(Cadence(50, 61)), rpm(Cadence(90, 90)), rpm(Cadence(85, 90))] == [
        "56", "90", "88",
    ]  # fmt: skip
